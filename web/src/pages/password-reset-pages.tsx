import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { appRoutes } from '../../../src/shared/links';
import { ApiError } from '../api/client';
import { confirmPasswordReset, requestPasswordReset } from '../api/endpoints';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { TextField } from '../components/field';

/** Mirrors MIN_PASSWORD_LENGTH on the server, only to say the rule before anyone breaks it. */
const MIN_PASSWORD_LENGTH = 12;

/** The public frame of the sign-in page: these pages are for people who cannot sign in. */
function PublicPanel({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Guardpost`;
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="sign-in">
      <main id="main" className="sign-in__panel">
        <p className="sign-in__brand" aria-hidden="true">
          Guardpost
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </div>
  );
}

function sentence(text: string): string {
  // The server names the field ("password: must not be your email address"); a person reads a sentence.
  const plain = text.replace(/^password:\s*must\b/, 'Your password must').replace(/^password:\s*/, '');
  const capitalised = plain.charAt(0).toUpperCase() + plain.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many attempts from this connection. Wait a minute and try again.';
    if (error.status === 0) return error.message;
  }
  return 'Something went wrong. Try again in a moment.';
}

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account here, so the
 * page cannot be used to find out who works at the school.
 */
export function ForgottenPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string>();
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <PublicPanel title="Check your email">
        <p>
          If <strong>{sentTo}</strong> belongs to a Guardpost account, we have sent it a link to choose a new
          password. The link works once, for 60 minutes.
        </p>
        <p>
          Nothing arrived after a few minutes? Check your junk folder, then ask your school's Guardpost
          administrator.
        </p>
        <p className="sign-in__link">
          <a href="/sign-in">Back to sign in</a>
        </p>
      </PublicPanel>
    );
  }
  return (
    <PublicPanel title="Forgotten your password?">
      <p className="muted">
        Enter the email address you sign in with. We will email you a link to choose a new one.
      </p>
      {error ? <Banner tone="danger" title={error} live /> : null}
      <form onSubmit={submit}>
        <TextField
          label="Email address"
          type="email"
          name="email"
          autoComplete="username"
          required
          maxLength={254}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            Email me a link
          </Button>
        </div>
      </form>
      <p className="sign-in__link">
        <a href="/sign-in">Back to sign in</a>
      </p>
    </PublicPanel>
  );
}

/** The token rides in the URL fragment (`/reset-password#token=…`), which browsers never send to a server. */
function tokenFromFragment(): string | undefined {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  return token && token.length >= 20 ? token : undefined;
}

type ResetScreen = 'form' | 'no-token' | 'unusable' | 'done';

/** Sets a new password from the emailed link; the link works once and every session of the person ends. */
export function ResetPasswordPage() {
  const token = useRef(tokenFromFragment());
  const [screen, setScreen] = useState<ResetScreen>(token.current ? 'form' : 'no-token');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found: { password?: string; repeat?: string } = {};
    if ([...password].length < MIN_PASSWORD_LENGTH)
      found.password = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
    else if (password !== repeat) found.repeat = 'The two passwords are different. Type the same one twice.';
    setErrors(found);
    if (found.password || found.repeat || !token.current) return;
    setBusy(true);
    try {
      await confirmPasswordReset({ token: token.current, password });
      setScreen('done');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'InvalidResetToken') setScreen('unusable');
      else if (error instanceof ApiError && error.code === 'WeakPassword')
        setErrors({ password: sentence(error.message) });
      else setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  if (screen === 'no-token' || screen === 'unusable') {
    return (
      <PublicPanel
        title={screen === 'no-token' ? 'The link is incomplete' : 'This link has expired or was already used'}
      >
        <p>
          {screen === 'no-token'
            ? 'Open the link from the email again. If you copied it, copy all of it, including the part after #token=.'
            : 'A reset link works once, for 60 minutes, and asking again replaces older links.'}
        </p>
        <p className="sign-in__link">
          <a href={appRoutes.forgottenPassword}>Ask for a new link</a>
        </p>
      </PublicPanel>
    );
  }
  if (screen === 'done') {
    return (
      <PublicPanel title="Your password is changed">
        <p>Sign in with your new password. Anywhere you were still signed in has been signed out.</p>
        <p>
          <a className="button button--primary" href="/sign-in">
            Sign in
          </a>
        </p>
      </PublicPanel>
    );
  }
  return (
    <PublicPanel title="Choose a new password">
      {failure ? <Banner tone="danger" title={failure} live /> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label="New password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
          error={errors.password}
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <TextField
          label="New password again"
          error={errors.repeat}
          type="password"
          name="repeat-password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            Set new password
          </Button>
        </div>
      </form>
    </PublicPanel>
  );
}
