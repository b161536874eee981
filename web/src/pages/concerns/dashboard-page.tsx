import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { linkTo } from '../../../../src/shared/links';
import type { ConcernSummary } from '../../api/concerns';
import { concernsQuery, useStaffList } from '../../api/queries';
import { Page, Section } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { type Column, DataTable } from '../../components/table';
import { formatCount, formatDateTime } from '../../format';
import { Link } from '../../router';
import { formatWait, typeShortLabels } from './labels';
import './concerns.css';

/** The current time, re-read every 30 seconds so waiting timers move on their own. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * `/safeguarding`: the safeguarding dashboard for the DSL, deputies and (per the school setting) the head.
 * New concerns first, with how long each has waited and when it escalates; then overdue work; then the rest.
 */
export function ConcernsDashboardPage() {
  const concerns = useQuery({
    ...concernsQuery(),
    // Asked again every minute, even in a tab in the background: a new concern appears without a refresh.
    refetchInterval: 60_000,
    refetchIntervalInBackground: true,
  });
  const staff = useStaffList();
  const now = useNow();
  const names = new Map(staff.map((s) => [s.id, `${s.givenName} ${s.familyName}`]));

  return (
    <Page
      title="Safeguarding concerns"
      intro="Every concern you may see, newest first. Opening one is recorded in the audit log."
      actions={
        <>
          <Link to={linkTo('concernTransfers')}>File transfers</Link>
          <Link to="/concerns/report">Report a concern</Link>
        </>
      }
    >
      {concerns.isPending ? <Loading /> : null}
      {concerns.isError ? (
        <ErrorNotice error={concerns.error} title="The concerns could not be loaded" />
      ) : null}
      {concerns.isSuccess ? <Dashboard rows={concerns.data.concerns} now={now} names={names} /> : null}
    </Page>
  );
}

/**
 * Urgent concerns nobody has acknowledged come first, then other unacknowledged ones, oldest first within
 * each, then everything else as the server sent it (newest first).
 */
function urgentFirst(a: ConcernSummary, b: ConcernSummary): number {
  const rank = (c: ConcernSummary) => (c.acknowledgedAt === null ? (c.urgency === 'urgent' ? 0 : 1) : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  return rank(a) < 2 ? a.reportedAt.localeCompare(b.reportedAt) : 0;
}

function Dashboard({
  rows,
  now,
  names,
}: {
  rows: ConcernSummary[];
  now: number;
  names: Map<string, string>;
}) {
  const waiting = rows.filter((c) => c.acknowledgedAt === null && c.status !== 'closed').sort(urgentFirst);
  const overdue = rows.filter(
    (c) => c.status !== 'closed' && (c.overdueActions > 0 || c.overdueFollowUps > 0),
  );
  const open = rows.filter((c) => c.status !== 'closed').sort(urgentFirst);
  const closed = rows.filter((c) => c.status === 'closed');
  const openActions = open.reduce((n, c) => n + c.openActions, 0);

  const reference: Column<ConcernSummary> = {
    header: 'Reference',
    cell: (c) => (
      <Link to={linkTo('concern', { id: c.id })} className="concern-ref">
        {c.reference}
      </Link>
    ),
  };
  const kind: Column<ConcernSummary> = {
    header: 'Kind',
    cell: (c) => (
      <>
        {typeShortLabels[c.type]} {c.urgency === 'urgent' ? <Badge tone="bad">Urgent</Badge> : null}
        {c.canRead ? null : (
          <>
            {' '}
            <Badge tone="warn">Escalated to you: alert only</Badge>
          </>
        )}
      </>
    ),
  };
  const assigned: Column<ConcernSummary> = {
    header: 'Assigned to',
    cell: (c) => (c.assignedStaffId ? (names.get(c.assignedStaffId) ?? 'A colleague') : 'Nobody yet'),
  };

  return (
    <>
      <ul className="concern-totals" aria-label="Summary">
        <li className={waiting.length ? 'concern-total concern-total--alert' : 'concern-total'}>
          <strong>{waiting.length}</strong> waiting for acknowledgement
        </li>
        <li className="concern-total">
          <strong>{openActions}</strong> open {openActions === 1 ? 'action' : 'actions'}
        </li>
        <li className={overdue.length ? 'concern-total concern-total--alert' : 'concern-total'}>
          <strong>{overdue.length}</strong> with overdue work
        </li>
        <li className="concern-total">
          <strong>{open.length}</strong> open in all
        </li>
      </ul>

      <Section title="New: waiting for acknowledgement" id="waiting">
        {waiting.length === 0 ? (
          <Empty>Every concern has been acknowledged.</Empty>
        ) : (
          <DataTable
            caption="Concerns waiting for acknowledgement"
            rows={waiting}
            rowKey={(c) => c.id}
            columns={[
              reference,
              kind,
              {
                header: 'Waiting',
                cell: (c) => {
                  const late = c.acknowledgeBy !== null && Date.parse(c.acknowledgeBy) < now;
                  return (
                    <span className={late ? 'concern-timer concern-timer--late' : 'concern-timer'}>
                      {formatWait(now - Date.parse(c.reportedAt))}
                      {late ? ' (past its deadline)' : ''}
                    </span>
                  );
                },
              },
              {
                header: 'Escalates',
                cell: (c) =>
                  c.escalationLevel > 0
                    ? `Escalated (level ${c.escalationLevel})`
                    : c.acknowledgeBy
                      ? formatDateTime(c.acknowledgeBy)
                      : '–',
              },
            ]}
          />
        )}
      </Section>

      <Section title="Overdue actions and follow-ups" id="overdue">
        {overdue.length === 0 ? (
          <Empty>Nothing overdue.</Empty>
        ) : (
          <DataTable
            caption="Concerns with overdue actions or referral follow-ups"
            rows={overdue}
            rowKey={(c) => c.id}
            columns={[
              reference,
              {
                header: 'Overdue',
                cell: (c) =>
                  [
                    c.overdueActions ? formatCount(c.overdueActions, 'action') : '',
                    c.overdueFollowUps ? formatCount(c.overdueFollowUps, 'referral follow-up') : '',
                  ]
                    .filter(Boolean)
                    .join(', '),
              },
              assigned,
            ]}
          />
        )}
      </Section>

      <Section title="Open concerns" id="open">
        {open.length === 0 ? (
          <Empty>No open concerns.</Empty>
        ) : (
          <DataTable
            caption="Open concerns"
            rows={open}
            rowKey={(c) => c.id}
            columns={[
              reference,
              kind,
              { header: 'Reported', cell: (c) => formatDateTime(c.reportedAt) },
              {
                header: 'Status',
                cell: (c) =>
                  c.acknowledgedAt ? (
                    <Badge>Acknowledged</Badge>
                  ) : (
                    <Badge tone="warn">Not acknowledged</Badge>
                  ),
              },
              { header: 'Open actions', cell: (c) => String(c.openActions) },
              assigned,
            ]}
          />
        )}
      </Section>

      {closed.length > 0 ? (
        <details className="card">
          <summary>Closed concerns ({closed.length})</summary>
          <ul className="plain-list">
            {closed.map((c) => (
              <li key={c.id}>
                <Link to={linkTo('concern', { id: c.id })}>{c.reference}</Link> · {typeShortLabels[c.type]}
                {c.legalHold ? (
                  <>
                    {' '}
                    <Badge tone="warn">Legal hold</Badge>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
