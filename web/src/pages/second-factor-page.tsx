import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { passSecondFactor, signOut } from '../api/endpoints';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { TextField } from '../components/field';
import { useRouter } from '../router';
import { useSession } from '../session';

/** After single sign-on, roles that need TOTP still enter their authenticator code here. */
export function SecondFactorPage() {
  const { refresh, signedOut } = useSession();
  const { navigate } = useRouter();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'One more step – Guardpost';
    heading.current?.focus({ preventScroll: true });
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await passSecondFactor(code.replace(/\s+/g, ''));
      await refresh();
      navigate('/', { replace: true });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'That did not work. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <main id="main" className="sign-in__panel">
        <p className="sign-in__brand" aria-hidden="true">
          Guardpost
        </p>
        <h1 ref={heading} tabIndex={-1}>
          One more step
        </h1>
        {error ? <Banner tone="danger" title={error} live /> : null}
        <form onSubmit={submit}>
          <TextField
            label="Authentication code"
            hint="Your role needs a second step. Enter the 6-digit code from your authenticator app, or a recovery code."
            name="totp"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              Verify
            </Button>
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
        </form>
      </main>
    </div>
  );
}
