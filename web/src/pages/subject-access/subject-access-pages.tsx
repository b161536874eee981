import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { linkTo } from '../../../../src/shared/links';
import {
  fetchSar,
  fetchSarList,
  findSarSubjects,
  openSar,
  reviewSar,
  type SarItem,
  type SarListItem,
  type SarPerson,
  type SubjectAccessRequest,
  sarExportUrl,
  sarKeys,
} from '../../api/subject-access';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatDate, formatDateTime } from '../../format';
import { useRouter } from '../../router';

const statusWords: Record<SubjectAccessRequest['status'], string> = {
  awaiting_review: 'Requested: awaiting the DSL review',
  reviewed: 'Reviewed: ready to release',
  released: 'Released',
};

const kindWords: Record<SarPerson['kind'], string> = {
  pupil: 'Pupil',
  carer: 'Carer',
  staff: 'Staff',
};

/**
 * Subject access: the school's requests with their state (requested, reviewed, released, and what the DSL
 * withheld and why), and opening a new one for a person found by name.
 */
export function OpenSubjectAccessPage() {
  return (
    <Page
      title="Subject access requests"
      intro="Someone has asked for the personal data the school holds about them. Open the request here; the DSL reviews it before anything is released, and the school answers within one calendar month."
    >
      <RequestList />
      <OpenRequestForm />
    </Page>
  );
}

function RequestList() {
  const list = useQuery({ queryKey: sarKeys.list, queryFn: ({ signal }) => fetchSarList(signal) });
  return (
    <section className="card" aria-labelledby="sar-list">
      <h2 id="sar-list">Requests</h2>
      {list.isPending ? <Loading label="Loading the requests…" /> : null}
      {list.isError ? <ErrorNotice error={list.error} title="The requests could not be loaded" /> : null}
      {list.data && list.data.requests.length === 0 ? <Empty>No subject access requests yet.</Empty> : null}
      {list.data && list.data.requests.length > 0 ? (
        <DataTable
          caption="Subject access requests, newest first"
          rows={list.data.requests}
          rowKey={(r) => r.id}
          columns={[
            {
              header: 'Whose data',
              cell: (r) => (
                <a href={linkTo('subjectAccessRequest', { id: r.id })}>
                  {r.subjectName ?? 'A person no longer on the records'} (
                  {kindWords[r.subjectKind].toLowerCase()})
                </a>
              ),
            },
            { header: 'Received', cell: (r) => formatDate(r.receivedOn) },
            { header: 'Answer by', cell: (r) => formatDate(r.dueOn) },
            { header: 'State', cell: (r) => <RequestState request={r} /> },
          ]}
        />
      ) : null}
    </section>
  );
}

function RequestState({ request }: { request: SarListItem }) {
  return (
    <>
      <Badge tone={request.status === 'awaiting_review' ? 'warn' : 'good'}>
        {statusWords[request.status]}
      </Badge>
      {request.status !== 'awaiting_review' ? (
        <p className="muted">
          {request.withheldCount === 0
            ? 'Nothing withheld.'
            : `${request.withheldCount} item(s) withheld: ${request.withheldReasons.join('; ')}`}
        </p>
      ) : null}
    </>
  );
}

