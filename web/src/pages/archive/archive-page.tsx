import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ArchiveFilters, ArchiveRecord } from '../../api/archive';
import type { PupilMatch } from '../../api/checks';
import { ApiError } from '../../api/client';
import { archiveSearchQuery, registerQuery, useCheckRules } from '../../api/queries';
import { Button } from '../../components/button';
import { DateField } from '../../components/date-field';
import { SelectField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatCount, formatDateTime } from '../../format';
import { Link, useRouter } from '../../router';
import { PupilTagger } from '../checks/pupil-tagger';
import './archive.css';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

type FieldErrors = Partial<Record<'from' | 'to' | 'rule' | 'accountId' | 'pupilId', string>>;

/** Checks the search before it is sent: the message goes beside the field it is about. */
export function validateArchiveFilters(filters: ArchiveFilters): FieldErrors {
  const errors: FieldErrors = {};
  const validDate = (value: string) => isoDate.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
  if (filters.from && !validDate(filters.from)) errors.from = 'Enter the date as day, month and year.';
  if (filters.to && !validDate(filters.to)) errors.to = 'Enter the date as day, month and year.';
  if (!errors.from && !errors.to && filters.from && filters.to && filters.from > filters.to)
    errors.to = 'The end date must be on or after the start date.';
  return errors;
}

/** The server names the field in each detail ("querystring.from: …"); put each beside its field. */
function fieldErrorsFrom(error: unknown): FieldErrors | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const errors: FieldErrors = {};
  for (const detail of [error.message, ...error.details]) {
    const match = /^querystring\.(from|to|rule|accountId|pupilId): (.+)$/.exec(detail);
    const field = match?.[1] as keyof FieldErrors | undefined;
    if (field && !errors[field]) errors[field] = `Not accepted: ${match?.[2] ?? 'check this value'}.`;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function filtersFrom(search: URLSearchParams): ArchiveFilters {
  const read = (key: string) => search.get(key) || undefined;
  return {
    accountId: read('accountId'),
    pupilId: read('pupilId'),
    rule: read('rule'),
    from: read('from'),
    to: read('to'),
  };
}

function accountName(account: { platformName: string; handle: string | null; profileUrl: string | null }) {
  return `${account.handle ?? account.profileUrl ?? 'Account'} (${account.platformName})`;
}

/**
 * Archive search for SMT, the headteacher and admins: what the school published, by account, pupil, date
 * and rule. The search lives in the address, so a result list can be shared and reloaded.
 */
export function ArchivePage() {
  const checkRules = useCheckRules();
  const { location, navigate } = useRouter();
  const applied = filtersFrom(location.search);
  const [draft, setDraft] = useState<ArchiveFilters>(applied);
  const [pupil, setPupil] = useState<PupilMatch | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const accounts = useQuery(registerQuery({}));
  // An invalid search in the address is not sent: the page asks for it to be corrected.
  const sendable = Object.keys(validateArchiveFilters(applied)).length === 0;
  const results = useQuery({
    ...archiveSearchQuery(applied),
    enabled: sendable,
    // A new search keeps the previous results on screen until its own arrive.
    placeholderData: keepPreviousData,
  });
  const serverErrors = results.isError ? fieldErrorsFrom(results.error) : undefined;
  const shownErrors = { ...serverErrors, ...errors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filters: ArchiveFilters = { ...draft, pupilId: pupil?.id ?? draft.pupilId };
    const invalid = validateArchiveFilters(filters);
    setErrors(invalid);
    if (Object.keys(invalid).length > 0) return;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    const text = params.toString();
    navigate(`/archive${text ? `?${text}` : ''}`);
  };

  const set = (key: keyof ArchiveFilters) => (value: string) =>
    setDraft((previous) => ({ ...previous, [key]: value || undefined }));

  return (
    <Page
      title="Publication archive"
      intro="Everything the school published on its accounts, exactly as it went out, with the check, approvals and consent at that moment."
    >
      <form className="card archive-search" onSubmit={submit} aria-label="Search the archive" noValidate>
        <SelectField
          label="Account"
          name="accountId"
          value={draft.accountId ?? ''}
          onChange={(event) => set('accountId')(event.target.value)}
          error={shownErrors.accountId}
          hint={accounts.isError ? 'The list of accounts could not be loaded.' : undefined}
        >
          <option value="">All accounts</option>
          {accounts.isSuccess
            ? accounts.data.items.map((account) => (
                <option key={account.id} value={account.id}>
                  {accountName(account)}
                </option>
              ))
            : null}
        </SelectField>
        <SelectField
          label="Rule"
          name="rule"
          value={draft.rule ?? ''}
          onChange={(event) => set('rule')(event.target.value)}
          error={shownErrors.rule}
          hint="Posts on which this rule found something"
        >
          <option value="">Any rule</option>
          {checkRules.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.title} (clause {rule.clause})
            </option>
          ))}
        </SelectField>
        <DateField
          label="Published from"
          name="from"
          value={draft.from ?? ''}
          error={shownErrors.from}
          onChange={(event) => set('from')(event.target.value)}
        />
        <DateField
          label="Published to"
          name="to"
          value={draft.to ?? ''}
          error={shownErrors.to}
          onChange={(event) => set('to')(event.target.value)}
        />
        <div className="archive-search__pupil">
          <PupilTagger
            label="Pupil shown in the post"
            tagged={pupil ? [pupil] : []}
            onChange={(pupils) => {
              const chosen = pupils[pupils.length - 1] ?? null;
              setPupil(chosen);
              setDraft((previous) => ({ ...previous, pupilId: chosen?.id }));
            }}
          />
          {draft.pupilId && !pupil ? (
            <p className="muted">
              Searching for one pupil.{' '}
              <Button
                variant="quiet"
                onClick={() => setDraft((previous) => ({ ...previous, pupilId: undefined }))}
              >
                Any pupil
              </Button>
            </p>
          ) : null}
          {shownErrors.pupilId ? <p className="field__error">{shownErrors.pupilId}</p> : null}
        </div>
        <div className="form-actions">
          <Button type="submit">Search</Button>
        </div>
      </form>
      <section aria-labelledby="archive-results-heading" className="card">
        <h2 id="archive-results-heading">Published posts</h2>
        {!sendable ? (
          <p className="muted">Correct the search above to see results.</p>
        ) : results.isPending ? (
          <Loading label="Searching the archive…" />
        ) : results.isError ? (
          serverErrors ? (
            <p className="field__error">Some search values were not accepted: see the fields above.</p>
          ) : (
            <ErrorNotice error={results.error} title="The archive could not be searched" />
          )
        ) : (
          <ArchiveResults records={results.data} />
        )}
      </section>
    </Page>
  );
}

