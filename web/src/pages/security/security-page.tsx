import { useState } from 'react';
import { ApiError } from '../../api/client';
import { signOutEverywhere } from '../../api/security';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Page, Section } from '../../components/page';
import { useRouter } from '../../router';
import { useMe, useSession } from '../../session';
import { TotpEnrolment } from './totp-enrolment';

/**
 * The signed-in person's own security: set up or replace the authenticator app (which also issues a new set
 * of recovery codes, the old ones stop working) and end every session, on every device.
 */
export function SecurityPage() {
  const me = useMe();
  const { refresh, signedOut } = useSession();
  const { navigate } = useRouter();
  const [enrolling, setEnrolling] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  return (
    <Page title="Security" intro="Your authenticator app, recovery codes and signed-in devices.">
      <Section title="Authenticator app" id="totp">
        {done ? <Banner tone="success" title="Your authenticator app is set up" live /> : null}
        {enrolling ? (
          <TotpEnrolment
            headingLevel={3}
            onDone={async () => {
              setEnrolling(false);
              setDone(true);
              await refresh();
            }}
          />
        ) : (
          <>
            <p>
              {me.totpEnrolled
                ? 'You sign in with a code from your authenticator app. Set it up again if you have a new phone, or to get new recovery codes: the old app and the old recovery codes then stop working.'
                : 'You have no authenticator app yet. Adding one protects your account with a code from your phone at each sign-in.'}
            </p>
            <div className="form-actions">
              <Button
                onClick={() => {
                  setDone(false);
                  setEnrolling(true);
                }}
              >
                {me.totpEnrolled ? 'Set up again and get new recovery codes' : 'Set up an authenticator app'}
              </Button>
            </div>
          </>
        )}
      </Section>
      <Section title="Signed-in devices" id="sessions">
        <p>
          Signing out everywhere ends every session of yours, on every computer and phone, this one included.
          Do it if a device was lost or you signed in somewhere shared.
        </p>
        {error ? <Banner tone="danger" title={error} live /> : null}
        <div className="form-actions">
          <Button
            variant="danger"
            busy={busy}
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                await signOutEverywhere();
                signedOut();
                navigate('/sign-in', { replace: true });
              } catch (failure) {
                setError(failure instanceof ApiError ? failure.message : 'Could not sign out everywhere.');
              } finally {
                setBusy(false);
              }
            }}
          >
            Sign out everywhere
          </Button>
        </div>
      </Section>
    </Page>
  );
}
