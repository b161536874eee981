import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { type AuditEvent, type AuditFilters, auditExportUrl, fetchAudit } from '../api/endpoints';
import { Button } from '../components/button';
import { DateField } from '../components/date-field';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { Empty, ErrorNotice, Loading } from '../components/status';
import { DataTable } from '../components/table';
import { formatDateTime } from '../format';
import { useRouter } from '../router';
import { useAsync } from '../use-async';

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
  const entries = useAsync(() => fetchAudit(filters), [location.search.toString()]);
  const [more, setMore] = useState<{ items: AuditEvent[]; nextCursor: string | null; forSearch: string }>();
  const [moreError, setMoreError] = useState<unknown>();
  const search = location.search.toString();
  const extra = more?.forSearch === search ? more : undefined;
  const rows = entries.state === 'ready' ? [...entries.data.items, ...(extra?.items ?? [])] : [];
  const nextCursor = extra ? extra.nextCursor : entries.state === 'ready' ? entries.data.nextCursor : null;
  const loadMore = async () => {
    if (!nextCursor) return;
    setMoreError(undefined);
    try {
      const page = await fetchAudit(filters, nextCursor);
      setMore({
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
        forSearch: search,
      });
    } catch (failure) {
      setMoreError(failure);
    }
  };

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
        {entries.state === 'loading' ? <Loading /> : null}
        {entries.state === 'error' ? (
          <ErrorNotice error={entries.error} title="The audit log could not be loaded" />
        ) : null}
        {entries.state === 'ready' ? (
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
        {moreError ? <ErrorNotice error={moreError} title="More entries could not be loaded" /> : null}
        {nextCursor ? (
          <div className="form-actions">
            <Button variant="secondary" onClick={() => void loadMore()}>
              Show older entries
            </Button>
          </div>
        ) : null}
        {entries.state === 'error' &&
        entries.error instanceof ApiError &&
        entries.error.code === 'InvalidRequest' ? (
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
