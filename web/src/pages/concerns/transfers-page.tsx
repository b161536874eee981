import { type FormEvent, useState } from 'react';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import { useAsync } from '../../use-async';
import {
  fetchTransfers,
  recordTransferReceived,
  recordTransferSent,
  type TransferTask,
} from './concerns-api';
import './concerns.css';

/**
 * `/safeguarding/transfers`: child protection files that must follow a pupil who left (within 5 school
 * days), in the order the DSL works them: overdue, due, sent and waiting for the receiving school to
 * confirm, confirmed.
 */
export function TransfersPage() {
  const list = useAsync(() => fetchTransfers(), []);
  return (
    <Page
      title="Child protection file transfers"
      intro="When a pupil with a child protection file leaves, the file goes to their new school within 5 school days, separately from the main pupil file, and the receiving school confirms it arrived."
    >
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? (
        <ErrorNotice error={list.error} title="The transfers could not be loaded" />
      ) : null}
      {list.state === 'ready' ? <Transfers tasks={list.data.transfers} onChange={list.reload} /> : null}
    </Page>
  );
}

function Transfers({ tasks, onChange }: { tasks: TransferTask[]; onChange(): void }) {
  const overdue = tasks.filter((t) => t.status === 'pending' && t.overdue);
  const due = tasks.filter((t) => t.status === 'pending' && !t.overdue);
  const sent = tasks.filter((t) => t.status === 'sent');
  const received = tasks.filter((t) => t.status === 'received');
  return (
    <>
      <ul className="concern-totals" aria-label="Summary">
        <li className={overdue.length ? 'concern-total concern-total--alert' : 'concern-total'}>
          <strong>{overdue.length}</strong> overdue
        </li>
        <li className="concern-total">
          <strong>{due.length}</strong> due to go out
        </li>
        <li className="concern-total">
          <strong>{sent.length}</strong> sent, waiting for receipt
        </li>
        <li className="concern-total">
          <strong>{received.length}</strong> receipt confirmed
        </li>
      </ul>
      <TransferGroup
        title="Overdue"
        id="overdue"
        tasks={overdue}
        empty="Nothing overdue."
        onChange={onChange}
      />
      <TransferGroup
        title="Due to go out"
        id="due"
        tasks={due}
        empty="No file is waiting to be sent."
        onChange={onChange}
      />
      <TransferGroup
        title="Sent: waiting for the receiving school to confirm"
        id="sent"
        tasks={sent}
        empty="No file is waiting for confirmation."
        onChange={onChange}
      />
      <TransferGroup
        title="Receipt confirmed"
        id="received"
        tasks={received}
        empty="No transfer has been confirmed yet."
        onChange={onChange}
      />
    </>
  );
}

function TransferGroup({
  title,
  id,
  tasks,
  empty,
  onChange,
}: {
  title: string;
  id: string;
  tasks: TransferTask[];
  empty: string;
  onChange(): void;
}) {
  return (
    <Section title={title} id={`transfers-${id}`}>
      {tasks.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="transfer-list">
          {tasks.map((t) => (
            <li key={t.id} className="transfer">
              <h3 className="transfer__pupil">{t.pupilName}</h3>
              <p>
                Left on {formatDate(t.leftOn)} · due by {formatDate(t.dueOn)}{' '}
                {t.overdue ? <Badge tone="bad">Overdue</Badge> : null}
              </p>
              {t.sentAt ? (
                <p>
                  Sent to {t.destination} by {t.sentMethod} on {formatDateTime(t.sentAt)}.
                </p>
              ) : null}
              {t.receiptConfirmedAt ? (
                <p>
                  Receipt confirmed by {t.receiptFrom} on {formatDateTime(t.receiptConfirmedAt)}.
                </p>
              ) : null}
              {t.status === 'pending' ? <SentForm task={t} onChange={onChange} /> : null}
              {t.status === 'sent' ? <ReceivedForm task={t} onChange={onChange} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function useSubmit(onChange: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = (action: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function SentForm({ task, onChange }: { task: TransferTask; onChange(): void }) {
  const [destination, setDestination] = useState('');
  const [method, setMethod] = useState('');
  const { busy, error, submit } = useSubmit(onChange);
  return (
    <form
      className="concern-triage-form"
      onSubmit={submit(() => recordTransferSent(task.id, { destination, method }))}
    >
      {error ? <ErrorNotice error={error} title="Not recorded" /> : null}
      <TextField
        label={`New school for ${task.pupilName}`}
        value={destination}
        onChange={(e) => setDestination(e.target.value)}
        required
        maxLength={200}
      />
      <TextField
        label="Sent how"
        hint="For example: secure transfer (S2S), or by hand with a signed receipt."
        value={method}
        onChange={(e) => setMethod(e.target.value)}
        required
        maxLength={200}
      />
      <Button type="submit" busy={busy}>
        Record as sent<span className="visually-hidden">: {task.pupilName}</span>
      </Button>
    </form>
  );
}

function ReceivedForm({ task, onChange }: { task: TransferTask; onChange(): void }) {
  const [from, setFrom] = useState('');
  const { busy, error, submit } = useSubmit(onChange);
  return (
    <form className="concern-triage-form" onSubmit={submit(() => recordTransferReceived(task.id, { from }))}>
      {error ? <ErrorNotice error={error} title="Not recorded" /> : null}
      <TextField
        label={`Who at ${task.destination ?? 'the new school'} confirmed receipt`}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        required
        maxLength={200}
      />
      <Button type="submit" busy={busy}>
        Record receipt<span className="visually-hidden">: {task.pupilName}</span>
      </Button>
    </form>
  );
}
