import { useEffect, useRef } from 'react';
import { signOut } from '../../api/endpoints';
import { Button } from '../../components/button';
import { useRouter } from '../../router';
import { useSession } from '../../session';
import { TotpEnrolment } from './totp-enrolment';

/**
 * First sign-in of someone whose role (or school) needs a second factor and who has no authenticator app
 * yet: the session can do nothing else until the app is set up (the API answers TotpRequired meanwhile).
 */
export function TotpEnrolmentPage() {
  const { refresh, signedOut } = useSession();
  const { navigate } = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Set up your authenticator app – Guardpost';
    heading.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div className="sign-in">
      <main id="main" className="sign-in__panel sign-in__panel--wide">
        <p className="sign-in__brand" aria-hidden="true">
          Guardpost
        </p>
        <h1 ref={heading} tabIndex={-1}>
          Set up your authenticator app
        </h1>
        <p className="muted">
          Your role can see safeguarding information, so signing in needs a second step: a code from an app on
          your phone. This takes about a minute and is needed once.
        </p>
        <TotpEnrolment onDone={refresh} />
        <div className="form-actions">
          <Button
            variant="quiet"
            onClick={async () => {
              await signOut().catch(() => undefined);
              signedOut();
              navigate('/sign-in', { replace: true });
            }}
          >
            Sign out
          </Button>
        </div>
      </main>
    </div>
  );
}
