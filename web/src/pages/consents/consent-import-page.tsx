import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { type ConsentImportResult, importConsents } from '../../api/consents';
import { consentKeys } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Page, Section } from '../../components/page';
import { ErrorNotice } from '../../components/status';
import { formatCount } from '../../format';
import './consents.css';

type Step =
  | { step: 'choose' }
  | { step: 'checking' }
  | { step: 'review'; result: ConsentImportResult }
  | { step: 'writing'; result: ConsentImportResult }
  | { step: 'done'; result: ConsentImportResult };

/**
 * Consents from the MIS: upload the CSV, see what a dry run would record (or every problem as
 * file:line:column), then import. All or nothing: one bad row refuses the whole file.
 */
export function ConsentImportPage() {
  const [file, setFile] = useState<File>();
  const [step, setStep] = useState<Step>({ step: 'choose' });
  const [error, setError] = useState<unknown>();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setStep({ step: 'checking' });
    try {
      setStep({ step: 'review', result: await importConsents(file, true) });
    } catch (failure) {
      setError(failure);
      setStep({ step: 'choose' });
    }
  };

  const confirm = async (checked: ConsentImportResult) => {
    if (!file) return;
    setError(undefined);
    setStep({ step: 'writing', result: checked });
    try {
      const result = await importConsents(file, false);
      // The imported decisions change pupils' consent and the class registers already read.
      for (const queryKey of consentKeys) void queryClient.invalidateQueries({ queryKey });
      setStep({ step: 'done', result });
    } catch (failure) {
      setError(failure);
      setStep({ step: 'review', result: checked });
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
      title="Consent import"
      intro="Load written photo consents from your MIS export. You see the result before anything is saved."
    >
      {error ? <ImportProblems error={error} /> : null}
      <Section title="1. Choose the file" id="consent-file">
        <form onSubmit={check}>
          <div className="field">
            <label htmlFor={inputId}>Consent file (CSV)</label>
            <p className="field__hint" id={`${inputId}-hint`}>
              Header <code>pupil_external_id,purpose,state,date,evidence_reference</code> and optionally{' '}
              <code>carer_external_id</code>. Purpose is <code>social_media</code>, <code>website</code> or{' '}
              <code>press</code>; state is <code>granted</code>, <code>refused</code> or{' '}
              <code>withdrawn</code>; dates as YYYY-MM-DD.
            </p>
            <input
              ref={input}
              id={inputId}
              type="file"
              name="file"
              accept=".csv,text/csv"
              aria-describedby={`${inputId}-hint`}
              onChange={(event) => {
                setFile(event.target.files?.[0]);
                setError(undefined);
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
        <Section title="2. Check the result" id="consent-dry-run">
          <Banner tone="info" title="Nothing has been saved yet" live>
            <p>The file has no problems. This is what the import would record.</p>
          </Banner>
          <Counts result={step.result} />
          <div className="form-actions">
            <Button busy={step.step === 'writing'} onClick={() => void confirm(step.result)}>
              Import these consents
            </Button>
            <Button variant="secondary" onClick={restart}>
              Cancel
            </Button>
          </div>
        </Section>
      ) : null}
      {step.step === 'done' ? (
        <Section title="Import complete" id="consent-done">
          <Banner tone="success" title="The consents have been imported" live>
            <p>
              {formatCount(step.result.counts.recorded ?? 0, 'decision')} recorded,{' '}
              {formatCount(step.result.counts.unchanged ?? 0, 'row')} already on record.
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

function Counts({ result }: { result: ConsentImportResult }) {
  const c = result.counts;
  const items: [string, number | undefined][] = [
    ['rows in the file', c.rows],
    ['decisions to record', c.recorded],
    ['already on record (skipped)', c.unchanged],
    ['granted', c.granted],
    ['refused', c.refused],
    ['withdrawn', c.withdrawn],
  ];
  return (
    <ul className="diff__totals" aria-label="What the import would record">
      {items.map(([label, n]) => (
        <li key={label} className="diff__total">
          <strong>{n ?? 0}</strong> {label}
        </li>
      ))}
    </ul>
  );
}

/** A refused file lists every problem as file:line:column, so the MIS export can be fixed in one go. */
function ImportProblems({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.code !== 'ConsentFileInvalid')
    return <ErrorNotice error={error} title="The consents were not imported" />;
  return (
    <Banner tone="danger" title="The file was refused: nothing was imported" live>
      <p>
        {error.details.length === 1 ? 'Fix this problem' : `Fix these ${error.details.length} problems`} in
        the file and check it again.
      </p>
      <ul className="import-problems">
        {error.details.map((detail) => (
          <li key={detail}>
            <code>{detail}</code>
          </li>
        ))}
      </ul>
    </Banner>
  );
}
