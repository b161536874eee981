import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type ConsentDecision,
  type ConsentHistoryEntry,
  type ConsentPurpose,
  type ConsentState,
  type ConsentToldBy,
  canRecordConsents,
  consentPurposes,
  purposeLabels,
  reasonLabels,
  recordConsent,
  sendConsentLink,
  stateLabels,
  toldByLabels,
} from '../../api/consents';
import type { PupilDetail } from '../../api/endpoints';
import { apiKey, pupilConsentsQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { DateField } from '../../components/date-field';
import { SelectField, TextField } from '../../components/field';
import { Section } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { type Column, DataTable } from '../../components/table';
import { formatDate, formatDateTime } from '../../format';
import { useMe } from '../../session';
import './consents.css';

const toneOf: Record<ConsentState, 'good' | 'warn' | 'bad' | 'neutral'> = {
  granted: 'good',
  refused: 'bad',
  withdrawn: 'bad',
  expired: 'warn',
  pupil_left: 'neutral',
  none: 'neutral',
};

const sourceLabels: Record<ConsentHistoryEntry['source'], string> = {
  staff: 'Signed form, recorded by staff',
  e_signature: 'E-signature by link',
  import: 'MIS import',
};

/**
 * A pupil's photo consent on their page: the state for each purpose today with the reasons, the history of
 * written decisions, and for SMT, the headteacher and admins, recording a signed form and emailing a carer
 * a one-time signing link.
 */
export function ConsentPanel({ pupil }: { pupil: PupilDetail }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const consents = useQuery(pupilConsentsQuery(pupil.id));
  // A recorded decision changes this pupil's consent and their year group's register.
  const recorded = () => {
    void queryClient.invalidateQueries({ queryKey: pupilConsentsQuery(pupil.id).queryKey });
    void queryClient.invalidateQueries({ queryKey: apiKey('/api/consents/year-groups/{yearGroup}') });
  };
  const carerName = (id: string | null) => {
    const carer = pupil.carers.find((c) => c.id === id);
    return carer ? `${carer.givenName} ${carer.familyName}` : id ? 'A former carer' : 'Not named';
  };
  const recorder = canRecordConsents(me);

  return (
    <>
      <Section title="Photo consent" id="pupil-consent">
        {consents.isPending ? <Loading /> : null}
        {consents.isError ? <ErrorNotice error={consents.error} title="Consent could not be loaded" /> : null}
        {consents.isSuccess ? (
          <ul className="consent-purposes plain-list">
            {consents.data.purposes.map((p) => (
              <li key={p.purpose} className="consent-purpose" id={`consent-${p.purpose}`}>
                <h3>{purposeLabels[p.purpose]}</h3>
                <p>
                  <Badge tone={toneOf[p.state]}>{stateLabels[p.state]}</Badge>{' '}
                  {p.holds ? (
                    <span>
                      Photos may be published{p.endsOn ? ` until ${formatDate(p.endsOn)}` : ''}, never with
                      the pupil's name.
                    </span>
                  ) : (
                    <span>No photo in which this pupil can be identified may be published.</span>
                  )}
                </p>
                <ul className="consent-reasons">
                  {p.reasons.map((reason) => (
                    <li key={reason}>{reasonLabels[reason] ?? reason}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      {recorder && pupil.status === 'current' ? (
        <>
          <SendLinkForm pupil={pupil} />
          <RecordForm pupil={pupil} onRecorded={recorded} />
        </>
      ) : null}
      <Section title="Consent history" id="consent-history">
        {consents.isSuccess ? (
          consents.data.history.length === 0 ? (
            <Empty>No written decision has been recorded for this pupil.</Empty>
          ) : (
            <HistoryTable rows={consents.data.history} carerName={carerName} />
          )
        ) : consents.isPending ? (
          <Loading />
        ) : null}
      </Section>
    </>
  );
}

function HistoryTable({
  rows,
  carerName,
}: {
  rows: ConsentHistoryEntry[];
  carerName(id: string | null): string;
}) {
  const columns: Column<ConsentHistoryEntry>[] = [
    { header: 'Given on', cell: (r) => formatDate(r.givenOn) },
    { header: 'Purpose', cell: (r) => purposeLabels[r.purpose] },
    { header: 'Decision', cell: (r) => stateLabels[r.state] },
    { header: 'Carer', cell: (r) => carerName(r.carerId) },
    {
      header: 'Evidence',
      cell: (r) => (
        <>
          {r.method === 'carer_told' && r.toldBy
            ? `${toldByLabels[r.toldBy]}, recorded by staff (written confirmation to follow)`
            : sourceLabels[r.source]}
          {r.signatureName ? ` · signed “${r.signatureName}”` : ''}
          {r.signedAt ? ` at ${formatDateTime(r.signedAt)}` : ''}
          {r.signedIp ? ` from ${r.signedIp}` : ''}
          {r.evidenceReference ? ` · ref. ${r.evidenceReference}` : ''}
        </>
      ),
    },
    { header: 'Expires', cell: (r) => formatDate(r.expiresOn) },
    { header: 'Recorded', cell: (r) => `${formatDateTime(r.recordedAt)} by ${recorderLabel(r.recordedBy)}` },
  ];
  return (
    <DataTable
      caption="Written consent decisions, newest first"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
    />
  );
}

/** Who recorded a decision: staff by name; the carer themselves for an e-signature. */
function recorderLabel(recordedBy: string): string {
  if (recordedBy === 'system:carer-e-signature') return 'the carer (e-signature)';
  return recordedBy.startsWith('system:') ? `Guardpost (${recordedBy.slice(7)})` : recordedBy;
}

function responsibleCarers(pupil: PupilDetail) {
  return pupil.carers.filter((c) => c.parentalResponsibility);
}

function SendLinkForm({ pupil }: { pupil: PupilDetail }) {
  const carers = responsibleCarers(pupil).filter((c) => c.email);
  const withoutEmail = responsibleCarers(pupil).filter((c) => !c.email);
  const [carerId, setCarerId] = useState(carers[0]?.id ?? '');
  const [purpose, setPurpose] = useState<ConsentPurpose>('social_media');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<{ to: string; expiresAt: string }>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSent(undefined);
    setBusy(true);
    try {
      const result = await sendConsentLink({ pupilId: pupil.id, carerId, purpose });
      const carer = carers.find((c) => c.id === carerId);
      setSent({
        to: carer ? `${carer.givenName} ${carer.familyName}` : 'the carer',
        expiresAt: result.expiresAt,
      });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Send a signing link to a carer" id="consent-link">
      {carers.length === 0 ? (
        <Empty>No carer with parental responsibility has an email address on record for this pupil.</Empty>
      ) : (
        <form onSubmit={submit}>
          <p className="muted">
            The carer gets a one-time link by email. They type their name and give or refuse consent; the link
            lasts 14 days.
          </p>
          <SelectField
            label="Carer (with parental responsibility)"
            value={carerId}
            onChange={(event) => setCarerId(event.target.value)}
          >
            {carers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.givenName} {c.familyName}
                {c.relationship ? ` (${c.relationship})` : ''} – {c.email}
              </option>
            ))}
          </SelectField>
          {withoutEmail.length > 0 ? (
            <p className="muted">
              No email address on record for{' '}
              {withoutEmail.map((c) => `${c.givenName} ${c.familyName}`).join(', ')}: record their signed form
              below instead.
            </p>
          ) : null}
          <PurposeSelect label="Purpose of the link" value={purpose} onChange={setPurpose} />
          {error ? <ErrorNotice error={error} title="The link was not sent" /> : null}
          {sent ? (
            <Banner tone="success" title={`Link sent to ${sent.to}`} live>
              <p>It works once, until {formatDateTime(sent.expiresAt)}.</p>
            </Banner>
          ) : null}
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              Email the signing link
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}

function PurposeSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: ConsentPurpose;
  onChange(purpose: ConsentPurpose): void;
}) {
  return (
    <SelectField
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value as ConsentPurpose)}
    >
      {consentPurposes.map((p) => (
        <option key={p} value={p}>
          {purposeLabels[p]}
        </option>
      ))}
    </SelectField>
  );
}

function RecordForm({ pupil, onRecorded }: { pupil: PupilDetail; onRecorded(): void }) {
  const carers = responsibleCarers(pupil);
  const [carerId, setCarerId] = useState(carers[0]?.id ?? '');
  const [purpose, setPurpose] = useState<ConsentPurpose>('social_media');
  const [state, setState] = useState<ConsentDecision>('granted');
  const [givenOn, setGivenOn] = useState('');
  const [reference, setReference] = useState('');
  const [toldBy, setToldBy] = useState<ConsentToldBy | ''>('');
  const [referenceError, setReferenceError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [givenError, setGivenError] = useState<string>();
  const [done, setDone] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(givenOn)) {
      setGivenError('Enter the date the carer signed the form.');
      return;
    }
    setGivenError(undefined);
    // A grant needs the signed form; a refusal or withdrawal told by phone or email is recorded at once.
    const told = state !== 'granted' && toldBy !== '';
    if (!told && !reference.trim()) {
      setReferenceError(
        state === 'granted'
          ? 'Enter where the signed form is kept: consent is granted only in writing.'
          : 'Enter where the signed form is kept, or say how the carer told you.',
      );
      return;
    }
    setReferenceError(undefined);
    setBusy(true);
    try {
      const result = await recordConsent({
        pupilId: pupil.id,
        purpose,
        state,
        carerId,
        givenOn,
        ...(reference.trim() ? { evidenceReference: reference.trim() } : {}),
        ...(!reference.trim() && told && toldBy ? { toldBy } : {}),
      });
      setDone(
        `${stateLabels[result.state]} recorded for ${purposeLabels[purpose].toLowerCase()}; it holds until ${formatDate(result.expiresOn)}.`,
      );
      onRecorded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Record a decision from a signed form" id="consent-record">
      {carers.length === 0 ? (
        <Empty>No carer with parental responsibility is linked to this pupil.</Empty>
      ) : (
        <form onSubmit={submit} noValidate>
          <SelectField
            label="Carer who signed (with parental responsibility)"
            value={carerId}
            onChange={(event) => setCarerId(event.target.value)}
          >
            {carers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.givenName} {c.familyName}
                {c.relationship ? ` (${c.relationship})` : ''}
              </option>
            ))}
          </SelectField>
          <PurposeSelect label="Purpose" value={purpose} onChange={setPurpose} />
          <SelectField
            label="Decision on the form"
            value={state}
            onChange={(event) => setState(event.target.value as ConsentDecision)}
          >
            <option value="granted">Granted</option>
            <option value="refused">Refused</option>
            <option value="withdrawn">Withdrawn</option>
          </SelectField>
          <DateField
            label={state !== 'granted' && toldBy ? 'Date the carer told you' : 'Date signed'}
            value={givenOn}
            error={givenError}
            onChange={(event) => setGivenOn(event.target.value)}
          />
          {state === 'granted' ? null : (
            <SelectField
              label="How the carer told you"
              hint="A withdrawal or refusal told by phone, email or in person counts at once; the signed form can follow."
              value={toldBy}
              onChange={(event) => setToldBy(event.target.value as ConsentToldBy | '')}
            >
              <option value="">On a signed form</option>
              {(Object.keys(toldByLabels) as ConsentToldBy[]).map((how) => (
                <option key={how} value={how}>
                  {toldByLabels[how]}
                </option>
              ))}
            </SelectField>
          )}
          <TextField
            label={
              state !== 'granted' && toldBy
                ? 'Evidence reference (optional: add it when the written confirmation arrives)'
                : 'Evidence reference'
            }
            hint="Where the signed form is kept, for example its scan's file name."
            value={reference}
            maxLength={200}
            error={referenceError}
            onChange={(event) => setReference(event.target.value)}
          />
          {error ? <ErrorNotice error={error} title="The decision was not recorded" /> : null}
          {done ? <Banner tone="success" title={done} live /> : null}
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              Record the decision
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}