function ArchiveResults({ records }: { records: ArchiveRecord[] }) {
  return (
    <>
      <p role="status" className="muted">
        {formatCount(records.length, 'published post')} found.
      </p>
      {records.length === 0 ? (
        <Empty>Nothing published matches. Widen the dates or choose another account.</Empty>
      ) : (
        <DataTable<ArchiveRecord>
          caption="Published posts found"
          rows={records}
          rowKey={(record) => record.id}
          columns={[
            {
              header: 'Published',
              cell: (record) => (
                <Link to={`/archive/${record.id}`}>{formatDateTime(record.publishedAt)}</Link>
              ),
            },
            { header: 'Account', cell: (record) => record.account.handle },
            {
              header: 'Text',
              cell: (record) => <span className="archive-excerpt">{excerpt(record.text)}</span>,
            },
            {
              header: 'Pupils',
              cell: (record) =>
                record.noIdentifiablePupils
                  ? 'None identifiable'
                  : formatCount(record.taggedPupils.length, 'tagged pupil'),
            },
            {
              header: 'Check',
              cell: (record) => <VerdictBadge verdict={record.verdict} />,
            },
            { header: 'Published by', cell: (record) => record.publishedBy.name },
          ]}
        />
      )}
    </>
  );
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 89)}…` : flat || '(no text)';
}

export function VerdictBadge({ verdict }: { verdict: string }) {
  if (verdict === 'pass') return <Badge tone="good">Passed</Badge>;
  if (verdict === 'review') return <Badge tone="warn">Reviewed</Badge>;
  return <Badge tone="bad">Blocked</Badge>;
}
