import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { type AuditEvent, type AuditFilters, auditExportUrl } from '../api/endpoints';
import { auditQuery } from '../api/queries';
import { Button } from '../components/button';
import { DateField } from '../components/date-field';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { Empty, ErrorNotice, Loading } from '../components/status';
import { DataTable } from '../components/table';
import { formatDateTime } from '../format';
import { useRouter } from '../router';

const filterKeys = ['type', 'actor', 'from', 'to', 'subject'] as const;

/** The school's tamper-evident audit log, filtered; the same filters apply to the CSV export. */
export function AuditPage() {
  const { location, navigate } = useRouter();
  const filters: AuditFilters = {};
  for (const key of filterKeys) {
    const value = location.search.get(key);
    if (value) filters[key] = value;
  }
  const [draft, setDraft] = useState<AuditFilters>(filters);
  // The newest page first; "Show older entries" asks for the next one from where the last page ended.
  const entries = useInfiniteQuery({
    ...auditQuery(filters),
    // Other filters keep the entries shown until their own answer arrives.
    placeholderData: keepPreviousData,
  });
  // An older page that failed leaves the entries already shown; only a failed first page replaces them.
  const failed = entries.isError && !entries.isFetchNextPageError;
  const rows = entries.data && !failed ? entries.data.pages.flatMap((page) => page.items) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const key of filterKeys) {
      const value = draft[key]?.trim();
      if (value) params.set(key, value);
    }
    const text = params.toString();
    navigate(`/audit${text ? `?${text}` : ''}`);
  };

  return (
    <Page
      title="Audit log"
      intro="Every change and every read of a sensitive record, in order. Each entry is chained to the one before it."
      actions={
        <a className="button button--secondary" href={auditExportUrl(filters)} download>
          Export as CSV
        </a>
      }
    >
      <form className="card search-form" onSubmit={submit} aria-label="Filter the audit log">
        <TextField
          label="Event type"
          hint="For example policy.acknowledged"
          name="type"
          value={draft.type ?? ''}
          onChange={(event) => setDraft({ ...draft, type: event.target.value })}
        />
        <TextField
          label="Who"
          hint="Email address"
          name="actor"
          value={draft.actor ?? ''}
          onChange={(event) => setDraft({ ...draft, actor: event.target.value })}
        />
        <DateField
          label="From"
          name="from"
          value={draft.from ?? ''}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
        />
        <DateField
          label="To"
          name="to"
          value={draft.to ?? ''}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
        />
        <div className="search-form__submit">
          <Button type="submit">Filter</Button>
        </div>
      </form>
      <section className="card" aria-labelledby="audit-results">
        <h2 id="audit-results">Entries</h2>
        {entries.isPending ? <Loading /> : null}
        {failed ? <ErrorNotice error={entries.error} title="The audit log could not be loaded" /> : null}
        {entries.data && !failed ? (
          rows.length === 0 ? (
            <Empty>No entries match these filters.</Empty>
          ) : (
            <DataTable<AuditEvent>
              caption="Audit entries, newest first"
              rows={rows}
              rowKey={(entry) => entry.id}
              columns={[
                {
                  header: 'When',
                  cell: (entry) => <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>,
                },
                { header: 'Event', cell: (entry) => <code>{entry.type}</code> },
                { header: 'Who', cell: (entry) => entry.actor },
                { header: 'About', cell: (entry) => describeSubject(entry) },
                { header: '#', cell: (entry) => entry.seq, className: 'wide-only' },
              ]}
            />
          )
        ) : null}
        {entries.isFetchNextPageError ? (
          <ErrorNotice error={entries.error} title="More entries could not be loaded" />
        ) : null}
        {entries.hasNextPage && !failed ? (
          <div className="form-actions">
            <Button variant="secondary" onClick={() => void entries.fetchNextPage()}>
              Show older entries
            </Button>
          </div>
        ) : null}
        {failed && entries.error instanceof ApiError && entries.error.code === 'InvalidRequest' ? (
          <p className="muted">Check the dates: use the date pickers or the form 2026-11-24.</p>
        ) : null}
      </section>
    </Page>
  );
}

function describeSubject(entry: AuditEvent): string {
  const subject = entry.subjectType
    ? `${entry.subjectType}${entry.subjectId ? ` ${entry.subjectId.slice(0, 8)}` : ''}`
    : '';
  const details = Object.entries(entry.data)
    .filter(
      ([, value]) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
    )
    .slice(0, 3)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
  return [subject, details].filter(Boolean).join(' · ') || '–';
}
