import { sql } from 'kysely';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { canManageModerationSettings, canModerate } from './moderation.permissions.js';

export interface ModerationFigures {
  from: string;
  to: string;
  checked: number;
  queued: number;
  hidden: number;
  deleted: number;
  reported: number;
  blocked: number;
  dismissed: number;
  removedOnPlatform: number;
  byClause: { clause: string; items: number }[];
  /** Minutes from a comment's arrival on the platform to the first action taken on it. */
  minutesToAction: { median: number | null; p90: number | null; actioned: number };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? null;
}

/** The figures for SMT and governors: counts and time to action, for a period (ISO dates, inclusive). */
export async function moderationFigures(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
  period: { from: string; to: string },
): Promise<ModerationFigures> {
  if (!canModerate(actor, schoolId) && !canManageModerationSettings(actor, schoolId))
    throw forbidden('ModerationForbidden', 'the moderation figures are for SMT and moderators');
  if (period.from > period.to) throw invalid('InvalidPeriod', 'the period ends before it starts');
  const { start, end } = periodInstants(period);
  const counts = await db
    .selectFrom('moderation_daily_counts')
    .select((eb) => eb.fn.sum<string>('checked').as('checked'))
    .where('school_id', '=', schoolId)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .executeTakeFirst();
  const items = await db
    .selectFrom('moderation_items')
    .select(['id', 'clauses', 'state', 'arrived_at', 'actioned_at'])
    .where('school_id', '=', schoolId)
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .execute();
  const actions = await db
    .selectFrom('moderation_actions')
    .select(['action', 'outcome'])
    .where('school_id', '=', schoolId)
    .where('at', '>=', start)
    .where('at', '<', end)
    .where('outcome', '=', 'done')
    .execute();
  const count = (a: string) => actions.filter((x) => x.action === a).length;
  const byClause = new Map<string, number>();
  for (const i of items) for (const c of i.clauses) byClause.set(c, (byClause.get(c) ?? 0) + 1);
  return {
    from: period.from,
    to: period.to,
    checked: Number(counts?.checked ?? 0),
    queued: items.length,
    hidden: count('hide'),
    deleted: count('delete'),
    reported: count('report'),
    blocked: count('block'),
    dismissed: count('dismiss'),
    removedOnPlatform: items.filter((i) => i.state === 'removed_on_platform').length,
    byClause: [...byClause]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([clause, n]) => ({ clause, items: n })),
    minutesToAction: minutesToAction(items),
  };
}

/** The days of a period (ISO dates, inclusive) as instants: UTC midnights, as the moderation page counts. */
function periodInstants(period: { from: string; to: string }) {
  const start = new Date(`${period.from}T00:00:00Z`);
  return { start, end: new Date(new Date(`${period.to}T00:00:00Z`).getTime() + 86_400_000) };
}

/** Minutes from arrival to first action, over the comments acted on: median, 90th percentile and count. */
function minutesToAction(
  items: readonly { arrived_at: Date; actioned_at: Date | null }[],
): ModerationFigures['minutesToAction'] {
  const minutes = items
    .filter((i) => i.actioned_at)
    .map((i) => ((i.actioned_at as Date).getTime() - i.arrived_at.getTime()) / 60_000)
    .sort((a, b) => a - b);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  return {
    median: round(percentile(minutes, 50)),
    p90: round(percentile(minutes, 90)),
    actioned: minutes.length,
  };
}

/**
 * The time to action of many schools' comments at once (the trust's comparison of its schools): one query
 * across the schools, the percentiles taken by the database (percentile_disc picks the same comment as
 * `percentile` above), so no comment leaves it. Times are whole milliseconds, as the app's clock writes them
 * and as a Date reads them, so each school's figure is the one its own moderation figures give.
 */
export async function minutesToActionBySchool(
  db: DbExecutor,
  schoolIds: readonly string[],
  period: { from: string; to: string },
): Promise<Map<string, ModerationFigures['minutesToAction']>> {
  if (period.from > period.to) throw invalid('InvalidPeriod', 'the period ends before it starts');
  const { start, end } = periodInstants(period);
  const ms = sql`floor(extract(epoch from actioned_at) * 1000) - floor(extract(epoch from arrived_at) * 1000)`;
  const rows =
    schoolIds.length === 0
      ? []
      : await db
          .selectFrom('moderation_items')
          .select((eb) => [
            'school_id',
            sql<string>`percentile_disc(0.5) within group (order by ${ms})`.as('median_ms'),
            sql<string>`percentile_disc(0.9) within group (order by ${ms})`.as('p90_ms'),
            eb.fn.countAll<string>().as('actioned'),
          ])
          .where('school_id', 'in', schoolIds)
          .where('received_at', '>=', start)
          .where('received_at', '<', end)
          .where('actioned_at', 'is not', null)
          .groupBy('school_id')
          .execute();
  const round = (n: string | null) => (n === null ? null : Math.round((Number(n) / 60_000) * 10) / 10);
  const bySchool = new Map(
    rows.map((r) => [
      r.school_id,
      { median: round(r.median_ms), p90: round(r.p90_ms), actioned: Number(r.actioned) },
    ]),
  );
  return new Map(schoolIds.map((id) => [id, bySchool.get(id) ?? { median: null, p90: null, actioned: 0 }]));
}
