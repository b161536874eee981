import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type DueRecord,
  fetchRetention,
  liftHold,
  placeHold,
  type RetentionRule,
  type RetentionView,
  retentionKey,
  setRetentionPeriod,
} from '../../api/retention';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatCount, formatDate, formatDateTime } from '../../format';

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
  const queryClient = useQueryClient();
  const view = useQuery({ queryKey: retentionKey(90), queryFn: ({ signal }) => fetchRetention(90, signal) });
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
      {view.isPending ? <Loading label="Loading retention…" /> : null}
      {view.isError ? <ErrorNotice error={view.error} title="Retention could not be loaded" /> : null}
      {view.data ? (
        <RetentionContent
          view={view.data}
          onChanged={async (text) => {
            setMessage(text);
            await queryClient.invalidateQueries({ queryKey: ['/api/retention'] });
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
  onChanged: (message: string) => Promise<void>;
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
        <p className="muted">
          The periods are the school's: the headteacher or the DSL may keep a kind of record longer than
          Guardpost's standard period (or, within the law's minimum, shorter), and the daily job and the list
          above follow the school's period from the next run. Each change is recorded in the audit log.
        </p>
        <dl>
          {view.rules.map((rule) => (
            <div key={rule.id}>
              <dt>{rule.label}</dt>
              <dd>
                <p>
                  Kept {rule.keptFor}
                  {rule.action === 'destroy' ? ', then destroyed' : ''}.
                  {rule.period?.setBySchool ? <> (The school's own period.)</> : null}
                </p>
                <p className="muted">{rule.legalBasis}</p>
                {rule.period && view.abilities.setPeriods ? (
                  <PeriodForm rule={rule} onSaved={(text) => onChanged(text)} />
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

const unitWords = { years: 'years', months: 'months', days: 'days' } as const;

/** The school's period for one rule, within the rule's bounds (the server holds them too). */
function PeriodForm({ rule, onSaved }: { rule: RetentionRule; onSaved: (message: string) => Promise<void> }) {
  const period = rule.period;
  const [amount, setAmount] = useState(String(period?.amount ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!period) return null;
  const unit = unitWords[period.unit];
  const save = async (value: number | null) => {
    setBusy(true);
    setError(null);
    try {
      await setRetentionPeriod(rule.id, value);
      await onSaved(
        value === null
          ? `${rule.label}: back to the standard period.`
          : `${rule.label}: kept for ${value} ${unit} now.`,
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(Number(amount));
  };
  return (
    <form onSubmit={submit} className="retention-period" aria-label={`Period for ${rule.label}`}>
      <TextField
        label={`School's period (${unit})`}
        hint={`Standard ${period.standard} ${unit}; between ${period.minimum} and ${period.maximum}. ${period.bounds}`}
        name={`period-${rule.id}`}
        type="number"
        inputMode="numeric"
        min={period.minimum}
        max={period.maximum}
        step={1}
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        required
      />
      {error ? <ErrorNotice error={error} title="The period was not changed" /> : null}
      <Button type="submit" disabled={busy}>
        Save period
      </Button>{' '}
      {period.setBySchool ? (
        <Button type="button" variant="secondary" disabled={busy} onClick={() => void save(null)}>
          Use the standard period
        </Button>
      ) : null}
    </form>
  );
}

function HoldForm({ record, onPlaced }: { record: DueRecord; onPlaced: () => Promise<void> }) {
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
      await onPlaced();
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

function LiftForm({ holdId, onLifted }: { holdId: string; onLifted: () => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await liftHold(holdId, reason);
      await onLifted();
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
