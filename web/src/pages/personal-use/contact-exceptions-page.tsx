import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { DateField } from '../../components/date-field';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDate } from '../../format';
import {
  type ContactChannel,
  type ContactException,
  decideContactException,
  fetchContactExceptions,
  requestContactException,
} from './contact-exceptions-api';
import './personal-use.css';

const channelWords: Record<ContactChannel, string> = {
  personal_phone: 'Personal phone',
  personal_email: 'Personal email',
};
const statusTone = {
  pending: 'warn',
  approved: 'good',
  refused: 'bad',
  expired: 'neutral',
  closed: 'neutral',
} as const;

/**
 * Clauses 1.5 and 1.6: a member of staff asks the headteacher before using a personal phone or email for
 * school business; the headteacher decides with a reason; SMT keeps the register. Approvals end by themselves.
 */
/** Both lists (mine, the register) read one path: a change refreshes both. */
const exceptionsKey = ['/api/contact-exceptions'] as const;

function useRefreshExceptions(): () => void {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: exceptionsKey });
}

export function ContactExceptionsPage() {
  const mine = useQuery({
    queryKey: [...exceptionsKey, 'mine'],
    queryFn: ({ signal }) => fetchContactExceptions('mine', signal),
  });
  const refresh = useRefreshExceptions();
  const canRegister = mine.isSuccess && mine.data.canReadRegister;
  return (
    <Page
      title="Personal phone and email"
      intro="Clauses 1.5 and 1.6: use school channels for school business. A personal phone or email needs the headteacher's approval first, for a set time, for example on a trip."
    >
      <RequestForm onSent={refresh} />
      <section className="card" aria-labelledby="my-requests-heading">
        <h2 id="my-requests-heading">My requests</h2>
        {mine.isPending ? <Loading /> : null}
        {mine.isError ? <ErrorNotice error={mine.error} title="Your requests could not be loaded" /> : null}
        {mine.isSuccess ? <ExceptionList rows={mine.data.exceptions} onChange={refresh} /> : null}
      </section>
      {canRegister ? <Register /> : null}
    </Page>
  );
}

function RequestForm({ onSent }: { onSent(): void }) {
  const [channel, setChannel] = useState<ContactChannel>('personal_phone');
  const [contact, setContact] = useState('');
  const [reason, setReason] = useState('');
  const [audience, setAudience] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await requestContactException({
        channel,
        reason,
        audience,
        from,
        to,
        ...(contact.trim() ? { contact: contact.trim() } : {}),
      });
      setDone(true);
      setReason('');
      setAudience('');
      setContact('');
      onSent();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="request-heading">
      <h2 id="request-heading">Ask the headteacher</h2>
      <SelectField
        label="Channel"
        name="channel"
        value={channel}
        onChange={(e) => setChannel(e.target.value as ContactChannel)}
      >
        <option value="personal_phone">My personal phone</option>
        <option value="personal_email">My personal email</option>
      </SelectField>
      <TextField
        label={channel === 'personal_phone' ? 'The number (optional)' : 'The address (optional)'}
        hint="Given here, your posts may carry it while the approval lasts."
        name="contact"
        value={contact}
        onChange={(e) => setContact(e.target.value)}
      />
      <TextField
        label="Why it is needed"
        name="reason"
        value={reason}
        required
        onChange={(e) => setReason(e.target.value)}
      />
      <TextField
        label="Who you will contact"
        hint="For example: carers of the Year 8 pupils on the trip."
        name="audience"
        value={audience}
        required
        onChange={(e) => setAudience(e.target.value)}
      />
      <div className="two-fields">
        <DateField label="From" name="from" value={from} required onChange={(e) => setFrom(e.target.value)} />
        <DateField label="To" name="to" value={to} required onChange={(e) => setTo(e.target.value)} />
      </div>
      {error ? <ErrorNotice error={error} title="The request was not sent" /> : null}
      {done ? (
        <Banner tone="success" title="Request sent" live>
          <p>The headteacher has been told. You will get a notification with the decision.</p>
        </Banner>
      ) : null}
      <Button type="submit" busy={busy}>
        Send request
      </Button>
    </form>
  );
}

function Register() {
  const register = useQuery({
    queryKey: [...exceptionsKey, 'register'],
    queryFn: ({ signal }) => fetchContactExceptions('register', signal),
  });
  const refresh = useRefreshExceptions();
  return (
    <section className="card" aria-labelledby="register-heading">
      <h2 id="register-heading">Register of personal channels</h2>
      <p className="muted">
        Every request at the school, with the headteacher's decision. Only the headteacher decides.
      </p>
      {register.isPending ? <Loading /> : null}
      {register.isError ? (
        <ErrorNotice error={register.error} title="The register could not be loaded" />
      ) : null}
      {register.isSuccess ? (
        <ExceptionList rows={register.data.exceptions} onChange={refresh} showWho />
      ) : null}
    </section>
  );
}

function ExceptionList({
  rows,
  onChange,
  showWho = false,
}: {
  rows: ContactException[];
  onChange(): void;
  showWho?: boolean;
}) {
  if (rows.length === 0) return <Empty>No requests yet.</Empty>;
  return (
    <ul className="exception-list">
      {rows.map((row) => (
        <li key={row.id} className="exception">
          <h3 className="exception__title">
            {showWho ? `${row.staffName}: ` : ''}
            {channelWords[row.channel]} {row.contact ? <span className="muted">({row.contact})</span> : null}{' '}
            <Badge tone={statusTone[row.status]}>{row.status}</Badge>
          </h3>
          <dl className="facts">
            <div>
              <dt>When</dt>
              <dd>
                {formatDate(row.from)} to {formatDate(row.to)}
              </dd>
            </div>
            <div>
              <dt>Who</dt>
              <dd>{row.audience}</dd>
            </div>
            <div>
              <dt>Why</dt>
              <dd>{row.reason}</dd>
            </div>
            {row.decisionReason ? (
              <div>
                <dt>Decision</dt>
                <dd>
                  {row.decisionReason}
                  {row.decidedBy ? ` (${row.decidedBy})` : ''}
                </dd>
              </div>
            ) : null}
          </dl>
          {row.canDecide ? <DecisionForm row={row} onDecided={onChange} /> : null}
        </li>
      ))}
    </ul>
  );
}

function DecisionForm({ row, onDecided }: { row: ContactException; onDecided(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'approved' | 'refused') => {
    setBusy(true);
    setError(null);
    try {
      await decideContactException(row.id, { decision, reason });
      onDecided();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <div className="decision">
      <TextField
        label="Reason for your decision"
        name={`decision-reason-${row.id}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {error ? <ErrorNotice error={error} title="The decision was not saved" /> : null}
      <div className="audit-result__actions">
        <Button busy={busy} onClick={() => decide('approved')}>
          Approve
        </Button>
        <Button busy={busy} variant="danger" onClick={() => decide('refused')}>
          Refuse
        </Button>
      </div>
    </div>
  );
}
