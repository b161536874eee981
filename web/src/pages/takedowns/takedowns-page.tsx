import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { markTakedownRemoved, type TakedownTask, takedownReasonLabels } from '../../api/archive';
import { apiKey, takedownsQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatCount, formatDateTime } from '../../format';
import { Link, useRouter } from '../../router';
import './takedowns.css';

type Show = 'open' | 'done' | 'all';

function openParam(show: Show): boolean | undefined {
  if (show === 'open') return true;
  if (show === 'done') return false;
  return undefined;
}

/**
 * Takedown tasks of the retroactive re-check: published posts featuring a pupil whose consent no longer
 * holds. An account's owners see their accounts' tasks; SMT, the headteacher and admins see the school's.
 */
export function TakedownsPage() {
  const { location, navigate } = useRouter();
  const raw = location.search.get('show');
  const show: Show = raw === 'done' || raw === 'all' ? raw : 'open';
  const queryClient = useQueryClient();
  // Another choice of what to show keeps the current list on screen until its own arrives.
  const tasks = useQuery({ ...takedownsQuery(openParam(show)), placeholderData: keepPreviousData });
  const [done, setDone] = useState<string | null>(null);

  return (
    <Page
      title="Takedowns"
      intro="Published posts that show a pupil whose photo consent no longer holds. Remove each post from the platform before its deadline, then mark it removed here."
    >
      <div className="card">
        <SelectField
          label="Show"
          name="show"
          value={show}
          onChange={(event) =>
            navigate(event.target.value === 'open' ? '/takedowns' : `/takedowns?show=${event.target.value}`)
          }
        >
          <option value="open">Still to remove</option>
          <option value="done">Removed</option>
          <option value="all">All</option>
        </SelectField>
      </div>
      {done ? (
        <Banner tone="success" title="Marked removed" live>
          <p>{done}</p>
        </Banner>
      ) : null}
      <section className="card" aria-labelledby="takedowns-heading">
        <h2 id="takedowns-heading">Tasks</h2>
        {tasks.isPending ? <Loading label="Loading takedowns…" /> : null}
        {tasks.isError ? <ErrorNotice error={tasks.error} title="Takedowns could not be loaded" /> : null}
        {tasks.isSuccess ? (
          <>
            <p role="status" className="muted">
              {formatCount(tasks.data.length, 'task')}
              {show === 'open'
                ? ` still to remove, ${tasks.data.filter((t) => t.overdue).length} overdue`
                : ''}
              .
            </p>
            {tasks.data.length === 0 ? (
              <Empty>{show === 'open' ? 'Nothing to take down.' : 'No tasks to show.'}</Empty>
            ) : (
              <ul className="takedown-list">
                {tasks.data.map((task) => (
                  <TakedownItem
                    key={task.id}
                    task={task}
                    onRemoved={(message) => {
                      setDone(message);
                      // Every list of tasks (and the overview's count) changes.
                      void queryClient.invalidateQueries({ queryKey: apiKey('/api/takedowns') });
                    }}
                  />
                ))}
              </ul>
            )}
          </>
        ) : null}
      </section>
    </Page>
  );
}

function TakedownItem({ task, onRemoved }: { task: TakedownTask; onRemoved: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `takedown-${task.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await markTakedownRemoved(task.id, note);
      onRemoved(`The post on ${task.accountHandle} featuring ${task.pupilName} is marked removed.`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <li className={['takedown', task.overdue ? 'takedown--overdue' : ''].filter(Boolean).join(' ')}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId} className="takedown__title">
          Post on {task.accountHandle} featuring {task.pupilName || task.pupilInitials}
        </h3>
        <dl className="facts">
          <div>
            <dt>Why</dt>
            <dd>{takedownReasonLabels[task.reason] ?? task.reason}</dd>
          </div>
          <div>
            <dt>Deadline</dt>
            <dd>
              {formatDateTime(task.dueAt)}{' '}
              {task.removedAt ? null : task.overdue ? (
                <Badge tone="bad">Overdue</Badge>
              ) : (
                <Badge tone="warn">Due</Badge>
              )}
            </dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd>{formatDateTime(task.createdAt)}</dd>
          </div>
          {task.removedAt ? (
            <div>
              <dt>Removed</dt>
              <dd>
                {formatDateTime(task.removedAt)}
                {task.removedBy ? ` by ${task.removedBy}` : ''} <Badge tone="good">Done</Badge>
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="takedown__url">
          Published at{' '}
          <a href={task.publishedUrl} target="_blank" rel="noopener noreferrer">
            {task.publishedUrl}
          </a>
        </p>
        {task.note ? <p>Note: {task.note}</p> : null}
        {task.removedAt ? null : confirming ? (
          <form
            className="takedown__confirm"
            onSubmit={(event) => void submit(event)}
            aria-label="Confirm removal"
          >
            <p>
              <strong>Have you deleted this post from {task.accountHandle}?</strong> Mark it removed only once
              it is no longer visible on the platform.
            </p>
            <TextField
              label="Note (optional)"
              hint="For example, when and how it was removed"
              name="note"
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
            {error ? <ErrorNotice error={error} title="It could not be marked removed" /> : null}
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                Yes, it is removed
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <Button onClick={() => setConfirming(true)} aria-describedby={headingId}>
            Mark removed
          </Button>
        )}
      </article>
    </li>
  );
}

/** On the overview: how many takedowns wait for this person, and how many are overdue (nothing when none). */
export function TakedownsSummary() {
  const tasks = useQuery(takedownsQuery(true));
  if (!tasks.isSuccess || tasks.data.length === 0) return null;
  const overdue = tasks.data.filter((task) => task.overdue).length;
  return (
    <Banner
      tone={overdue > 0 ? 'danger' : 'warning'}
      title={`${formatCount(tasks.data.length, 'post')} to take down${overdue > 0 ? `, ${overdue} overdue` : ''}`}
    >
      <p>
        A pupil's photo consent no longer holds for {tasks.data.length === 1 ? 'a post' : 'posts'} already
        published. <Link to="/takedowns">Open the takedowns</Link>
      </p>
    </Banner>
  );
}
