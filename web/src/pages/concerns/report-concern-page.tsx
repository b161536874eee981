import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  type ConcernType,
  concernTypes,
  MAX_EVIDENCE_BYTES,
  MAX_EVIDENCE_FILES,
  type PupilRole,
  pupilRoles,
  type Receipt,
  type ReportWarning,
  readAsBase64,
  reportConcern,
  type Urgency,
} from '../../api/concerns';
import type { PupilSummary } from '../../api/endpoints';
import { concernListKeys, pupilSearchQuery, useStaffList } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Page } from '../../components/page';
import { ErrorNotice } from '../../components/status';
import { formatDateTime, yearGroupLabel } from '../../format';
import { Link, useRouter } from '../../router';
import { useMe } from '../../session';
import { formatBytes, roleLabels, typeClauses, typeLabels } from './labels';
import './concerns.css';

const platforms = [
  'Instagram',
  'Snapchat',
  'TikTok',
  'WhatsApp',
  'Facebook',
  'X (Twitter)',
  'YouTube',
  'Discord',
];

interface ChosenPupil {
  pupil: PupilSummary;
  role: PupilRole | '';
}

type Errors = Partial<
  Record<'type' | 'platform' | 'pupils' | 'whatHappened' | 'urgency' | 'evidence', string>
>;

/**
 * `/concerns/report`: any member of staff reports a safeguarding concern (clauses 1.2, 1.3), from a phone
 * in under a minute. Only the kind, the platform, what happened and the urgency are required. After sending,
 * the form is gone: the receipt shows the reference and what happens next, never the content again.
 */
export function ReportConcernPage() {
  const [sent, setSent] = useState<{ receipt: Receipt; warnings: ReportWarning[] }>();
  const [formKey, setFormKey] = useState(0);
  if (sent) {
    return (
      <ReceiptView
        receipt={sent.receipt}
        warnings={sent.warnings}
        onAnother={() => {
          setSent(undefined);
          setFormKey((k) => k + 1);
        }}
      />
    );
  }
  return (
    <Page
      title="Report a concern"
      intro="Goes straight to the Designated Safeguarding Lead. Four answers are needed: what kind, where, what happened and how urgent. Everything else is optional."
      actions={<Link to="/concerns/mine">My reports</Link>}
    >
      <Banner tone="warning" title="A child in immediate danger?">
        <p>Call 999 first, then find the DSL in person. Report here as well, as soon as you can.</p>
      </Banner>
      <ReportForm key={formKey} onSent={(receipt, warnings) => setSent({ receipt, warnings })} />
    </Page>
  );
}

