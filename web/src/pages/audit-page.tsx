import { type FormEvent, useState } from 'react';
import { type AuditEntry, type AuditFilters, auditExportUrl, fetchAudit } from '../api/endpoints';
import { Button } from '../components/button';
import { TextField } from '../components/field';
import { Page } from '../components/page';
import { Empty, ErrorNotice, Loading } from '../components/status';
import { DataTable } from '../components/table';
import { formatDateTime } from '../format';
import { useRouter } from '../router';
import { useAsync } from '../use-async';

const filterKeys = ['type', 'actor', 'from', 'to'] as const;

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
        <TextField
          label="From"
          type="date"
          name="from"
          value={draft.from ?? ''}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
        />
        <TextField
          label="To"
          type="date"
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
          entries.data.entries.length === 0 ? (
            <Empty>No entries match these filters.</Empty>
          ) : (
            <DataTable<AuditEntry>
              caption="Audit entries, newest first"
              rows={entries.data.entries}
              rowKey={(entry) => entry.id}
              columns={[
                {
                  header: 'When',
                  cell: (entry) => <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>,
                },
                { header: 'Event', cell: (entry) => <code>{entry.type}</code> },
                { header: 'Who', cell: (entry) => entry.actor },
                { header: 'What', cell: (entry) => entry.summary },
              ]}
            />
          )
        ) : null}
      </section>
    </Page>
  );
}
