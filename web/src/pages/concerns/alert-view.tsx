import { type FormEvent, useState } from 'react';
import { type AlertView, acknowledgeAlert, handOnAlert } from '../../api/concerns';
import { roleLabels } from '../../api/endpoints';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Badge, ErrorNotice } from '../../components/status';
import { formatDateTime } from '../../format';
import { typeShortLabels } from './labels';
import './concerns.css';

/**
 * A concern as its alert shows it, for someone it escalated to who may not read it (a headteacher and a
 * child-protection concern): why it reached them, who may read it and how to reach them, and the two things
 * they can do about it: acknowledge it, or hand it on to one of those leads.
 */
export function AlertedConcernView({
  alert,
  onChange,
}: {
  alert: AlertView;
  onChange(next: AlertView): void;
}) {
  const names = new Map(alert.readers.map((r) => [r.staffId, r.name]));
  return (
    <Page
      title={`Concern ${alert.reference}`}
      intro={`${typeShortLabels[alert.type]}. Reported on ${formatDateTime(alert.reportedAt)}.`}
    >
      <p className="concern-badges">
        {alert.urgency === 'urgent' ? <Badge tone="bad">Urgent</Badge> : <Badge>Routine</Badge>}{' '}
        {alert.acknowledgedAt === null ? (
          <Badge tone="warn">Not acknowledged</Badge>
        ) : (
          <Badge>Acknowledged</Badge>
        )}
      </p>
      {alert.escalationLevel > 0 ? (
        <p>
          <strong>This concern was escalated to you</strong> because nobody acknowledged it in time.
        </p>
      ) : null}
      {alert.canRead ? null : (
        <Banner tone="warning" title="You may not read this concern">
          <p>
            It is a child-protection concern: only the Designated Safeguarding Lead and their deputies read it
            (the school's setting). Make sure one of them has it: acknowledge the alert so that the escalation
            stops, or hand it on to one of them, who is told at once.
          </p>
        </Banner>
      )}

      <Section title="Who can read it" id="readers">
        {alert.readers.length === 0 ? (
          <p>Nobody in the school may read this concern at present. Contact your local authority's LADO.</p>
        ) : (
          <ul className="concern-readers">
            {alert.readers.map((r) => (
              <li key={r.staffId} className="concern-reader">
                <strong>{r.name}</strong>, {roleLabels[r.role]} · <a href={`mailto:${r.email}`}>{r.email}</a>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {alert.status === 'closed' ? null : (
        <Section title="Act on this alert" id="act">
          {alert.acknowledgedAt === null ? (
            <AcknowledgeButton id={alert.id} onChange={onChange} />
          ) : (
            <p>Acknowledged on {formatDateTime(alert.acknowledgedAt)}.</p>
          )}
          {alert.assignedStaffId ? (
            <p>Handed on to {names.get(alert.assignedStaffId) ?? 'a safeguarding lead'}.</p>
          ) : null}
          {alert.readers.length > 0 ? <HandOnForm alert={alert} onChange={onChange} /> : null}
        </Section>
      )}
    </Page>
  );
}

function AcknowledgeButton({ id, onChange }: { id: string; onChange(next: AlertView): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <div className="form-actions">
      {error ? <ErrorNotice error={error} title="Not acknowledged" /> : null}
      <Button
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            onChange(await acknowledgeAlert(id));
          } catch (caught) {
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        Acknowledge
      </Button>
    </div>
  );
}

function HandOnForm({ alert, onChange }: { alert: AlertView; onChange(next: AlertView): void }) {
  const [staffId, setStaffId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!staffId) return setError(new Error('Choose who to hand it to.'));
    setBusy(true);
    setError(undefined);
    try {
      onChange(await handOnAlert(alert.id, staffId));
      setStaffId('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="concern-triage-form">
      {error ? <ErrorNotice error={error} title="Not handed on" /> : null}
      <SelectField
        label="Hand it on to"
        hint="They are told at once, in Guardpost and by email (the email holds no details)."
        value={staffId}
        onChange={(e) => setStaffId(e.target.value)}
      >
        <option value="">Choose a safeguarding lead</option>
        {alert.readers.map((r) => (
          <option key={r.staffId} value={r.staffId}>
            {r.name} ({roleLabels[r.role]})
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="secondary" busy={busy}>
        Hand on
      </Button>
    </form>
  );
}
