import { type FormEvent, useId, useRef, useState } from 'react';
import { importRoster, type RosterChange, type RosterDiff } from '../api/endpoints';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { Page, Section } from '../components/page';
import { ErrorNotice } from '../components/status';
import { formatCount } from '../format';

type Step =
  | { step: 'choose' }
  | { step: 'checking' }
  | { step: 'review'; diff: RosterDiff }
  | { step: 'writing'; diff: RosterDiff }
  | { step: 'done'; diff: RosterDiff };

/**
 * Upload, see what would change (a dry run that writes nothing), then confirm. The confirmed import
 * sends the same file again: the server re-checks it and writes everything in one transaction or nothing.
 */
export function RosterImportPage() {
  const [file, setFile] = useState<File>();
  const [step, setStep] = useState<Step>({ step: 'choose' });
  const [error, setError] = useState<unknown>();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setStep({ step: 'checking' });
    try {
      setStep({ step: 'review', diff: await importRoster(file, true) });
    } catch (failure) {
      setError(failure);
      setStep({ step: 'choose' });
    }
  };

  const confirm = async (diff: RosterDiff) => {
    if (!file) return;
    setError(undefined);
    setStep({ step: 'writing', diff });
    try {
      setStep({ step: 'done', diff: await importRoster(file, false) });
    } catch (failure) {
      setError(failure);
      setStep({ step: 'review', diff });
    }
  };

  const restart = () => {
    setFile(undefined);
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
        <form onSubmit={check} className="stack">
          <div className="field">
            <label htmlFor={inputId}>Roster file</label>
            <p className="field__hint" id={`${inputId}-hint`}>
              A simple CSV (header <code>role,external_id,given_name,…</code>) or a OneRoster 1.1 zip.
            </p>
            <input
              ref={input}
              id={inputId}
              type="file"
              name="file"
              accept=".csv,.zip,text/csv,application/zip"
              aria-describedby={`${inputId}-hint`}
              onChange={(event) => {
                setFile(event.target.files?.[0]);
                setStep({ step: 'choose' });
              }}
            />
          </div>
          <div className="form-actions">
            <Button type="submit" disabled={!file} busy={step.step === 'checking'}>
              Check the file
            </Button>
          </div>
        </form>
      </Section>
      {step.step === 'review' || step.step === 'writing' ? (
        <Section title="2. Check the changes" id="roster-diff">
          <Banner tone="info" title="Nothing has been saved yet" live>
            <p>
              This is what the import would change. Pupils missing from the file are marked as left, never
              deleted.
            </p>
          </Banner>
          <DiffView diff={step.diff} />
          <div className="form-actions">
            <Button busy={step.step === 'writing'} onClick={() => void confirm(step.diff)}>
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
            <p>
              {formatCount(step.diff.added.length, 'record')} added,{' '}
              {formatCount(step.diff.updated.length, 'record')} updated,{' '}
              {formatCount(step.diff.leavers.length, 'pupil')} marked as left.
            </p>
          </Banner>
          <Button variant="secondary" onClick={restart}>
            Import another file
          </Button>
        </Section>
      ) : null}
    </Page>
  );
}

function DiffView({ diff }: { diff: RosterDiff }) {
  return (
    <div className="diff">
      <ul className="diff__totals" aria-label="Summary of changes">
        <li className="diff__total">
          <strong>{diff.added.length}</strong> to add
        </li>
        <li className="diff__total">
          <strong>{diff.updated.length}</strong> to update
        </li>
        <li className="diff__total">
          <strong>{diff.leavers.length}</strong> leaving
        </li>
        <li className="diff__total">
          <strong>{diff.unchanged}</strong> unchanged
        </li>
      </ul>
      <ChangeList title="Added" changes={diff.added} />
      <ChangeList title="Updated" changes={diff.updated} />
      <ChangeList title="Leavers" changes={diff.leavers} />
    </div>
  );
}

function ChangeList({ title, changes }: { title: string; changes: RosterChange[] }) {
  if (changes.length === 0) return null;
  const shown = changes.slice(0, 200);
  return (
    <details className="diff__list" open={changes.length <= 20}>
      <summary>
        {title} ({changes.length})
      </summary>
      <ul className="plain-list">
        {shown.map((change) => (
          <li key={`${change.role}-${change.externalId}`}>
            <span className="badge badge--neutral">{change.role}</span> {change.name}{' '}
            <code className="muted">{change.externalId}</code>
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
