import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { linkTo } from '../../../../src/shared/links';
import {
  actOnComment,
  fileDisclosure,
  type ItemState,
  type ModerationAction,
  type ModerationItem,
} from '../../api/moderation';
import { moderationItemsQuery, moderationKeys } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatCount, formatDateTime } from '../../format';
import { Link, useRouter } from '../../router';
import './moderation.css';

const stateLabels: Record<ItemState, string> = {
  open: 'Needs a person',
  hidden_pending_confirmation: 'Hidden out of hours: confirm or undo',
  actioned: 'Actioned',
  dismissed: 'Dismissed',
  removed_on_platform: 'Removed on the platform',
};

const actionLabels: Record<ModerationAction, string> = {
  hide: 'Hide',
  unhide: 'Show again',
  delete: 'Delete',
  report: 'Report to the platform',
  block: 'Block the author',
  limit_replies: 'Limit replies on the post',
  dismiss: 'Dismiss',
  confirm: 'Confirm the hide',
};

/**
 * The comment moderation queue (clause 2.6): comments on the school's connected accounts that a check
 * flagged, each with its findings and only the actions its platform allows. Every action is reported to
 * SMT. A comment where a child may be disclosing harm is never hidden by Guardpost: it waits for the DSL.
 */
/** The queue's filters, kept in the address so a filtered view can be shared and survives a reload. */
const filterParams = ['state', 'account', 'verdict', 'clause'] as const;

