import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { importRoster, type RosterChange, type RosterImportResult } from '../api/endpoints';
import { rosterKeys } from '../api/queries';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { Page, Section } from '../components/page';
import { ErrorNotice } from '../components/status';
import { formatCount } from '../format';

type Step =
  | { step: 'choose' }
  | { step: 'checking' }
  | { step: 'review'; result: RosterImportResult }
  | { step: 'writing'; result: RosterImportResult }
  | { step: 'done'; result: RosterImportResult };

/**
 * Upload, see what would change (a dry run that writes nothing), then confirm. The confirmed import
 * sends the same files again: the server re-checks them and writes everything in one transaction or nothing.
 */
export function RosterImportPage() {
  const [files, setFiles] = useState<File[]>([]);
  // A partial update is the safe default: a whole-roster import marks everyone missing from it as left.
  const [full, setFull] = useState(false);
  const [step, setStep] = useState<Step>({ step: 'choose' });
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>();
  const inputId = useId();
  const fullId = useId();
  const confirmLeaversId = useId();
  // More than a tenth of the staff leaving looks like a cut-off file: the server refuses it without this.
  const [confirmStaffLeavers, setConfirmStaffLeavers] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) return;
    setError(undefined);
    setConfirmStaffLeavers(false);
    setStep({ step: 'checking' });
    try {
      setStep({ step: 'review', result: await importRoster(files, { dryRun: true, full }) });
    } catch (failure) {
      setError(failure);
      setStep({ step: 'choose' });
    }
  };

  const confirm = async (checked: RosterImportResult) => {
    setError(undefined);
    setStep({ step: 'writing', result: checked });
    try {
      const result = await importRoster(files, {
        dryRun: false,
        full: checked.full,
        confirmStaffLeavers: checked.staffLeaversNeedConfirmation && confirmStaffLeavers,
      });
      for (const queryKey of rosterKeys) void queryClient.invalidateQueries({ queryKey });
      setStep({ step: 'done', result });
    } catch (failure) {
      setError(failure);
      setStep({ step: 'review', result: checked });
    }
  };

  const restart = () => {
    setFiles([]);
    setStep({ step: 'choose' });
    if (input.current) input.current.value = '';
    input.current?.focus();
  };

  return (
    <Page
      title="Roster import"
      intro="Load pupils, carers and staff from your MIS export. You see every change before anything is saved."
    >
      {error ? <ErrorNotice error={error} title="The roster was not imported" /> : null}
      <Section title="1. Choose the file" id="roster-file">
        <form onSubmit={check}>
          <div className="field">
            <label htmlFor={inputId}>Roster file</label>
            <p className="field__hint" id={`${inputId}-hint`}>
              The simple CSV (header <code>role,external_id,given_name,…</code>), OneRoster 1.1 CSV files
              (choose <code>users.csv</code>, <code>demographics.csv</code> and <code>orgs.csv</code>{' '}
              together) or a OneRoster zip.
            </p>
            <input
              ref={input}
              id={inputId}
              type="file"
              name="file"
              multiple
              accept=".csv,.zip,text/csv,application/zip"
              aria-describedby={`${inputId}-hint`}
              onChange={(event) => {
                setFiles(Array.from(event.target.files ?? []));
                setStep({ step: 'choose' });
              }}
            />
          </div>
          <div className="checkbox">
            <input
              id={fullId}
              type="checkbox"
              checked={full}
              onChange={(event) => setFull(event.target.checked)}
            />
            <label htmlFor={fullId}>
              This is the whole roster: mark pupils and staff who are not in it as having left
            </label>
          </div>
          <div className="form-actions">
            <Button type="submit" disabled={files.length === 0} busy={step.step === 'checking'}>
              Check the file
            </Button>
          </div>
        </form>
      </Section>
      {step.step === 'review' || step.step === 'writing' ? (
        <Section title="2. Check the changes" id="roster-diff">
          <Banner tone="info" title="Nothing has been saved yet" live>
            <p>This is what the import would change. Pupils who leave are marked as left, never deleted.</p>
          </Banner>
          {step.result.diff.pupils.leavers.length > 0 ? (
            <Banner
              tone="warning"
              title={`${formatCount(step.result.diff.pupils.leavers.length, 'pupil')} would be marked as left`}
            >
              <p>
                They are not in this file. If the file is not your whole roster, cancel and import it again
                without “This is the whole roster”.
              </p>
            </Banner>
          ) : null}
          {step.result.diff.staff.leavers.length > 0 ? (
            <Banner
              tone="warning"
              title={`${formatCount(step.result.diff.staff.leavers.length, 'member of staff', 'members of staff')} would be marked as left`}
            >
              <p>
                They were on an earlier roster and are not in this one. They can no longer sign in here, their
                handover opens (their accounts on the register get a new owner or close) and SMT and the
                headteacher are told.
              </p>
              {step.result.staffLeaversNeedConfirmation ? (
                <div className="checkbox">
                  <input
                    id={confirmLeaversId}
                    type="checkbox"
                    checked={confirmStaffLeavers}
                    onChange={(event) => setConfirmStaffLeavers(event.target.checked)}
                  />
                  <label htmlFor={confirmLeaversId}>
                    That is more than a tenth of the staff: I have checked this file is the whole roster, and
                    they have all left
                  </label>
                </div>
              ) : null}
            </Banner>
          ) : null}
          <DiffView result={step.result} />
          <div className="form-actions">
            <Button
              busy={step.step === 'writing'}
              disabled={step.result.staffLeaversNeedConfirmation && !confirmStaffLeavers}
              onClick={() => void confirm(step.result)}
            >
              Import these changes
            </Button>
            <Button variant="secondary" onClick={restart}>
              Cancel
            </Button>
          </div>
        </Section>
      ) : null}
      {step.step === 'done' ? (
        <Section title="Import complete" id="roster-done">
          <Banner tone="success" title="The roster has been imported" live>
            <p>{summarise(step.result)}</p>
          </Banner>
          <Button variant="secondary" onClick={restart}>
            Import another file
          </Button>
        </Section>
      ) : null}
    </Page>
  );
}

