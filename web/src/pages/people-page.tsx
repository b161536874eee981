import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PupilSummary } from '../api/endpoints';
import { pupilSearchQuery } from '../api/queries';
import { Button } from '../components/button';
import { SelectField, TextField } from '../components/field';
import { Page } from '../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../components/status';
import { DataTable } from '../components/table';
import { formatCount, yearGroupLabel } from '../format';
import { Link, useRouter } from '../router';

const yearGroups = [7, 8, 9, 10, 11, 12, 13, 0, 1, 2, 3, 4, 5, 6];

/** Pupil search by name and year group; the query lives in the address so a search can be shared. */
export function PeoplePage() {
  const { location, navigate } = useRouter();
  const q = location.search.get('q') ?? '';
  const year = location.search.get('year') ?? '';
  const status = location.search.get('status') ?? 'current';
  const offset = Math.max(0, Number(location.search.get('from') ?? '0') || 0);
  const [draftQ, setDraftQ] = useState(q);
  const [draftYear, setDraftYear] = useState(year);
  const [draftStatus, setDraftStatus] = useState(status);
  const search = {
    q: q || undefined,
    year: year ? Number(year) : undefined,
    status: status === 'left' || status === 'all' ? status : 'current',
    offset: offset || undefined,
  } as const;
  const results = useQuery({
    ...pupilSearchQuery(search),
    // Another search keeps the results shown until its own answer arrives.
    placeholderData: keepPreviousData,
  });
  // The same search, starting at another match: the address keeps the page so it can be shared too.
  const pageHref = (from: number) => {
    const params = new URLSearchParams(location.search);
    if (from > 0) params.set('from', String(from));
    else params.delete('from');
    const text = params.toString();
    return `/people${text ? `?${text}` : ''}`;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (draftQ.trim()) params.set('q', draftQ.trim());
    if (draftYear) params.set('year', draftYear);
    if (draftStatus !== 'current') params.set('status', draftStatus);
    const text = params.toString();
    navigate(`/people${text ? `?${text}` : ''}`);
  };

  return (
    <Page
      title="Pupils and carers"
      intro="Find a pupil by name or year group, then open their record to see their carers."
    >
      <form className="card search-form" onSubmit={submit} aria-label="Search pupils">
        <TextField
          label="Name"
          hint="Given, family or preferred name"
          type="search"
          name="q"
          value={draftQ}
          onChange={(event) => setDraftQ(event.target.value)}
        />
        <SelectField
          label="Year group"
          name="year"
          value={draftYear}
          onChange={(event) => setDraftYear(event.target.value)}
        >
          <option value="">All years</option>
          {yearGroups.map((y) => (
            <option key={y} value={String(y)}>
              {yearGroupLabel(y)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          name="status"
          value={draftStatus}
          onChange={(event) => setDraftStatus(event.target.value)}
        >
          <option value="current">On roll</option>
          <option value="left">Left</option>
          <option value="all">All</option>
        </SelectField>
        <div className="search-form__submit">
          <Button type="submit">Search</Button>
        </div>
      </form>
      <section aria-labelledby="results-heading" className="card">
        <h2 id="results-heading">Results</h2>
        {results.isPending ? <Loading label="Searching…" /> : null}
        {results.isError ? <ErrorNotice error={results.error} title="Search failed" /> : null}
        {results.isSuccess ? (
          <>
            <p role="status" className="muted">
              {results.data.total > results.data.pupils.length
                ? `${formatCount(results.data.total, 'pupil')} found; showing ${results.data.offset + 1}–${results.data.offset + results.data.pupils.length}, in name order.`
                : `${formatCount(results.data.total, 'pupil')} found.`}
            </p>
            {results.data.pupils.length === 0 ? (
              <Empty>No pupils match. Check the spelling or try another year group.</Empty>
            ) : (
              <DataTable<PupilSummary>
                caption="Pupils found"
                rows={results.data.pupils}
                rowKey={(pupil) => pupil.id}
                columns={[
                  {
                    header: 'Name',
                    cell: (pupil) => <Link to={`/people/pupils/${pupil.id}`}>{pupilName(pupil)}</Link>,
                  },
                  { header: 'Year', cell: (pupil) => yearGroupLabel(pupil.yearGroup) },
                  {
                    header: 'Status',
                    cell: (pupil) =>
                      pupil.status === 'current' ? <Badge tone="good">On roll</Badge> : <Badge>Left</Badge>,
                  },
                ]}
              />
            )}
            {results.data.total > results.data.pageSize ? (
              <nav aria-label="Pages of results" className="pager">
                {results.data.offset > 0 ? (
                  <Link to={pageHref(Math.max(0, results.data.offset - results.data.pageSize))}>
                    Previous {results.data.pageSize}
                  </Link>
                ) : null}
                {results.data.offset + results.data.pupils.length < results.data.total ? (
                  <Link to={pageHref(results.data.offset + results.data.pageSize)}>
                    Next{' '}
                    {Math.min(
                      results.data.pageSize,
                      results.data.total - results.data.offset - results.data.pupils.length,
                    )}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        ) : null}
      </section>
    </Page>
  );
}

export function pupilName(pupil: Pick<PupilSummary, 'givenName' | 'familyName' | 'preferredName'>): string {
  const known =
    pupil.preferredName && pupil.preferredName !== pupil.givenName ? ` (${pupil.preferredName})` : '';
  return `${pupil.givenName}${known} ${pupil.familyName}`;
}