function ReportForm({ onSent }: { onSent(receipt: Receipt, warnings: ReportWarning[]): void }) {
  // The follower check links here with the kind and platform filled in (clause 1.2: contact from a pupil).
  const { location } = useRouter();
  const [type, setType] = useState<ConcernType | ''>(() =>
    location.search.get('type') === 'pupil_contact' ? 'pupil_contact' : '',
  );
  const [subjectStaffId, setSubjectStaffId] = useState('');
  const [platform, setPlatform] = useState(() => (location.search.get('platform') ?? '').slice(0, 60));
  const [occurredAt, setOccurredAt] = useState('');
  const [pupils, setPupils] = useState<ChosenPupil[]>([]);
  const [whatHappened, setWhatHappened] = useState('');
  const [childWords, setChildWords] = useState('');
  const [actionsTaken, setActionsTaken] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [urgency, setUrgency] = useState<Urgency | ''>('');
  const [toldDsl, setToldDsl] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const errorSummary = useRef<HTMLDivElement>(null);

  function validate(): Errors {
    const found: Errors = {};
    if (!type) found.type = 'Choose what kind of concern this is.';
    if (!platform.trim()) found.platform = 'Say where it happened, for example Instagram or in class.';
    if (!whatHappened.trim()) found.whatHappened = 'Say what happened, in a sentence or two.';
    if (!urgency) found.urgency = 'Choose urgent or routine.';
    const noRole = pupils.filter((p) => !p.role);
    if (noRole.length > 0)
      found.pupils = `Choose a role for ${noRole.map((p) => pupilName(p.pupil)).join(', ')}.`;
    const evidenceError = checkFiles(files);
    if (evidenceError) found.evidence = evidenceError;
    return found;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0 || !type || !urgency) {
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const evidence = await Promise.all(
        files.map(async (file) => ({ name: file.name, contentBase64: await readAsBase64(file) })),
      );
      const { receipt, warnings } = await reportConcern({
        type,
        platform: platform.trim(),
        occurredAt: occurredAt ? new Date(occurredAt).toISOString() : null,
        pupils: pupils.map((p) => ({ pupilId: p.pupil.id, role: p.role as PupilRole })),
        subjectStaffId: type === 'staff_conduct' && subjectStaffId ? subjectStaffId : null,
        whatHappened,
        childWords: childWords.trim() ? childWords : null,
        actionsTaken: actionsTaken.trim() ? actionsTaken : null,
        toldDslInPerson: toldDsl,
        urgency,
        evidence,
      });
      // The new concern joins the leads' lists, the reporter's receipts and each pupil's chronology.
      for (const queryKey of concernListKeys) void queryClient.invalidateQueries({ queryKey });
      onSent(receipt, warnings);
    } catch (caught) {
      setBusy(false);
      const evidenceMessage = evidenceErrorOf(caught, files);
      if (evidenceMessage) {
        setErrors({ evidence: evidenceMessage });
        requestAnimationFrame(() => errorSummary.current?.focus());
      } else setFailure(caught);
    }
  }

  const errorList = Object.entries(errors) as [keyof Errors, string][];
  return (
    <form onSubmit={onSubmit} className="concern-form" noValidate autoComplete="off">
      {errorList.length > 0 ? (
        <div className="banner banner--danger" role="alert" tabIndex={-1} ref={errorSummary}>
          <p className="banner__title">Not sent yet: please check</p>
          <ul className="banner__body">
            {errorList.map(([field, message]) => (
              <li key={field}>
                <a href={`#concern-${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {failure ? <ErrorNotice error={failure} title="The concern was not sent" /> : null}

      <fieldset
        className="concern-choices"
        id="concern-type"
        aria-describedby={errorIds(errors.type, 'type')}
      >
        <legend>What kind of concern?</legend>
        <FieldError id="type" message={errors.type} />
        {concernTypes.map((t) => (
          <label key={t} className="concern-choice">
            <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} />
            <span>
              {typeLabels[t]}
              {typeClauses[t] ? <span className="concern-choice__clause"> ({typeClauses[t]})</span> : null}
            </span>
          </label>
        ))}
      </fieldset>

      {type === 'staff_conduct' ? <StaffPicker value={subjectStaffId} onChange={setSubjectStaffId} /> : null}

      <div className={errors.platform ? 'field field--error' : 'field'}>
        <label htmlFor="concern-platform">Where did it happen?</label>
        <p className="field__hint" id="concern-platform-hint">
          The app or site, for example Instagram.
        </p>
        <FieldError id="platform" message={errors.platform} />
        <input
          id="concern-platform"
          list="concern-platforms"
          value={platform}
          onChange={(e) => setPlatform(e.target.value)}
          aria-describedby={['concern-platform-hint', errorIds(errors.platform, 'platform')]
            .filter(Boolean)
            .join(' ')}
          aria-invalid={errors.platform ? true : undefined}
          required
        />
        <datalist id="concern-platforms">
          {platforms.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </div>

      <div className="field">
        <label htmlFor="concern-when">When did it happen?</label>
        <p className="field__hint" id="concern-when-hint">
          Leave blank if you are not sure.
        </p>
        <input
          id="concern-when"
          type="datetime-local"
          value={occurredAt}
          onChange={(e) => setOccurredAt(e.target.value)}
          aria-describedby="concern-when-hint"
        />
      </div>

      <PupilPicker pupils={pupils} onChange={setPupils} error={errors.pupils} />

      <TextArea
        id="whatHappened"
        label="What happened?"
        hint="The facts as you saw or were told them. Who, what, where."
        value={whatHappened}
        onChange={setWhatHappened}
        error={errors.whatHappened}
        rows={5}
        required
      />
      <TextArea
        id="childWords"
        label="The child's own words (verbatim)"
        hint="Exactly what the child said or wrote, word for word, even if it is misspelt or rude. Leave blank if you do not know."
        value={childWords}
        onChange={setChildWords}
        rows={3}
      />
      <TextArea
        id="actionsTaken"
        label="What have you done already?"
        hint="For example: took a screenshot, did not reply, blocked the account."
        value={actionsTaken}
        onChange={setActionsTaken}
        rows={3}
      />

      <EvidenceField
        files={files}
        onChange={(next) => {
          setFiles(next);
          // A new choice of files answers the old complaint about them.
          setErrors(({ evidence: _, ...rest }) => rest);
        }}
        error={errors.evidence}
      />

      <fieldset
        className="concern-choices concern-choices--pair"
        id="concern-urgency"
        aria-describedby={errorIds(errors.urgency, 'urgency')}
      >
        <legend>How urgent is it?</legend>
        <FieldError id="urgency" message={errors.urgency} />
        <label className="concern-choice concern-choice--urgent">
          <input
            type="radio"
            name="urgency"
            value="urgent"
            checked={urgency === 'urgent'}
            onChange={() => setUrgency('urgent')}
          />
          <span>
            Urgent<span className="concern-choice__hint">a child may be at risk today</span>
          </span>
        </label>
        <label className="concern-choice">
          <input
            type="radio"
            name="urgency"
            value="routine"
            checked={urgency === 'routine'}
            onChange={() => setUrgency('routine')}
          />
          <span>
            Routine<span className="concern-choice__hint">needs the DSL, not this minute</span>
          </span>
        </label>
      </fieldset>

      <label className="concern-choice concern-check">
        <input type="checkbox" checked={toldDsl} onChange={(e) => setToldDsl(e.target.checked)} />
        <span>I have also told the DSL in person</span>
      </label>

      <Button type="submit" busy={busy} className="button--block concern-submit">
        {busy ? 'Sending…' : 'Send to the DSL'}
      </Button>
    </form>
  );
}

function pupilName(p: PupilSummary): string {
  return `${p.preferredName ?? p.givenName} ${p.familyName}`;
}

function errorIds(message: string | undefined, field: string): string | undefined {
  return message ? `concern-${field}-error` : undefined;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field__error" id={`concern-${id}-error`}>
      {message}
    </p>
  );
}

function TextArea({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  rows,
  required,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  rows: number;
  required?: boolean;
}) {
  const fieldId = `concern-${id}`;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={fieldId}>{label}</label>
      <p className="field__hint" id={`${fieldId}-hint`}>
        {hint}
      </p>
      <FieldError id={id} message={error} />
      <textarea
        id={fieldId}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={[`${fieldId}-hint`, errorIds(error, id)].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        required={required}
        spellCheck={id === 'childWords' ? false : undefined}
      />
    </div>
  );
}

function StaffPicker({ value, onChange }: { value: string; onChange(id: string): void }) {
  const me = useMe();
  // Anyone else still working here; if the list cannot be read, the report can still name them below.
  const staff = useStaffList().filter((s) => s.status === 'active' && s.id !== me.person.id);
  return (
    <div className="field">
      <label htmlFor="concern-subject-staff">Which adult is it about?</label>
      <p className="field__hint" id="concern-subject-staff-hint">
        Optional. The report goes to the headteacher, never to the person it is about.
      </p>
      <select
        id="concern-subject-staff"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby="concern-subject-staff-hint"
      >
        <option value="">Not a member of staff here, or I would rather say below</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.givenName} {s.familyName}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Search the roll and add pupils; each pupil gets a role of their own (never copied from another). */
function PupilPicker({
  pupils,
  onChange,
  error,
}: {
  pupils: ChosenPupil[];
  onChange(pupils: ChosenPupil[]): void;
  error: string | undefined;
}) {
  const [query, setQuery] = useState('');
  // What was typed, once typing pauses: each pause asks once (a newer one cancels the older request).
  const [asked, setAsked] = useState('');
  const statusId = useId();
  useEffect(() => {
    const timer = setTimeout(() => setAsked(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);
  const searching = query.trim().length >= 2 && asked.length >= 2;
  const search = useQuery({
    ...pupilSearchQuery({ q: asked }),
    enabled: searching,
    // No placeholder: matches of an earlier search (even one cleared since) are never offered for this one.
  });
  const results: PupilSummary[] | undefined =
    searching && search.data ? search.data.pupils.slice(0, 8) : undefined;
  const searchError =
    searching && search.isError
      ? search.error instanceof ApiError
        ? search.error.message
        : 'The search did not work.'
      : undefined;

  const chosenIds = new Set(pupils.map((p) => p.pupil.id));
  const add = (pupil: PupilSummary) => {
    onChange([...pupils, { pupil, role: '' }]);
    setQuery('');
    setAsked('');
  };
  const setRole = (id: string, role: PupilRole | '') =>
    onChange(pupils.map((p) => (p.pupil.id === id ? { ...p, role } : p)));
  const remove = (id: string) => onChange(pupils.filter((p) => p.pupil.id !== id));

  return (
    <fieldset className="concern-pupils" id="concern-pupils" aria-describedby={errorIds(error, 'pupils')}>
      <legend>Which pupils are involved?</legend>
      <p className="field__hint">Optional. Add each pupil and say how they are involved.</p>
      <FieldError id="pupils" message={error} />
      {pupils.length > 0 ? (
        <ul className="concern-pupils__chosen">
          {pupils.map(({ pupil, role }) => (
            <li key={pupil.id} className="concern-pupil">
              <p className="concern-pupil__name">
                {pupilName(pupil)} <span className="muted">({yearGroupLabel(pupil.yearGroup)})</span>
              </p>
              <div className="concern-pupil__controls">
                <label className="visually-hidden" htmlFor={`role-${pupil.id}`}>
                  Role of {pupilName(pupil)}
                </label>
                <select
                  id={`role-${pupil.id}`}
                  value={role}
                  onChange={(e) => setRole(pupil.id, e.target.value as PupilRole | '')}
                  aria-invalid={error && !role ? true : undefined}
                >
                  <option value="">Choose a role…</option>
                  {pupilRoles.map((r) => (
                    <option key={r} value={r}>
                      {roleLabels[r]}
                    </option>
                  ))}
                </select>
                <Button variant="secondary" onClick={() => remove(pupil.id)}>
                  Remove<span className="visually-hidden"> {pupilName(pupil)}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field concern-pupils__search">
        <label htmlFor="concern-pupil-search">Find a pupil</label>
        <input
          id="concern-pupil-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Type at least 2 letters of a name"
          aria-describedby={statusId}
          enterKeyHint="search"
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
      </div>
      <p id={statusId} role="status" className="field__hint">
        {searchError ??
          (results === undefined
            ? ''
            : results.length === 0
              ? 'No pupil on the roll matches.'
              : `${results.length} ${results.length === 1 ? 'pupil matches' : 'pupils match'}.`)}
      </p>
      {results && results.length > 0 ? (
        <ul className="concern-pupils__results">
          {results.map((pupil) => (
            <li key={pupil.id}>
              <button
                type="button"
                className="concern-result"
                disabled={chosenIds.has(pupil.id)}
                onClick={() => add(pupil)}
              >
                <span>
                  Add {pupilName(pupil)}
                  {pupil.preferredName && pupil.preferredName !== pupil.givenName ? (
                    <span className="muted"> ({pupil.givenName})</span>
                  ) : null}
                </span>
                <span className="muted">{yearGroupLabel(pupil.yearGroup)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

const acceptedTypes = 'image/png,image/jpeg,image/webp,image/gif,application/pdf,text/plain,.txt,.csv,.zip';

function checkFiles(files: readonly File[]): string | undefined {
  if (files.length > MAX_EVIDENCE_FILES) return `Attach at most ${MAX_EVIDENCE_FILES} files.`;
  const big = files.find((f) => f.size > MAX_EVIDENCE_BYTES);
  if (big)
    return `${big.name} is ${formatBytes(big.size)}; the limit is ${formatBytes(MAX_EVIDENCE_BYTES)} per file.`;
  const empty = files.find((f) => f.size === 0);
  if (empty) return `${empty.name} is empty.`;
  return undefined;
}

/** The API's evidence errors name "file 2"; here they name the file as the person chose it. */
function evidenceErrorOf(error: unknown, files: readonly File[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const isEvidence =
    error.code.startsWith('Evidence') ||
    error.code === 'TooManyEvidenceFiles' ||
    error.status === 413 ||
    error.details.some((d) => d.startsWith('body.evidence'));
  if (!isEvidence) return undefined;
  if (error.status === 413)
    return 'These files are too large to send together. Attach fewer or smaller files.';
  return error.message.replace(/^file (\d+)/, (whole, n: string) => files[Number(n) - 1]?.name ?? whole);
}

function EvidenceField({
  files,
  onChange,
  error,
}: {
  files: File[];
  onChange(files: File[]): void;
  error: string | undefined;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor="concern-evidence">Screenshots or photos</label>
      <p className="field__hint" id="concern-evidence-hint">
        Optional. Up to {MAX_EVIDENCE_FILES} files, {formatBytes(MAX_EVIDENCE_BYTES)} each: PNG, JPEG, WebP,
        GIF, PDF, text or zip. Do not forward or keep copies yourself once sent.
      </p>
      <FieldError id="evidence" message={error} />
      <input
        ref={input}
        id="concern-evidence"
        type="file"
        multiple
        accept={acceptedTypes}
        aria-describedby={['concern-evidence-hint', errorIds(error, 'evidence')].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          onChange([...files, ...chosen]);
          e.target.value = '';
        }}
        className="concern-file"
      />
      {files.length > 0 ? (
        <ul className="concern-files">
          {files.map((file) => (
            <li key={`${file.name}-${file.size}-${file.lastModified}`}>
              <span>
                {file.name} <span className="muted">({formatBytes(file.size)})</span>
              </span>
              <Button variant="quiet" onClick={() => onChange(files.filter((f) => f !== file))}>
                Remove<span className="visually-hidden"> {file.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Where each cleaned field is on the form, in the words its label uses. */
const fieldWords: Record<string, string> = {
  platform: 'where it happened',
  whatHappened: 'what happened',
  childWords: "the child's own words",
  actionsTaken: 'what you have done already',
};

/**
 * The server keeps a report whose text held a character it cannot store (a NUL, half an emoji) and says
 * which fields it cleaned; the reporter reads that as one sentence, not as codes.
 */
export function removedCharactersSentence(warnings: readonly ReportWarning[]): string | undefined {
  const fields = warnings
    .filter((w) => w.code === 'UnstorableCharacterRemoved')
    .map(
      (w) => fieldWords[w.field] ?? (w.field.startsWith('evidence.') ? 'a file name' : 'one of your answers'),
    );
  const unique = [...new Set(fields)];
  if (unique.length === 0) return undefined;
  const list =
    unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
  return `We removed an invisible character from ${list}; your report was kept.`;
}

function ReceiptView({
  receipt,
  warnings,
  onAnother,
}: {
  receipt: Receipt;
  warnings: readonly ReportWarning[];
  onAnother(): void;
}) {
  const { navigate } = useRouter();
  const lead = receipt.type === 'staff_conduct' ? 'headteacher' : 'Designated Safeguarding Lead';
  const removed = removedCharactersSentence(warnings);
  return (
    <Page title="Concern sent" intro="Thank you. You did the right thing by reporting it.">
      {removed ? (
        <Banner tone="info" title="Your report was sent with a small change">
          <p id="receipt-warnings">{removed}</p>
        </Banner>
      ) : null}
      <section className="card card--accent concern-receipt" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading">Your reference</h2>
        <p className="concern-receipt__reference" id="receipt-reference">
          {receipt.reference}
        </p>
        <p className="muted">Sent {formatDateTime(receipt.reportedAt)}</p>
        <h2>What happens next</h2>
        <ul>
          <li>
            The {lead} has been alerted now. If nobody acknowledges it in time, it goes to the next person.
          </li>
          <li>You can follow its status (not its content) under My reports.</li>
          <li>Do not investigate further or discuss it with others; the {lead} may ask you for more.</li>
        </ul>
      </section>
      <div className="form-actions">
        <Button onClick={() => navigate('/concerns/mine', { replace: true })}>Done</Button>
        <Button variant="secondary" onClick={onAnother}>
          Report another concern
        </Button>
      </div>
    </Page>
  );
}
