import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  type ConsentDecision,
  type ConsentRequest,
  lookupConsentLink,
  purposePlaces,
  signConsentLink,
} from '../../api/consents';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { formatDate, formatDateTime } from '../../format';
import './consents.css';

type Screen =
  | { screen: 'loading' }
  | { screen: 'no-token' }
  | { screen: 'unusable'; message: string }
  | { screen: 'failed'; message: string }
  | { screen: 'ask'; request: ConsentRequest }
  | { screen: 'done'; request: ConsentRequest; state: ConsentDecision; expiresOn: string };

/** The token rides in the URL fragment (`/consent#token=…`), which browsers never send to a server. */
function tokenFromFragment(): string | undefined {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  return token && token.length >= 20 ? token : undefined;
}

const unusableCodes = new Set(['InvalidConsentLink', 'CarerWithoutParentalResponsibility']);

function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many attempts from this connection. Wait a minute and try again.';
    return error.message.charAt(0).toUpperCase() + error.message.slice(1);
  }
  return 'Something went wrong. Check your connection and try again.';
}

/**
 * The carer's page for an emailed consent link: public (carers have no account), outside the staff frame.
 * It says which school, which child and which purpose, what granting means (clause 2.4: photos without
 * names), and takes a typed full name and a decision. The link works once and lasts 14 days.
 */
