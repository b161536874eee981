import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { describeEntryFacts } from '../../../../src/shared/concern-words';
import { linkTo } from '../../../../src/shared/links';
import type { StaffMember } from '../../api/accounts';
import { ApiError } from '../../api/client';
import {
  type ChronologyEntry,
  type ConcernDecision,
  type ConcernDetail,
  completeAction,
  concernLeadRoles,
  concernPdfUrl,
  decisions,
  evidenceUrl,
  type ReferralAgency,
  referralAgencies,
  type TriageStep,
  triage,
} from '../../api/concerns';
import { alertViewQuery, concernListKeys, concernQuery, useStaffList } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { DateField } from '../../components/date-field';
import { SelectField, TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { SearchableSelectField } from '../../components/searchable-select';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import { Link } from '../../router';
import { AlertedConcernView } from './alert-view';
import {
  agencyLabels,
  decisionLabels,
  entryKindLabels,
  formatBytes,
  roleLabels,
  todayIso,
  typeShortLabels,
} from './labels';
import './concerns.css';

/** `/safeguarding/concerns/:id`: one concern in full, with every triage step. Each step lands in the chronology. */
export function ConcernPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const concern = useQuery(concernQuery(id));
  // Someone a concern escalated to who may not read it gets its alert instead of "not found".
  const unreadable = concern.error instanceof ApiError && concern.error.status === 404;
  const alert = useQuery({ ...alertViewQuery(id), enabled: unreadable });
  const staff = useStaffList();

  // Every step answers the concern as it now stands: show that, and mark stale what lists it elsewhere.
  const changed = (key: readonly unknown[], next: unknown) => {
    queryClient.setQueryData(key, next);
    for (const list of concernListKeys) void queryClient.invalidateQueries({ queryKey: list });
  };

  // An answer that follows a refused or failed one is not shown: the refusal stands (as when reloading).
  if (concern.isSuccess)
    return (
      <ConcernView
        concern={concern.data}
        staff={staff}
        onChange={(next) => changed(concernQuery(id).queryKey, next)}
      />
    );
  if (unreadable && alert.isSuccess)
    return (
      <AlertedConcernView
        alert={alert.data}
        onChange={(next) => changed(alertViewQuery(id).queryKey, next)}
      />
    );
  if (concern.isPending || (unreadable && alert.isPending))
    return (
      <Page title="Concern">
        <Loading />
      </Page>
    );
  return (
    <Page title="Concern">
      <ErrorNotice
        error={unreadable ? alert.error : concern.error}
        title="This concern could not be opened"
      />
    </Page>
  );
}

