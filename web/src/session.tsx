import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Ability } from '../../src/shared/abilities';
import { ApiError, onSignInRequired } from './api/client';
import { fetchMe, type Me } from './api/endpoints';
import { queryClient } from './api/queries';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' }
  | { status: 'signed-in'; me: Me };

interface SessionValue {
  session: SessionState;
  /** Re-reads GET /api/me (after sign-in or a school switch). */
  refresh(): Promise<void>;
  signedOut(reason?: 'expired'): void;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  // Cached answers belong to one person in one school: another person, another school or signing out drops
  // them, so nobody is shown what the previous one could see.
  const cachedFor = useRef<string>(undefined);
  const forgetCache = useCallback((identity?: string) => {
    if (cachedFor.current !== identity) queryClient.clear();
    cachedFor.current = identity;
  }, []);
  const refresh = useCallback(async () => {
    try {
      const me = await fetchMe();
      forgetCache(`${me.person.id} ${me.school.id}`);
      setSession({ status: 'signed-in', me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        forgetCache();
        setSession({ status: 'signed-out' });
      } else throw error;
    }
  }, [forgetCache]);
  const signedOut = useCallback(
    (reason?: 'expired') => {
      forgetCache();
      setSession(reason ? { status: 'signed-out', reason } : { status: 'signed-out' });
    },
    [forgetCache],
  );
  useEffect(() => {
    void refresh();
    // Any request answered 401 means the session ended (idle timeout, signed out elsewhere).
    return onSignInRequired(() => {
      forgetCache();
      setSession({ status: 'signed-out', reason: 'expired' });
    });
  }, [refresh, forgetCache]);
  const value = useMemo(() => ({ session, refresh, signedOut }), [session, refresh, signedOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}

/** The signed-in person; only used inside pages that the app shows to signed-in people. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useMe outside a signed-in page');
  return session.me;
}

/**
 * Whether the server said this person may do something (`GET /api/me` names every ability, true or
 * false): the UI never guesses from roles.
 */
export function can(me: Me, ability: Ability): boolean {
  return me.abilities[ability] === true;
}