export function CarerConsentPage() {
  const [screen, setScreen] = useState<Screen>({ screen: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);
  const token = useRef(tokenFromFragment());

  useEffect(() => {
    const current = token.current;
    if (!current) {
      setScreen({ screen: 'no-token' });
      return;
    }
    let cancelled = false;
    lookupConsentLink(current).then(
      (request) => {
        if (!cancelled) setScreen({ screen: 'ask', request });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && (unusableCodes.has(error.code) || error.status === 400))
          setScreen({ screen: 'unusable', message: messageOf(error) });
        else setScreen({ screen: 'failed', message: messageOf(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const title =
    screen.screen === 'ask'
      ? 'Photo consent'
      : screen.screen === 'done'
        ? 'Thank you: your decision is recorded'
        : screen.screen === 'loading'
          ? 'Photo consent'
          : 'This link cannot be used';

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the heading when the screen changes
  useEffect(() => {
    document.title = `${title}${screen.screen === 'ask' || screen.screen === 'done' ? ` – ${screen.request.schoolName}` : ''}`;
    if (screen.screen !== 'loading') heading.current?.focus({ preventScroll: false });
  }, [screen.screen, title]);

  const schoolName = screen.screen === 'ask' || screen.screen === 'done' ? screen.request.schoolName : '';

  return (
    <div className="carer-consent">
      <header className="carer-consent__header">
        <p className="carer-consent__school">{schoolName || 'Photo consent'}</p>
      </header>
      <main id="main" className="carer-consent__main">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {screen.screen === 'loading' ? <p role="status">Opening your consent request…</p> : null}
        {screen.screen === 'no-token' ? (
          <Banner tone="warning" title="The link is incomplete">
            <p>
              Open the link from the school's email again. If you copied it, make sure you copied all of it,
              including the part after <code>#token=</code>.
            </p>
          </Banner>
        ) : null}
        {screen.screen === 'unusable' ? (
          <Banner tone="warning" title="This link has expired or has already been used">
            <p>{screen.message}</p>
            <p>
              Each link works once and lasts 14 days. If you have already answered, the school has your
              decision. To change it, or to get a new link, contact the school office.
            </p>
          </Banner>
        ) : null}
        {screen.screen === 'failed' ? (
          <Banner tone="danger" title="The consent request could not be opened" live>
            <p>{screen.message}</p>
            <p>Reload the page to try again.</p>
          </Banner>
        ) : null}
        {screen.screen === 'ask' && token.current ? (
          <ConsentForm
            request={screen.request}
            token={token.current}
            onDone={(state, expiresOn) =>
              setScreen({ screen: 'done', request: screen.request, state, expiresOn })
            }
            onUnusable={(message) => setScreen({ screen: 'unusable', message })}
          />
        ) : null}
        {screen.screen === 'done' ? <Confirmation {...screen} /> : null}
      </main>
      <footer className="carer-consent__footer">
        <p>Sent by {schoolName || 'your school'} through Guardpost. You do not need an account.</p>
      </footer>
    </div>
  );
}

function ConsentForm({
  request,
  token,
  onDone,
  onUnusable,
}: {
  request: ConsentRequest;
  token: string;
  onDone(state: ConsentDecision, expiresOn: string): void;
  onUnusable(message: string): void;
}) {
  const [name, setName] = useState('');
  const [decision, setDecision] = useState<'grant' | 'refuse' | ''>('');
  const [errors, setErrors] = useState<{ name?: string; decision?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const decisionId = useId();
  const place = purposePlaces[request.purpose];
  const child = request.pupilGivenName;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = name.trim().replace(/\s+/g, ' ');
    const found: { name?: string; decision?: string } = {};
    if (typed.length < 2) found.name = 'Type your full name to sign.';
    if (!decision) found.decision = 'Choose whether you give or refuse consent.';
    setErrors(found);
    setFailure(undefined);
    if (found.name || found.decision || !decision) return;
    setBusy(true);
    try {
      const result = await signConsentLink({ token, name: typed, decision });
      onDone(result.state, result.expiresOn);
    } catch (error) {
      if (error instanceof ApiError && unusableCodes.has(error.code)) onUnusable(messageOf(error));
      else if (error instanceof ApiError && error.code === 'InvalidSignature')
        setErrors({ name: messageOf(error) });
      else setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="carer-consent__lead">
        <strong>{request.schoolName}</strong> asks whether photos of <strong>{child}</strong> may appear on{' '}
        {place}.
      </p>
      <section className="carer-consent__card" aria-labelledby="consent-means">
        <h2 id="consent-means">What giving consent means</h2>
        <ul>
          <li>
            Photos and videos in which {child} can be seen may be published on {place}.
          </li>
          <li>
            <strong>{child}'s name is never published with a photo</strong> (school policy, clause 2.4), and
            nothing that says where {child} lives.
          </li>
          <li>
            Consent lasts until the end of this school year (31 August), or until {child} leaves the school.
          </li>
          <li>You can change your mind at any time by telling the school in writing.</li>
        </ul>
        <p>If you refuse, no photo in which {child} can be identified will be published there.</p>
        <p className="muted">
          This link works once and can be used until {formatDateTime(request.expiresAt)}.
        </p>
      </section>
      {failure ? (
        <Banner tone="danger" title="Your decision was not recorded" live>
          <p>{failure}</p>
        </Banner>
      ) : null}
      <form onSubmit={submit} noValidate className="carer-consent__form">
        <fieldset
          className={errors.decision ? 'choice choice--error' : 'choice'}
          aria-describedby={errors.decision ? `${decisionId}-error` : undefined}
        >
          <legend>Your decision</legend>
          {errors.decision ? (
            <p className="field__error" id={`${decisionId}-error`}>
              {errors.decision}
            </p>
          ) : null}
          <div className="choice__option">
            <input
              type="radio"
              id={`${decisionId}-grant`}
              name="decision"
              value="grant"
              checked={decision === 'grant'}
              onChange={() => setDecision('grant')}
            />
            <label htmlFor={`${decisionId}-grant`}>
              <strong>I give consent</strong> for photos of {child} on {place}
            </label>
          </div>
          <div className="choice__option">
            <input
              type="radio"
              id={`${decisionId}-refuse`}
              name="decision"
              value="refuse"
              checked={decision === 'refuse'}
              onChange={() => setDecision('refuse')}
            />
            <label htmlFor={`${decisionId}-refuse`}>
              <strong>I do not give consent</strong> for photos of {child} on {place}
            </label>
          </div>
        </fieldset>
        <TextField
          label="Your full name"
          hint={`Typing your name signs this decision as ${child}'s parent or carer. The time and your internet address are recorded with it.`}
          error={errors.name}
          autoComplete="name"
          value={name}
          maxLength={200}
          onChange={(event) => setName(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" busy={busy} className="carer-consent__submit">
            Sign and send my decision
          </Button>
        </div>
      </form>
    </>
  );
}

function Confirmation({
  request,
  state,
  expiresOn,
}: {
  request: ConsentRequest;
  state: ConsentDecision;
  expiresOn: string;
}) {
  const child = request.pupilGivenName;
  const place = purposePlaces[request.purpose];
  return (
    <Banner
      tone="success"
      title={
        state === 'granted'
          ? 'Consent given'
          : state === 'withdrawn'
            ? 'Consent withdrawn'
            : 'Consent refused'
      }
      live
    >
      {state === 'granted' ? (
        <p>
          {request.schoolName} may publish photos of {child} on {place}, never with {child}'s name, until{' '}
          {formatDate(expiresOn)} or until {child} leaves the school.
        </p>
      ) : (
        <p>
          {request.schoolName} will not publish photos in which {child} can be identified on {place}.
        </p>
      )}
      <p>You can change your mind at any time by telling the school in writing. You can close this page.</p>
    </Banner>
  );
}
