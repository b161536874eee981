import { type FormEvent, useState } from 'react';
import { type DueRecord, fetchRetention, liftHold, placeHold, type RetentionView } from '../../api/retention';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatCount, formatDate, formatDateTime } from '../../format';
import { useAsync } from '../../use-async';

const kindWords: Record<DueRecord['kind'], string> = {
  concern: 'Safeguarding concern',
  consent: 'Consent history of a leaver',
  post_archive: 'Published post record',
};

/**
 * What passes its retention date in the next 90 days, for the DSL and SMT: each record with its date and
 * whether a legal hold keeps it, the rules with their legal basis, and the holds in force. Concerns are
 * listed one by one to the DSL and deputy only; SMT and the head see how many.
 */
export function RetentionPage() {
  const view = useAsync((signal) => fetchRetention(90, signal), []);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <Page
      title="Retention"
      intro="Records are destroyed automatically once their retention period ends, unless a legal hold keeps them. Place a hold on anything that must be kept for a claim, an investigation or an inquiry."
    >
      {message ? (
        <Banner tone="success" title="Done" live>
          <p>{message}</p>
        </Banner>
      ) : null}
      {view.state === 'loading' ? <Loading label="Loading retention…" /> : null}
      {view.state === 'error' ? (
        <ErrorNotice error={view.error} title="Retention could not be loaded" />
      ) : null}
      {view.state === 'ready' ? (
        <RetentionContent
          view={view.data}
          onChanged={(text) => {
            setMessage(text);
            view.reload();
          }}
        />
      ) : null}
    </Page>
  );
}

function RetentionContent({
  view,
  onChanged,
}: {
  view: RetentionView;
  onChanged: (message: string) => void;
}) {
  const ruleOf = new Map(view.rules.map((r) => [r.id, r]));
  return (
    <>
      <section className="card" aria-labelledby="due-heading">
        <h2 id="due-heading">Due by {formatDate(view.until)}</h2>
        <ul>
          {view.counts.map((count) => (
            <li key={count.ruleId}>
              {ruleOf.get(count.ruleId)?.label ?? count.kind}: {formatCount(count.due, 'record')}
              {count.held > 0 ? `, ${count.held} kept (held or still open)` : ''}
            </li>
          ))}
        </ul>
        {view.concernsHidden ? (
          <p className="muted">Safeguarding concerns are counted here; the DSL sees them one by one.</p>
        ) : null}
        {view.records.length === 0 ? (
          <Empty>No record passes its date in the next {view.days} days.</Empty>
        ) : (
          <DataTable
            caption="Records due for destruction"
            rows={view.records}
            rowKey={(r) => `${r.kind}-${r.id}`}
            columns={[
              { header: 'Record', cell: (r) => `${kindWords[r.kind]}: ${r.label}` },
              { header: 'Destroyed on', cell: (r) => formatDate(r.dueOn) },
              {
                header: 'State',
                cell: (r) =>
                  r.held ? (
                    <Badge tone="warn">Legal hold</Badge>
                  ) : r.open ? (
                    <Badge tone="warn">Still open</Badge>
                  ) : (
                    <Badge>Will be destroyed</Badge>
                  ),
              },
              {
                header: 'Hold',
                cell: (r) =>
                  r.held ? null : (
                    <HoldForm
                      record={r}
                      onPlaced={() =>
                        onChanged(`A legal hold now keeps ${kindWords[r.kind].toLowerCase()} ${r.label}.`)
                      }
                    />
                  ),
              },
            ]}
          />
        )}
      </section>

      <section className="card" aria-labelledby="holds-heading">
        <h2 id="holds-heading">Legal holds in force</h2>
        {view.holds.length === 0 ? (
          <Empty>No legal holds.</Empty>
        ) : (
          <ul>
            {view.holds.map((hold) => (
              <li key={hold.id}>
                <p>
                  {hold.targetKind === 'pupil'
                    ? 'Everything about a pupil'
                    : (kindWords[hold.targetKind as DueRecord['kind']] ?? hold.targetKind)}
                  , since {formatDateTime(hold.placedAt)}
                  {hold.placedBy ? ` (${hold.placedBy})` : ''}: {hold.reason}
                </p>
                <LiftForm holdId={hold.id} onLifted={() => onChanged('The legal hold is lifted.')} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Retention rules</h2>
        <dl>
          {view.rules.map((rule) => (
            <div key={rule.id}>
              <dt>{rule.label}</dt>
              <dd>
                <p>
                  {rule.action === 'keep' ? 'Kept ' : 'Destroyed '}
                  {rule.keptFor.startsWith('whole') ? '' : 'after '}
                  {rule.keptFor}.
                </p>
                <p className="muted">{rule.legalBasis}</p>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

function HoldForm({ record, onPlaced }: { record: DueRecord; onPlaced: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const target = record.kind === 'consent' ? 'pupil' : record.kind;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await placeHold(target, record.id, reason);
      onPlaced();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <TextField
        label="Why it must be kept"
        name={`hold-${record.id}`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {error ? <ErrorNotice error={error} title="The hold was not placed" /> : null}
      <Button type="submit" disabled={busy}>
        Place legal hold
      </Button>
    </form>
  );
}

function LiftForm({ holdId, onLifted }: { holdId: string; onLifted: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await liftHold(holdId, reason);
      onLifted();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <TextField
        label="Why the hold is no longer needed"
        name={`lift-${holdId}`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {error ? <ErrorNotice error={error} title="The hold was not lifted" /> : null}
      <Button type="submit" disabled={busy}>
        Lift hold
      </Button>
    </form>
  );
}
