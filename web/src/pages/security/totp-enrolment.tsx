import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { confirmTotpEnrolment, startTotpEnrolment, type TotpEnrolmentStart } from '../../api/security';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { QrCode } from '../../components/qr-code';
import { ErrorNotice, Loading } from '../../components/status';
import './security.css';

type Step =
  | { step: 'starting' }
  | { step: 'failed'; error: unknown }
  | { step: 'scan'; enrolment: TotpEnrolmentStart }
  | { step: 'codes'; recoveryCodes: string[] };

/** The secret in groups of four, as authenticator apps show it, so it can be typed without losing place. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Setting up an authenticator app: a new secret (QR code, and as text for typing in), confirmed with a
 * code, then the ten recovery codes shown once. `onDone` runs only after the person says they saved them,
 * because the codes cannot be shown again.
 */
export function TotpEnrolment({
  onDone,
  headingLevel = 2,
}: {
  onDone: () => void | Promise<void>;
  headingLevel?: 2 | 3;
}) {
  const [state, setState] = useState<Step>({ step: 'starting' });
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const codesHeading = useRef<HTMLHeadingElement>(null);
  const secretId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  const start = useCallback(() => {
    setState({ step: 'starting' });
    startTotpEnrolment().then(
      (enrolment) => setState({ step: 'scan', enrolment }),
      (error: unknown) => setState({ step: 'failed', error }),
    );
  }, []);
  useEffect(start, [start]);

  useEffect(() => {
    if (state.step === 'codes') codesHeading.current?.focus();
  }, [state.step]);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setCodeError(undefined);
    try {
      const { recoveryCodes } = await confirmTotpEnrolment(code.replace(/\s+/g, ''));
      setState({ step: 'codes', recoveryCodes });
    } catch (failure) {
      setCodeError(
        failure instanceof ApiError && failure.code === 'InvalidTotp'
          ? 'That code did not work. Enter the 6-digit code your app shows now.'
          : failure instanceof ApiError
            ? failure.message
            : 'That did not work. Try again.',
      );
    } finally {
      setBusy(false);
    }
  };

  if (state.step === 'starting') return <Loading label="Preparing a new secret…" />;
  if (state.step === 'failed') {
    return (
      <>
        <ErrorNotice error={state.error} title="Could not start setting up the app" />
        <Button onClick={start}>Try again</Button>
      </>
    );
  }
  if (state.step === 'codes') {
    return (
      <div className="totp totp--codes">
        <Heading ref={codesHeading} tabIndex={-1}>
          Save your recovery codes
        </Heading>
        <Banner tone="warning" title="Save these codes now: they will not be shown again">
          <p>
            Each code signs you in once if you lose your phone. Print them or keep them in a password manager,
            not on the phone that has your authenticator app.
          </p>
        </Banner>
        <ol className="recovery-codes" aria-label="Recovery codes">
          {state.recoveryCodes.map((recovery) => (
            <li key={recovery}>
              <code>{recovery}</code>
            </li>
          ))}
        </ol>
        <div className="form-actions">
          <Button
            variant="secondary"
            onClick={() => void navigator.clipboard?.writeText(state.recoveryCodes.join('\n'))}
          >
            Copy the codes
          </Button>
          <Button onClick={() => void onDone()}>I have saved my recovery codes</Button>
        </div>
      </div>
    );
  }

  const { secret, otpauthUri } = state.enrolment;
  return (
    <div className="totp">
      <ol className="totp__steps">
        <li>
          <p>
            Open an authenticator app on your phone (Microsoft Authenticator, Google Authenticator or similar)
            and add an account by scanning this QR code.
          </p>
          <QrCode
            value={otpauthUri}
            label="QR code for your authenticator app (the same secret is shown below)"
          />
        </li>
        <li>
          <p id={secretId}>
            If you cannot scan it, choose “enter a setup key” in the app and type this secret:
          </p>
          <p className="totp__secret">
            <code aria-describedby={secretId}>{groupSecret(secret)}</code>
          </p>
          <details>
            <summary>Show the full setup link</summary>
            <p className="totp__uri">
              <code>{otpauthUri}</code>
            </p>
          </details>
        </li>
        <li>
          <form onSubmit={confirm}>
            <TextField
              label="Code from the app"
              hint="Enter the 6-digit code the app now shows for Guardpost."
              error={codeError}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxLength={7}
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                Confirm the code
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