function summarise(result: RosterImportResult): string {
  const { pupils, carers, staff } = result.diff;
  const added = pupils.added.length + carers.added.length + staff.added.length;
  const updated = pupils.updated.length + carers.updated.length + staff.updated.length;
  return `${formatCount(added, 'record')} added, ${formatCount(updated, 'record')} updated, ${formatCount(
    pupils.leavers.length,
    'pupil',
  )} and ${formatCount(staff.leavers.length, 'member of staff', 'members of staff')} marked as left.`;
}

function DiffView({ result }: { result: RosterImportResult }) {
  const { pupils, carers, staff, links } = result.diff;
  const groups = [
    {
      title: 'Pupils',
      added: pupils.added,
      updated: pupils.updated,
      leavers: pupils.leavers,
      unchanged: pupils.unchanged,
    },
    {
      title: 'Carers',
      added: carers.added,
      updated: carers.updated,
      leavers: [],
      unchanged: carers.unchanged,
    },
    {
      title: 'Staff',
      added: staff.added,
      updated: staff.updated,
      leavers: staff.leavers,
      unchanged: staff.unchanged,
    },
  ];
  return (
    <div className="diff">
      <p className="muted">
        Format: {result.format === 'oneroster' ? 'OneRoster 1.1' : 'simple CSV'} ·{' '}
        {result.full ? 'whole roster' : 'partial update'} · carer links: {links.added} new, {links.updated}{' '}
        changed, {links.ended} ended.
      </p>
      {groups.map((group) => (
        <div key={group.title} className="diff__group">
          <h3>{group.title}</h3>
          <ul className="diff__totals" aria-label={`${group.title}: summary of changes`}>
            <li className="diff__total">
              <strong>{group.added.length}</strong> to add
            </li>
            <li className="diff__total">
              <strong>{group.updated.length}</strong> to update
            </li>
            {group.title !== 'Carers' ? (
              <li className="diff__total">
                <strong>{group.leavers.length}</strong> leaving
              </li>
            ) : null}
            <li className="diff__total">
              <strong>{group.unchanged}</strong> unchanged
            </li>
          </ul>
          <ChangeList title={`${group.title} added`} changes={group.added} />
          <ChangeList title={`${group.title} updated`} changes={group.updated} />
          <ChangeList title={`${group.title} leaving`} changes={group.leavers} />
        </div>
      ))}
    </div>
  );
}

function ChangeList({ title, changes }: { title: string; changes: RosterChange[] }) {
  if (changes.length === 0) return null;
  const shown = changes.slice(0, 200);
  return (
    <details className="diff__list" open={changes.length <= 10}>
      <summary>
        {title} ({changes.length})
      </summary>
      <ul className="plain-list">
        {shown.map((change) => (
          <li key={change.externalId}>
            {change.name} <code className="muted">{change.externalId}</code>
            {change.changes && change.changes.length > 0 ? (
              <span className="muted"> – {change.changes.join(', ')}</span>
            ) : null}
          </li>
        ))}
      </ul>
      {changes.length > shown.length ? (
        <p className="muted">…and {changes.length - shown.length} more.</p>
      ) : null}
    </details>
  );
}