export function ModerationPage() {
  const { location, navigate } = useRouter();
  const rawState = location.search.get('state');
  const state = (rawState && rawState in stateLabels ? rawState : 'open') as ItemState;
  const verdictParam = location.search.get('verdict');
  const verdict = verdictParam === 'block' || verdictParam === 'review' ? verdictParam : undefined;
  const accountId = location.search.get('account') ?? undefined;
  const clause = location.search.get('clause') ?? undefined;
  // `?item=<id>` (the link in SMT's report of an action): that one comment, whatever its state.
  const itemId = location.search.get('item');
  const queryClient = useQueryClient();
  const items = useQuery(
    moderationItemsQuery(
      itemId
        ? { id: itemId }
        : {
            state,
            ...(verdict ? { verdict } : {}),
            ...(accountId ? { accountId } : {}),
            ...(clause ? { clause } : {}),
          },
    ),
  );
  // The accounts and clauses to choose from: those of the comments in this state, whatever else is chosen.
  const inState = useQuery({ ...moderationItemsQuery({ state }), enabled: !itemId }).data ?? [];
  const accounts = [...new Map(inState.map((i) => [i.accountId, i.accountLabel])).entries()].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );
  const clauses = [...new Set(inState.flatMap((i) => i.clauses))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const [done, setDone] = useState<string | null>(null);
  const filterTo = (name: (typeof filterParams)[number], value: string) => {
    const next = new URLSearchParams();
    for (const param of filterParams) {
      const current = param === name ? value : (location.search.get(param) ?? '');
      if (current !== '' && !(param === 'state' && current === 'open')) next.set(param, current);
    }
    const query = next.toString();
    navigate(query ? `${linkTo('moderation')}?${query}` : linkTo('moderation'));
  };

  return (
    <Page
      title="Comment moderation"
      intro="Comments on the school's accounts that break the policy. Remove them at once: every action is reported to SMT (clause 2.6)."
    >
      <div className="card">
        {itemId ? (
          <p>
            One comment, as SMT was told of it. <Link to={linkTo('moderation')}>Show the whole queue</Link>
          </p>
        ) : (
          <div className="moderation-filters">
            <SelectField
              label="Show"
              name="state"
              value={state}
              onChange={(e) => filterTo('state', e.target.value)}
            >
              {Object.entries(stateLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Account"
              name="account"
              value={accountId ?? ''}
              onChange={(e) => filterTo('account', e.target.value)}
            >
              <option value="">Every account</option>
              {accounts.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Verdict"
              name="verdict"
              value={verdict ?? ''}
              onChange={(e) => filterTo('verdict', e.target.value)}
            >
              <option value="">Blocked and for review</option>
              <option value="block">Blocked</option>
              <option value="review">For review</option>
            </SelectField>
            <SelectField
              label="Clause"
              name="clause"
              value={clause ?? ''}
              onChange={(e) => filterTo('clause', e.target.value)}
            >
              <option value="">Every clause</option>
              {clauses.map((c) => (
                <option key={c} value={c}>
                  Clause {c}
                </option>
              ))}
            </SelectField>
          </div>
        )}
      </div>
      {done ? (
        <Banner tone="success" title="Done" live>
          <p>{done}</p>
        </Banner>
      ) : null}
      <section className="card" aria-labelledby="moderation-heading">
        <h2 id="moderation-heading">Comments</h2>
        {items.isPending ? <Loading label="Loading comments…" /> : null}
        {items.isError ? <ErrorNotice error={items.error} title="The queue could not be loaded" /> : null}
        {items.data ? (
          <>
            <p role="status" className="muted">
              {formatCount(items.data.length, 'comment')}.
            </p>
            {items.data.length === 0 ? (
              <Empty>Nothing here.</Empty>
            ) : (
              <ul className="moderation-list">
                {items.data.map((item) => (
                  <ModerationEntry
                    key={item.id}
                    item={item}
                    onDone={(message) => {
                      setDone(message);
                      for (const queryKey of moderationKeys) void queryClient.invalidateQueries({ queryKey });
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

function ModerationEntry({ item, onDone }: { item: ModerationItem; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const headingId = `comment-${item.id}`;
  // Only the DSL and deputies are sent a disclosure's words: the server decides who reads them.
  const isDsl = item.disclosure && item.text !== null;

  const act = async (action: ModerationAction) => {
    setBusy(action);
    setError(null);
    try {
      await actOnComment(item.id, action, reason.trim() || null);
      onDone(`${actionLabels[action]}: done, and reported to SMT.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  const file = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('file');
    setError(null);
    try {
      const filed = await fileDisclosure(item.id, 'urgent');
      onDone(`Filed as safeguarding concern ${filed.reference}.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <li
      className={['comment', `comment--${item.verdict}`, item.disclosure ? 'comment--disclosure' : ''].join(
        ' ',
      )}
    >
      <article aria-labelledby={headingId}>
        <h3 id={headingId} className="comment__title">
          {item.authorDisplayName ?? 'A commenter'} on {item.accountLabel}{' '}
          {item.demo ? <Badge tone="neutral">Demo</Badge> : null}{' '}
          <Badge tone={item.verdict === 'block' ? 'bad' : 'warn'}>
            {item.verdict === 'block' ? 'Blocked' : 'Review'}
          </Badge>
        </h3>
        {item.disclosure ? (
          <Banner tone="warning" title="A child may be disclosing harm">
            <p>
              Guardpost never hides this comment by itself. The DSL reads it as a draft concern
              {item.concernDraft === 'filed' ? ' (filed)' : ''}.
            </p>
          </Banner>
        ) : null}
        {item.text !== null ? (
          <blockquote className="comment__text">{item.text}</blockquote>
        ) : (
          <p className="muted">The words are sealed for the DSL.</p>
        )}
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd>{stateLabels[item.state]}</dd>
          </div>
          <div>
            <dt>Written</dt>
            <dd>{formatDateTime(item.arrivedAt)}</dd>
          </div>
          {item.authorHandle ? (
            <div>
              <dt>Author</dt>
              <dd>@{item.authorHandle}</dd>
            </div>
          ) : null}
        </dl>
        <ul className="comment__findings">
          {item.findings.map((f) => (
            <li key={`${f.rule}-${f.message}-${f.excerpt ?? ''}`}>
              <strong>Clause {f.clause}</strong>: {f.message}
              {f.excerpt ? <> (“{f.excerpt}”)</> : null}
            </li>
          ))}
        </ul>
        {item.actions.length > 0 ? (
          <div className="comment__actions">
            <TextField
              label="Reason (needed to dismiss)"
              name={`reason-${item.id}`}
              value={reason}
              maxLength={1000}
              onChange={(event) => setReason(event.target.value)}
            />
            <div className="comment__buttons">
              {item.actions.map((action) => (
                <Button
                  key={action}
                  variant={action === 'hide' || action === 'delete' ? 'danger' : 'secondary'}
                  busy={busy === action}
                  onClick={() => act(action)}
                >
                  {actionLabels[action]}
                </Button>
              ))}
            </div>
          </div>
        ) : null}
        {item.disclosure && item.concernDraft === 'draft' && isDsl ? (
          <form onSubmit={file}>
            <Button type="submit" busy={busy === 'file'}>
              File as an urgent safeguarding concern
            </Button>
          </form>
        ) : null}
        {error ? <ErrorNotice error={error} title="That did not work" /> : null}
      </article>
    </li>
  );
}