function ConcernView({
  concern,
  staff,
  onChange,
}: {
  concern: ConcernDetail;
  staff: StaffMember[];
  onChange(next: ConcernDetail): void;
}) {
  const names = new Map(staff.map((s) => [s.id, `${s.givenName} ${s.familyName}`]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'A member of staff') : 'Nobody yet');
  const closed = concern.status === 'closed';
  const run = async (step: TriageStep) => onChange(await triage(concern.id, step));

  return (
    <Page
      title={`Concern ${concern.reference}`}
      intro={`${typeShortLabels[concern.type]}. Reported by ${concern.reporter.name} on ${formatDateTime(concern.reportedAt)}.`}
      actions={
        <a className="button button--secondary" href={concernPdfUrl(concern.id)} download>
          Export as PDF
        </a>
      }
    >
      <p className="concern-badges">
        {concern.urgency === 'urgent' ? <Badge tone="bad">Urgent</Badge> : <Badge>Routine</Badge>}{' '}
        {concern.status === 'new' ? (
          <Badge tone="warn">Not acknowledged</Badge>
        ) : closed ? (
          <Badge tone="good">Closed</Badge>
        ) : (
          <Badge>Open</Badge>
        )}{' '}
        {concern.legalHold ? <Badge tone="warn">Legal hold</Badge> : null}
      </p>

      {concern.acknowledgedAt === null ? (
        <div className="card card--accent concern-ack">
          <p>
            <strong>Not yet acknowledged.</strong> Acknowledging stops the escalation and tells the chain that
            you have it.
          </p>
          <StepButton label="Acknowledge" onRun={() => run({ path: 'acknowledge', body: {} })} />
        </div>
      ) : null}

      <Section title="Summary" id="summary">
        <dl className="facts">
          <Fact term="Where">{concern.platform}</Fact>
          <Fact term="When">{concern.occurredAt ? formatDateTime(concern.occurredAt) : 'Not known'}</Fact>
          <Fact term="Reported by">{concern.reporter.name}</Fact>
          <Fact term="Told the DSL in person">{concern.toldDslInPerson ? 'Yes' : 'No'}</Fact>
          <Fact term="Acknowledged">
            {concern.acknowledgedAt ? formatDateTime(concern.acknowledgedAt) : 'Not yet'}
          </Fact>
          <Fact term="Assigned to">{nameOf(concern.assignedStaffId)}</Fact>
          <Fact term="Decision">{concern.decision ? decisionLabels[concern.decision] : 'None yet'}</Fact>
          {concern.outcome ? <Fact term="Outcome">{concern.outcome}</Fact> : null}
          {concern.subjectStaff ? <Fact term="About (adult)">{concern.subjectStaff.name}</Fact> : null}
          <Fact term="Keep until">
            {concern.retentionUntil ? formatDate(concern.retentionUntil) : 'Not set'}
            {concern.legalHold ? ' (legal hold: never disposed of)' : ''}
          </Fact>
        </dl>
        {concern.pupils.length > 0 ? (
          <>
            <h3>Pupils</h3>
            <ul className="plain-list">
              {concern.pupils.map((p) => (
                <li key={p.pupilId}>
                  <Link to={linkTo('pupilChronology', { id: p.pupilId })}>{p.name}</Link> ·{' '}
                  {roleLabels[p.role]}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      <Section title="What was reported" id="report">
        <h3>What happened</h3>
        <p className="concern-text">{concern.whatHappened}</p>
        <h3>The child's own words (verbatim)</h3>
        {concern.childWords ? (
          <blockquote className="concern-verbatim">{concern.childWords}</blockquote>
        ) : (
          <p className="muted">Not given.</p>
        )}
        <h3>What the reporter did already</h3>
        <p className="concern-text">{concern.actionsTaken ?? 'Not given.'}</p>
      </Section>

      <Section title="Evidence" id="evidence">
        {concern.evidence.length === 0 ? (
          <Empty>No files were attached.</Empty>
        ) : (
          <ul className="concern-evidence">
            {concern.evidence.map((e) => (
              <li key={e.id}>
                {e.hasViewingCopy ? (
                  <img
                    src={evidenceUrl(concern.id, e.id, 'view')}
                    alt={`Viewing copy of ${e.name}`}
                    className="concern-evidence__image"
                    loading="lazy"
                  />
                ) : null}
                <p>
                  <strong>{e.name}</strong>{' '}
                  <span className="muted">
                    {e.mediaType}, {formatBytes(e.size)}
                  </span>
                </p>
                <p className="concern-hash">SHA-256 {e.sha256}</p>
                <p>
                  {e.hasViewingCopy ? (
                    <>
                      <a href={evidenceUrl(concern.id, e.id, 'view')} download>
                        Viewing copy (metadata removed)
                      </a>
                      {' · '}
                    </>
                  ) : null}
                  <a href={evidenceUrl(concern.id, e.id, 'original')} download>
                    Original, as received
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Chronology concern={concern} closed={closed} nameOf={(id) => names.get(id) ?? id} run={run} />

      {closed ? (
        <Section title="Reopen" id="reopen">
          <ReasonsForm
            submitLabel="Reopen the concern"
            reasonsLabel="Reasons for reopening"
            onSubmit={(reasons) => run({ path: 'reopen', body: { reasons } })}
          />
        </Section>
      ) : (
        <div className="grid concern-triage">
          <DecisionForm current={concern.decision} run={run} />
          <AssignForm staff={staff} current={concern.assignedStaffId} run={run} />
          <ActionForm staff={staff} run={run} />
          <ReferralForm run={run} />
        </div>
      )}

      <Section title="Actions" id="actions">
        {concern.actions.length === 0 ? (
          <Empty>No actions yet.</Empty>
        ) : (
          <ul className="concern-list">
            {concern.actions.map((a) => {
              const late = a.completedAt === null && a.dueOn < todayIso();
              return (
                <li key={a.id}>
                  <p>{a.description}</p>
                  <p className="muted">
                    {nameOf(a.ownerStaffId)} · due {formatDate(a.dueOn)}{' '}
                    {a.completedAt ? (
                      <Badge tone="good">Done {formatDateTime(a.completedAt)}</Badge>
                    ) : late ? (
                      <Badge tone="bad">Overdue</Badge>
                    ) : null}
                  </p>
                  {a.completedAt === null && !closed ? (
                    <StepButton
                      label={`Mark done`}
                      variant="secondary"
                      describedBy={a.description}
                      onRun={async () => onChange(await completeAction(concern.id, a.id))}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <Section title="Referrals" id="referrals">
        {concern.referrals.length === 0 ? (
          <Empty>No referrals.</Empty>
        ) : (
          <ul className="concern-list">
            {concern.referrals.map((r) => {
              const late = r.followUpOn !== null && r.followUpOn < todayIso() && !closed;
              return (
                <li key={r.id}>
                  <p>
                    <strong>{agencyLabels[r.agency]}</strong> on {formatDate(r.referredOn)}
                    {r.agencyReference ? `, reference ${r.agencyReference}` : ''}
                  </p>
                  <p className="muted">
                    Follow up: {r.followUpOn ? formatDate(r.followUpOn) : 'no date set'}{' '}
                    {late ? <Badge tone="bad">Follow-up overdue</Badge> : null}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <div className="grid concern-triage">
        {closed ? null : (
          <section className="card" aria-labelledby="close-heading">
            <h2 id="close-heading">Close</h2>
            {concern.decision === null ? (
              <p className="muted">Record a decision with its reasons before closing.</p>
            ) : (
              <CloseForm run={run} warnings={concern.closeWarnings} />
            )}
          </section>
        )}
        <section className="card" aria-labelledby="hold-heading">
          <h2 id="hold-heading">Legal hold</h2>
          <p className="muted">
            {concern.legalHold
              ? 'On: this record is never disposed of, even after its retention date.'
              : 'Off: the record is kept until its retention date.'}
          </p>
          <ReasonsForm
            submitLabel={concern.legalHold ? 'Lift the legal hold' : 'Place a legal hold'}
            reasonsLabel="Reasons for the legal hold change"
            onSubmit={(reasons) =>
              run({ path: 'legal-hold', body: { legalHold: !concern.legalHold, reasons } })
            }
          />
        </section>
      </div>
    </Page>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One button that runs a step, showing its error beside it. */
function StepButton({
  label,
  onRun,
  variant = 'primary',
  describedBy,
}: {
  label: string;
  onRun(): Promise<void>;
  variant?: 'primary' | 'secondary';
  describedBy?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <>
      {error ? <ErrorNotice error={error} title={`${label}: not done`} /> : null}
      <Button
        variant={variant}
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await onRun();
          } catch (caught) {
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
        {describedBy ? <span className="visually-hidden">: {describedBy}</span> : null}
      </Button>
    </>
  );
}

/** A triage form: submits, shows the API's error inside the form, and clears itself when done. */
function TriageForm({
  title,
  submitLabel,
  onSubmit,
  children,
  id,
}: {
  title?: string;
  submitLabel: string;
  onSubmit(): Promise<void>;
  children: ReactNode;
  id?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const form = (
    <form onSubmit={submit} className="concern-triage-form">
      {error ? <ErrorNotice error={error} title={`${submitLabel}: not saved`} /> : null}
      {children}
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
  if (!title) return form;
  return (
    <section className="card" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {form}
    </section>
  );
}

function TextAreaField({
  id,
  label,
  hint,
  value,
  onChange,
  required,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        rows={3}
        value={value}
        required={required}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function DecisionForm({
  current,
  run,
}: {
  current: ConcernDecision | null;
  run(step: TriageStep): Promise<void>;
}) {
  const [decision, setDecision] = useState<ConcernDecision>(current ?? 'no_referral');
  const [reasons, setReasons] = useState('');
  return (
    <TriageForm
      id="decision"
      title="Decision"
      submitLabel="Record the decision"
      onSubmit={async () => {
        await run({ path: 'decision', body: { decision, reasons } });
        setReasons('');
      }}
    >
      <SelectField
        label="Decision"
        value={decision}
        onChange={(e) => setDecision(e.target.value as ConcernDecision)}
      >
        {decisions.map((d) => (
          <option key={d} value={d}>
            {decisionLabels[d]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        id="decision-reasons"
        label={decision === 'refer' ? 'Reasons' : 'Reasons (including why you are not referring)'}
        hint="Required. KCSIE expects every decision written down with its reasons."
        value={reasons}
        onChange={setReasons}
        required
      />
    </TriageForm>
  );
}

function AssignForm({
  staff,
  current,
  run,
}: {
  staff: StaffMember[];
  current: string | null;
  run(step: TriageStep): Promise<void>;
}) {
  const leads = staff.filter(
    (s) => s.status === 'active' && s.roles.some((r) => concernLeadRoles.includes(r)),
  );
  const [staffId, setStaffId] = useState(current ?? '');
  return (
    <TriageForm
      id="assign"
      title="Assign"
      submitLabel="Assign"
      onSubmit={() => run({ path: 'assign', body: { staffId } })}
    >
      <SelectField
        label="Safeguarding lead"
        value={staffId}
        onChange={(e) => setStaffId(e.target.value)}
        required
      >
        <option value="">Choose…</option>
        {leads.map((s) => (
          <option key={s.id} value={s.id}>
            {s.givenName} {s.familyName}
          </option>
        ))}
      </SelectField>
    </TriageForm>
  );
}

function ActionForm({ staff, run }: { staff: StaffMember[]; run(step: TriageStep): Promise<void> }) {
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState(todayIso());
  return (
    <TriageForm
      id="add-action"
      title="Add an action"
      submitLabel="Add the action"
      onSubmit={async () => {
        await run({ path: 'actions', body: { description, ownerStaffId: owner, dueOn } });
        setDescription('');
      }}
    >
      <TextField
        label="Action"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        required
      />
      <SearchableSelectField
        label="Owner"
        searchLabel="Search staff"
        placeholder="Choose a member of staff"
        options={staff
          .filter((s) => s.status === 'active')
          .map((s) => ({ value: s.id, label: `${s.givenName} ${s.familyName}` }))}
        value={owner}
        onChange={setOwner}
        required
      />
      <DateField label="Due on" value={dueOn} onChange={(e) => setDueOn(e.target.value)} required />
    </TriageForm>
  );
}

function ReferralForm({ run }: { run(step: TriageStep): Promise<void> }) {
  const [agency, setAgency] = useState<ReferralAgency>('childrens_social_care');
  const [reference, setReference] = useState('');
  const [referredOn, setReferredOn] = useState(todayIso());
  const [followUpOn, setFollowUpOn] = useState('');
  const [notes, setNotes] = useState('');
  return (
    <TriageForm
      id="add-referral"
      title="Record a referral"
      submitLabel="Record the referral"
      onSubmit={async () => {
        await run({
          path: 'referrals',
          body: {
            agency,
            agencyReference: reference.trim() || null,
            referredOn,
            followUpOn: followUpOn || null,
            notes: notes.trim() || null,
          },
        });
        setReference('');
        setNotes('');
        setFollowUpOn('');
      }}
    >
      <SelectField
        label="Agency"
        value={agency}
        onChange={(e) => setAgency(e.target.value as ReferralAgency)}
      >
        {referralAgencies.map((a) => (
          <option key={a} value={a}>
            {agencyLabels[a]}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Agency's reference"
        value={reference}
        onChange={(e) => setReference(e.target.value)}
      />
      <DateField
        label="Referred on"
        value={referredOn}
        onChange={(e) => setReferredOn(e.target.value)}
        required
      />
      <DateField label="Follow up on" value={followUpOn} onChange={(e) => setFollowUpOn(e.target.value)} />
      <TextAreaField id="referral-notes" label="Notes" value={notes} onChange={setNotes} />
    </TriageForm>
  );
}

function CloseForm({
  run,
  warnings,
}: {
  run(step: TriageStep): Promise<void>;
  warnings: ConcernDetail['closeWarnings'];
}) {
  const [outcome, setOutcome] = useState('');
  const [reasons, setReasons] = useState('');
  const [anyway, setAnyway] = useState('');
  return (
    <TriageForm
      submitLabel={warnings.length > 0 ? 'Close anyway' : 'Close the concern'}
      onSubmit={() =>
        run({
          path: 'close',
          body: { outcome, reasons, closeAnywayReason: warnings.length > 0 ? anyway : null },
        })
      }
    >
      {warnings.length > 0 ? (
        <Banner tone="warning" title="This concern still has work open">
          <ul className="close-warnings">
            {warnings.map((w) => (
              <li key={w.code}>{w.message}</li>
            ))}
          </ul>
          <p>To close it anyway, say why below: the reason is kept in the chronology.</p>
        </Banner>
      ) : null}
      <TextField label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} required />
      <TextAreaField
        id="close-reasons"
        label="Reasons for closing"
        value={reasons}
        onChange={setReasons}
        required
      />
      {warnings.length > 0 ? (
        <TextAreaField
          id="close-anyway"
          label="Why close it with this work open?"
          value={anyway}
          onChange={setAnyway}
          required
        />
      ) : null}
    </TriageForm>
  );
}

function ReasonsForm({
  submitLabel,
  reasonsLabel,
  onSubmit,
}: {
  submitLabel: string;
  reasonsLabel: string;
  onSubmit(reasons: string): Promise<void>;
}) {
  const [reasons, setReasons] = useState('');
  const id = submitLabel.toLowerCase().replace(/\W+/g, '-');
  return (
    <TriageForm
      submitLabel={submitLabel}
      onSubmit={async () => {
        await onSubmit(reasons);
        setReasons('');
      }}
    >
      <TextAreaField id={id} label={reasonsLabel} value={reasons} onChange={setReasons} required />
    </TriageForm>
  );
}

function describeFacts(entry: ChronologyEntry, nameOf: (id: string) => string): string {
  return describeEntryFacts(entry.facts, nameOf);
}

/** The chronology is append-only: a mistake is put right by a correction that points at the entry. */
export function Chronology({
  concern,
  closed,
  nameOf,
  run,
  headingLevel = 2,
}: {
  concern: ConcernDetail;
  closed: boolean;
  nameOf(id: string): string;
  run?: (step: TriageStep) => Promise<void>;
  headingLevel?: 2 | 3;
}) {
  const [correcting, setCorrecting] = useState<string>();
  const [text, setText] = useState('');
  const byId = new Map(concern.chronology.map((e) => [e.id, e]));
  const corrected = new Set(concern.chronology.map((e) => e.correctsEntryId).filter(Boolean));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const canWrite = run !== undefined && !closed;
  return (
    <section className={headingLevel === 2 ? 'card' : undefined} aria-labelledby={`chronology-${concern.id}`}>
      <Heading id={`chronology-${concern.id}`}>Chronology</Heading>
      <ol className="concern-chronology">
        {concern.chronology.map((entry) => {
          const target = entry.correctsEntryId ? byId.get(entry.correctsEntryId) : undefined;
          const facts = describeFacts(entry, nameOf);
          const correctable = canWrite && (entry.text !== null || facts !== '');
          return (
            <li
              key={entry.id}
              id={`entry-${entry.id}`}
              className={`concern-entry concern-entry--${entry.kind}`}
            >
              <p className="concern-entry__head">
                <strong>{entryKindLabels[entry.kind] ?? entry.kind}</strong>{' '}
                <span className="muted">
                  {formatDateTime(entry.at)} · {entry.author}
                </span>
                {corrected.has(entry.id) ? (
                  <>
                    {' '}
                    <Badge tone="warn">Corrected later</Badge>
                  </>
                ) : null}
              </p>
              {target ? (
                <p className="muted">
                  Corrects the {(entryKindLabels[target.kind] ?? target.kind).toLowerCase()} entry of{' '}
                  <a href={`#entry-${target.id}`}>{formatDateTime(target.at)}</a>
                </p>
              ) : null}
              {facts ? <p>{facts}</p> : null}
              {entry.text ? <p className="concern-text">{entry.text}</p> : null}
              {correctable && correcting !== entry.id ? (
                <Button
                  variant="quiet"
                  onClick={() => {
                    setCorrecting(entry.id);
                    setText('');
                  }}
                >
                  Correct this entry
                  <span className="visually-hidden">
                    {' '}
                    ({entryKindLabels[entry.kind] ?? entry.kind}, {formatDateTime(entry.at)})
                  </span>
                </Button>
              ) : null}
              {correctable && correcting === entry.id ? (
                <TriageForm
                  submitLabel="Add the correction"
                  onSubmit={async () => {
                    await run({ path: 'entries', body: { text, correctsEntryId: entry.id } });
                    setCorrecting(undefined);
                  }}
                >
                  <TextAreaField
                    id={`correct-${entry.id}`}
                    label="Correction"
                    hint="The original entry stays as it was; this one is added after it and points to it."
                    value={text}
                    onChange={setText}
                    required
                  />
                </TriageForm>
              ) : null}
            </li>
          );
        })}
      </ol>
      {canWrite ? <NoteForm run={run} /> : null}
    </section>
  );
}

function NoteForm({ run }: { run(step: TriageStep): Promise<void> }) {
  const [text, setText] = useState('');
  return (
    <TriageForm
      submitLabel="Add to the chronology"
      onSubmit={async () => {
        await run({ path: 'entries', body: { text, correctsEntryId: null } });
        setText('');
      }}
    >
      <TextAreaField
        id="chronology-note"
        label="New entry"
        hint="A discussion, a phone call, something seen. Entries cannot be edited or deleted later."
        value={text}
        onChange={setText}
        required
      />
    </TriageForm>
  );
}
