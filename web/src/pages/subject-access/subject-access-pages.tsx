import { type FormEvent, useState } from 'react';
import { linkTo } from '../../../../src/shared/links';
import {
  fetchSar,
  openSar,
  reviewSar,
  type SarItem,
  type SarSubjectKind,
  type SubjectAccessRequest,
  sarExportUrl,
} from '../../api/subject-access';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import { useRouter } from '../../router';
import { useAsync } from '../../use-async';

const statusWords: Record<SubjectAccessRequest['status'], string> = {
  awaiting_review: 'Awaiting the safeguarding review',
  reviewed: 'Reviewed: ready to release',
  released: 'Released',
};

/** Opening a request: whose data, and when the request was received (the month runs from then). */
export function OpenSubjectAccessPage() {
  const { navigate } = useRouter();
  const [kind, setKind] = useState<SarSubjectKind>('pupil');
  const [subjectId, setSubjectId] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const opened = await openSar(kind, subjectId.trim(), receivedOn);
      navigate(linkTo('subjectAccessRequest', { id: opened.id }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <Page
      title="Subject access request"
      intro="Someone has asked for the personal data the school holds about them. Open the request here; the DSL reviews it before anything is released."
    >
      <form className="card" onSubmit={submit}>
        <SelectField
          label="Whose data"
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as SarSubjectKind)}
        >
          <option value="pupil">A pupil</option>
          <option value="carer">A carer</option>
          <option value="staff">A member of staff</option>
        </SelectField>
        <TextField
          label="Their Guardpost id"
          hint="The last part of the address of their page (pupil or carer page, or the staff list)."
          name="subjectId"
          value={subjectId}
          onChange={(event) => setSubjectId(event.target.value)}
          required
        />
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
    </Page>
  );
}

/** One request: its state, the safeguarding review (DSL and deputy) and the release. */
export function SubjectAccessRequestPage({ id }: { id: string }) {
  const request = useAsync((signal) => fetchSar(id, signal), [id]);
  return (
    <Page title="Subject access request">
      {request.state === 'loading' ? <Loading label="Loading the request…" /> : null}
      {request.state === 'error' ? (
        <ErrorNotice error={request.error} title="The request could not be loaded" />
      ) : null}
      {request.state === 'ready' ? (
        <RequestDetail request={request.data} onReviewed={request.reload} />
      ) : null}
    </Page>
  );
}

function RequestDetail({ request, onReviewed }: { request: SubjectAccessRequest; onReviewed: () => void }) {
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
  onReviewed: () => void;
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
      onReviewed();
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