/** Opening a request: whose data (found by name), and when the request was received. */
function OpenRequestForm() {
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<SarPerson | null>(null);
  const [receivedOn, setReceivedOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const resultsId = useId();
  const q = search.trim();
  const found = useQuery({
    queryKey: sarKeys.subjects(q),
    queryFn: ({ signal }) => findSarSubjects(q, signal),
    enabled: q.length >= 2,
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setError(new Error('Find the person and choose them from the list first.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const opened = await openSar(chosen.kind, chosen.id, receivedOn);
      await queryClient.invalidateQueries({ queryKey: sarKeys.list });
      navigate(linkTo('subjectAccessRequest', { id: opened.id }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const people = q.length >= 2 ? (found.data?.people ?? []) : [];
  return (
    <form className="card" onSubmit={submit} aria-labelledby="sar-open">
      <h2 id="sar-open">Open a request</h2>
      <TextField
        label="Find the person"
        hint="Type part of their name: pupils (current or left), carers and staff of the school."
        name="search"
        type="search"
        autoComplete="off"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setChosen(null);
        }}
        aria-controls={resultsId}
      />
      <fieldset id={resultsId} aria-live="polite">
        <legend>Whose data</legend>
        {q.length < 2 ? <p className="muted">Type at least two letters.</p> : null}
        {q.length >= 2 && found.isPending ? <Loading label="Searching…" /> : null}
        {found.isError ? <ErrorNotice error={found.error} title="The search failed" /> : null}
        {q.length >= 2 && found.data && people.length === 0 ? <p>No one of that name.</p> : null}
        {people.map((person) => (
          <label key={`${person.kind}-${person.id}`} className="choice">
            <input
              type="radio"
              name="subject"
              value={person.id}
              checked={chosen?.id === person.id && chosen.kind === person.kind}
              onChange={() => setChosen(person)}
            />{' '}
            {person.name} ({kindWords[person.kind].toLowerCase()}
            {person.detail ? `, ${person.detail}` : ''})
          </label>
        ))}
      </fieldset>
      <TextField
        label="Received on"
        hint="Leave empty for today. The school must answer within one calendar month."
        name="receivedOn"
        type="date"
        value={receivedOn}
        onChange={(event) => setReceivedOn(event.target.value)}
      />
      {error ? <ErrorNotice error={error} title="The request was not opened" /> : null}
      <Button type="submit" busy={busy}>
        Open request
      </Button>
    </form>
  );
}

/** One request: its state, the safeguarding review (DSL and deputy) and the release. */
export function SubjectAccessRequestPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const request = useQuery({ queryKey: sarKeys.one(id), queryFn: ({ signal }) => fetchSar(id, signal) });
  const onReviewed = async () => {
    await queryClient.invalidateQueries({ queryKey: sarKeys.one(id) });
    await queryClient.invalidateQueries({ queryKey: sarKeys.list });
  };
  return (
    <Page title="Subject access request">
      <p>
        <a href={linkTo('subjectAccess')}>All subject access requests</a>
      </p>
      {request.isPending ? <Loading label="Loading the request…" /> : null}
      {request.isError ? <ErrorNotice error={request.error} title="The request could not be loaded" /> : null}
      {request.data ? <RequestDetail request={request.data} onReviewed={onReviewed} /> : null}
    </Page>
  );
}

function RequestDetail({
  request,
  onReviewed,
}: {
  request: SubjectAccessRequest;
  onReviewed: () => Promise<void>;
}) {
  return (
    <>
      <section className="card" aria-labelledby="sar-state">
        <h2 id="sar-state">{request.subject?.name ?? `A ${request.subjectKind}`}</h2>
        <p>
          <Badge tone={request.status === 'awaiting_review' ? 'warn' : 'good'}>
            {statusWords[request.status]}
          </Badge>
        </p>
        <p>
          Received {formatDate(request.receivedOn)}; answer by {formatDate(request.dueOn)}.
        </p>
        {request.reviewedAt ? (
          <p>
            Reviewed {formatDateTime(request.reviewedAt)} by {request.reviewedBy}: {request.withheld.length}{' '}
            item(s) withheld.
          </p>
        ) : null}
        {request.withheld.length > 0 ? (
          <>
            <h3>Withheld, and why</h3>
            <ul>
              {request.withheld.map((w) => {
                const item = request.items?.find((i) => i.id === w.itemId);
                return (
                  <li key={w.itemId}>
                    {item ? `${item.section}: ${item.title}` : 'An item'}: {w.reason}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
        {request.releasedAt ? <p>Released {formatDateTime(request.releasedAt)}.</p> : null}
        {request.status !== 'awaiting_review' ? (
          <p>
            <a className="button button--primary" href={sarExportUrl(request.id)} download>
              Download the export (zip of JSON and PDF)
            </a>
          </p>
        ) : (
          <p className="muted">The export can be released once the DSL has made the safeguarding review.</p>
        )}
      </section>
      {request.items && request.status !== 'released' ? (
        <ReviewForm request={request} items={request.items} onReviewed={onReviewed} />
      ) : null}
    </>
  );
}

function ReviewForm({
  request,
  items,
  onReviewed,
}: {
  request: SubjectAccessRequest;
  items: SarItem[];
  onReviewed: () => Promise<void>;
}) {
  const [reasons, setReasons] = useState<Record<string, string>>(
    Object.fromEntries(request.withheld.map((w) => [w.itemId, w.reason])),
  );
  const [withheld, setWithheld] = useState<Set<string>>(new Set(request.withheld.map((w) => w.itemId)));
  const [note, setNote] = useState(request.reviewNote ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reviewSar(
        request.id,
        [...withheld].map((itemId) => ({ itemId, reason: reasons[itemId] ?? '' })),
        note,
      );
      setDone(true);
      await onReviewed();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="sar-review">
      <h2 id="sar-review">Safeguarding review</h2>
      <p>
        Everything below would be released. Items from safeguarding records are marked. Tick what must be
        withheld and say why; the reasons stay in Guardpost and are never sent to the requester.
      </p>
      {done ? (
        <Banner tone="success" title="Review recorded" live>
          <p>The export can now be released.</p>
        </Banner>
      ) : null}
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <label>
              <input
                type="checkbox"
                checked={withheld.has(item.id)}
                onChange={(event) => {
                  const next = new Set(withheld);
                  if (event.target.checked) next.add(item.id);
                  else next.delete(item.id);
                  setWithheld(next);
                }}
              />{' '}
              Withhold {item.section}: {item.title}
            </label>{' '}
            {item.safeguarding ? <Badge tone="warn">Safeguarding</Badge> : null}
            <ul className="muted">
              {Object.entries(item.fields)
                .filter(([, value]) => value !== null && value !== '')
                .map(([name, value]) => (
                  <li key={name}>
                    {name}: {String(value)}
                  </li>
                ))}
            </ul>
            {withheld.has(item.id) ? (
              <TextField
                label="Why it is withheld"
                name={`reason-${item.id}`}
                value={reasons[item.id] ?? ''}
                onChange={(event) => setReasons({ ...reasons, [item.id]: event.target.value })}
                required
              />
            ) : null}
          </li>
        ))}
      </ul>
      <TextField
        label="Note on the review"
        name="note"
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      {error ? <ErrorNotice error={error} title="The review was not recorded" /> : null}
      <Button type="submit" busy={busy}>
        Record the review
      </Button>
    </form>
  );
}
