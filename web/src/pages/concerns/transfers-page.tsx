import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { recordTransferReceived, recordTransferSent, type TransferTask } from '../../api/concerns';
import { transfersQuery } from '../../api/queries';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import './concerns.css';

/**
 * `/safeguarding/transfers`: child protection files that must follow a pupil who left (within 5 school
 * days), in the order the DSL works them: overdue, due, sent and waiting for the receiving school to
 * confirm, confirmed.
 */
export function TransfersPage() {
  const list = useQuery(transfersQuery());
  return (
    <Page
      title="Child protection file transfers"
      intro="When a pupil with a child protection file leaves, the file goes to their new school within 5 school days, separately from the main pupil file, and the receiving school confirms it arrived."
    >
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorNotice error={list.error} title="The transfers could not be loaded" /> : null}
      {list.isSuccess ? <Transfers tasks={list.data.transfers} /> : null}
    </Page>
  );
}

function Transfers({ tasks }: { tasks: TransferTask[] }) {
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
      <TransferGroup title="Overdue" id="overdue" tasks={overdue} empty="Nothing overdue." />
      <TransferGroup title="Due to go out" id="due" tasks={due} empty="No file is waiting to be sent." />
      <TransferGroup
        title="Sent: waiting for the receiving school to confirm"
        id="sent"
        tasks={sent}
        empty="No file is waiting for confirmation."
      />
      <TransferGroup
        title="Receipt confirmed"
        id="received"
        tasks={received}
        empty="No transfer has been confirmed yet."
      />
    </>
  );
}

function TransferGroup({
  title,
  id,
  tasks,
  empty,
}: {
  title: string;
  id: string;
  tasks: TransferTask[];
  empty: string;
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
              {t.status === 'pending' ? <SentForm task={t} /> : null}
              {t.status === 'sent' ? <ReceivedForm task={t} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** A step on a transfer: recorded, then the list is asked again (the task moves to its next group). */
function useTransferStep<Body>(record: (id: string, body: Body) => Promise<unknown>, id: string) {
  const queryClient = useQueryClient();
  const step = useMutation({
    mutationFn: (body: Body) => record(id, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: transfersQuery().queryKey }),
  });
  const submit = (body: Body) => (event: FormEvent) => {
    event.preventDefault();
    step.mutate(body);
  };
  return { busy: step.isPending, error: step.error, submit };
}

function SentForm({ task }: { task: TransferTask }) {
  const [destination, setDestination] = useState('');
  const [method, setMethod] = useState('');
  const { busy, error, submit } = useTransferStep(recordTransferSent, task.id);
  return (
    <form className="concern-triage-form" onSubmit={submit({ destination, method })}>
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

function ReceivedForm({ task }: { task: TransferTask }) {
  const [from, setFrom] = useState('');
  const { busy, error, submit } = useTransferStep(recordTransferReceived, task.id);
  return (
    <form className="concern-triage-form" onSubmit={submit({ from })}>
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
