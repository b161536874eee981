import type { Selectable } from 'kysely';

export interface SessionTable {
  /** SHA-256 (hex) of the token in the cookie. */
  id: string;
  staff_id: string;
  /** The school the person is working in now; the school switcher changes it. */
  school_id: string;
  second_factor_passed: boolean;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
  ip: string | null;
  /** Sent back by the browser in `x-csrf-token` on every state-changing request. */
  csrf_token: string | null;
}

export type SessionRow = Selectable<SessionTable>;
