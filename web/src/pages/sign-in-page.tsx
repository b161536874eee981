import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { appRoutes } from '../../../src/shared/links';
import { ApiError } from '../api/client';
import { signIn, ssoStartUrl } from '../api/endpoints';
import { signInOptionsQuery } from '../api/queries';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { TextField } from '../components/field';
import { useRouter } from '../router';
import { useSession } from '../session';

/** Codes the sign-in route answers with when the second factor is missing or wrong. */
const totpNeeded = new Set(['TotpRequired']);
const totpWrong = new Set(['TotpInvalid', 'InvalidTotp', 'TotpRejected']);

/** What a single sign-on that came back refused means, by the code the server's callback gives. */
const ssoRefusals: Record<string, string> = {
  OidcNotConfigured:
    'This school has not set up single sign-on. Sign in with your email address and password.',
  OidcProviderUnavailable: "Your school's sign-in provider could not be reached. Try again in a few minutes.",
  OidcRejected: "Your school's sign-in provider did not confirm who you are. Start again.",
  OidcStateMissing: 'That sign-in could not be matched to one started here. Start again.',
  OidcFlowExpired: 'That sign-in took too long or was already used. Start again.',
  OidcEmailMissing: "Your school's sign-in provider did not share a verified email address with Guardpost.",
  OidcUnknownStaff:
    'That account is not a member of staff at this school in Guardpost. Ask your Guardpost admin to add you.',
  OidcTrustNeedsAuthenticator:
    'Trust roles need your own authenticator app. Sign in with your email address and password first, then set one up.',
};

export function SignInPage({ expired }: { expired: boolean }) {
  const { refresh } = useSession();
  const { navigate, location } = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const ssoCode = location.search.get('sso');
  const [error, setError] = useState<string | undefined>(() =>
    ssoCode ? (ssoRefusals[ssoCode] ?? 'Single sign-on did not work. Start again.') : undefined,
  );
  const [totpError, setTotpError] = useState<string>();
  // SSO buttons are a bonus: without the options route the page still signs in with a password.
  const options = useQuery(signInOptionsQuery()).data;
  const totpInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Sign in – Guardpost';
    heading.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    if (askTotp) totpInput.current?.focus();
  }, [askTotp]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setTotpError(undefined);
    try {
      await signIn({ email: email.trim(), password, ...(askTotp ? { totp: totp.replace(/\s+/g, '') } : {}) });
      await refresh();
      const next = location.search.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && totpNeeded.has(failure.code)) {
        setAskTotp(true);
      } else if (failure instanceof ApiError && totpWrong.has(failure.code)) {
        setTotpError('That code did not work. Enter the 6-digit code your authenticator app shows now.');
        totpInput.current?.focus();
      } else {
        setError(failure instanceof ApiError ? failure.message : 'Sign-in failed. Try again.');
      }
    } finally {
      setBusy(false);
    }
  };

  const ssoSchools = options?.schools.filter((school) => school.sso) ?? [];

  return (
    <div className="sign-in">
      <main id="main" className="sign-in__panel">
        <p className="sign-in__brand" aria-hidden="true">
          Guardpost
        </p>
        <h1 ref={heading} tabIndex={-1}>
          Sign in
        </h1>
        <p className="muted">Staff social media policy, checks and records for your school.</p>
        {expired ? (
          <Banner tone="info" title="Your session has ended">
            <p>For your security you were signed out. Sign in again to carry on.</p>
          </Banner>
        ) : null}
        {error ? <Banner tone="danger" title={error} live /> : null}
        <form onSubmit={submit} noValidate={false}>
          <TextField
            label="Email address"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            disabled={askTotp}
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            disabled={askTotp}
          />
          {askTotp ? (
            <TextField
              ref={totpInput}
              label="Authentication code"
              hint="Your role needs a second step. Enter the 6-digit code from your authenticator app."
              error={totpError}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxLength={7}
              required
              value={totp}
              onChange={(event) => setTotp(event.target.value)}
            />
          ) : null}
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {askTotp ? 'Verify and sign in' : 'Sign in'}
            </Button>
            {askTotp ? (
              <Button
                variant="quiet"
                onClick={() => {
                  setAskTotp(false);
                  setTotp('');
                  setTotpError(undefined);
                }}
              >
                Use a different account
              </Button>
            ) : null}
          </div>
        </form>
        {askTotp ? null : (
          <p className="sign-in__link">
            <a href={appRoutes.forgottenPassword}>Forgotten your password?</a>
          </p>
        )}
        {ssoSchools.length > 0 ? (
          <div className="sso">
            <p className="sso__divider">
              <span>or</span>
            </p>
            {ssoSchools.map((school) => (
              <a
                key={school.id}
                className="button button--secondary button--block"
                href={ssoStartUrl(school.id)}
              >
                Sign in with your {school.name} account
              </a>
            ))}
          </div>
        ) : null}
      </main>
    </div>
  );
}
