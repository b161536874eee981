import { z } from 'zod';
import { accountIdsOwnedBy } from '../accounts/accounts.queries.js';
import { reportConcern } from '../concerns/report-concern.js';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { loadDataKey } from '../platform/crypto/data-keys.js';
import { open } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { canManageModerationSettings, canModerate, canReadDisclosure } from './moderation.permissions.js';
import {
  accountLabels,
  findItem,
  findModerationSettings,
  findSnapshot,
  staffHolding,
} from './moderation.repository.js';
import {
  type ItemState,
  itemStates,
  type SnapshotContent,
  type StoredModerationFinding,
} from './moderation.table.js';
import { allowedActions, type ModerationActionName, smtRoles } from './moderation-actions.js';
import { type ModerationContext, snapshotContext } from './moderation-context.js';
import { addWorkingMinutes } from './school-hours.js';

export const itemFiltersSchema = z.object({
  accountId: z.uuid().optional(),
  verdict: z.enum(['block', 'review', 'pass']).optional(),
  clause: z.string().max(10).optional(),
  state: z.enum(itemStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ItemFilters = z.infer<typeof itemFiltersSchema>;

export interface ModerationItemView {
  id: string;
  accountId: string;
  accountLabel: string;
  platform: string;
  demo: boolean;
  verdict: string;
  state: ItemState;
  hidden: boolean;
  disclosure: boolean;
  concernDraft: string | null;
  /** The comment's words, or null when sealed and the reader is not a safeguarding lead. */
  text: string | null;
  authorHandle: string | null;
  authorDisplayName: string | null;
  url: string | null;
  context: { authorHandle: string; text: string }[];
  sha256: string | null;
  findings: (StoredModerationFinding & { excerpt: string | null })[];
  clauses: string[];
  actions: ModerationActionName[];
  arrivedAt: string;
  receivedAt: string;
  actionedAt: string | null;
  escalatedAt: string | null;
}

async function openSnapshot(
  db: DbExecutor,
  ctx: Pick<ModerationContext, 'keyring'>,
  itemId: string,
  mayReadSealed: boolean,
): Promise<{ content: SnapshotContent | null; sha256: string | null; sealed: boolean }> {
  const snapshot = await findSnapshot(db, itemId);
  if (!snapshot) return { content: null, sha256: null, sealed: false };
  if (snapshot.content) return { content: snapshot.content, sha256: snapshot.sha256, sealed: false };
  if (!mayReadSealed || !snapshot.data_key_id || !snapshot.sealed_content)
    return { content: null, sha256: snapshot.sha256, sealed: true };
  const key = await loadDataKey(db, ctx.keyring, snapshot.data_key_id);
  const json = open(key, snapshot.sealed_content, snapshotContext(itemId)).toString('utf8');
  return { content: JSON.parse(json) as SnapshotContent, sha256: snapshot.sha256, sealed: true };
}

/** The school's moderation queue, filtered; each item with its findings and the actions its platform allows. */
export async function listModerationItems(
  ctx: Pick<ModerationContext, 'db' | 'keyring' | 'connections'>,
  actor: Actor,
  schoolId: string,
  filters: ItemFilters,
): Promise<ModerationItemView[]> {
  if (actor.kind === 'staff' && actor.schoolId !== schoolId)
    throw forbidden(
      'ModerationForbidden',
      'the moderation queue of another school cannot be reached from here',
    );
  // Moderators see the school's queue; anyone else the comments on the accounts they own (clause 2.6).
  const owned =
    canModerate(actor, schoolId) || actor.kind !== 'staff'
      ? undefined
      : await accountIdsOwnedBy(ctx.db, actor.staffId);
  if (owned?.length === 0) return [];
  let query = ctx.db
    .selectFrom('moderation_items')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(filters.limit);
  if (owned) query = query.where('account_id', 'in', owned);
  if (filters.accountId) query = query.where('account_id', '=', filters.accountId);
  if (filters.verdict) query = query.where('verdict', '=', filters.verdict);
  if (filters.state) query = query.where('state', '=', filters.state);
  const rows = (await query.execute()).filter((r) => !filters.clause || r.clauses.includes(filters.clause));
  const labels = await accountLabels(ctx.db, schoolId);
  const mayReadSealed = canReadDisclosure(actor, schoolId);
  const views: ModerationItemView[] = [];
  const readSealed: string[] = [];
  for (const r of rows) {
    const snap = await openSnapshot(ctx.db, ctx, r.id, mayReadSealed);
    if (snap.sealed && snap.content) readSealed.push(r.id);
    // A connection that cannot be opened (failed, or not in this process) offers no platform action.
    const connector = await ctx.connections
      .open(ctx.db, { accountId: r.account_id, schoolId, platform: r.platform })
      .then((c) => c.connector)
      .catch(() => undefined);
    const text = snap.content?.text ?? null;
    views.push({
      id: r.id,
      accountId: r.account_id,
      accountLabel: labels.get(r.account_id) ?? 'account',
      platform: r.platform,
      demo: r.platform === 'demo',
      verdict: r.verdict,
      state: r.state,
      hidden: r.hidden,
      disclosure: r.disclosure,
      concernDraft: r.concern_draft,
      text,
      authorHandle: snap.content?.authorHandle ?? null,
      authorDisplayName: snap.content?.authorDisplayName ?? null,
      url: snap.content?.url ?? null,
      context: snap.content?.context.map((c) => ({ authorHandle: c.authorHandle, text: c.text })) ?? [],
      sha256: snap.sha256,
      findings: r.findings.map((f) => ({
        ...f,
        excerpt:
          text !== null && f.start !== undefined && f.end !== undefined ? text.slice(f.start, f.end) : null,
      })),
      clauses: r.clauses,
      actions: connector ? allowedActions(connector.capabilities, r) : [],
      arrivedAt: r.arrived_at.toISOString(),
      receivedAt: r.received_at.toISOString(),
      actionedAt: r.actioned_at?.toISOString() ?? null,
      escalatedAt: r.escalated_at?.toISOString() ?? null,
    });
  }
  // Reading a possible disclosure's words is a read of safeguarding content: audited, one row per item.
  if (readSealed.length > 0 && actor.kind === 'staff')
    await ctx.db.transaction().execute(async (tx) => {
      for (const id of readSealed)
        await recordAudit(tx, {
          actor,
          schoolId,
          event: {
            type: 'moderation.snapshot_viewed',
            subject: { type: 'moderation_item', id },
            data: { sealed: true },
          },
        });
    });
  return views;
}

/**
 * The DSL files a possible disclosure as a safeguarding concern (through the concerns domain's own use case),
 * with the snapshot's words as the child's words. The draft was made by the ingest; a person files it.
 */
export async function fileDisclosureConcern(
  ctx: Pick<ModerationContext, 'db' | 'keyring' | 'now'>,
  actor: Actor,
  itemId: string,
  input: { urgency: 'urgent' | 'routine'; note?: string | undefined },
): Promise<{ concernId: string; reference: string }> {
  const item = await findItem(ctx.db, itemId);
  if (!item || (actor.kind === 'staff' && actor.schoolId !== item.school_id))
    throw notFound('ModerationItemNotFound', 'no such comment in the moderation queue');
  if (!canReadDisclosure(actor, item.school_id))
    throw forbidden('DisclosureForbidden', 'only the DSL and deputies file a possible disclosure');
  if (!item.disclosure || item.concern_draft !== 'draft')
    throw conflict('DisclosureNotDraft', 'this comment has no draft concern waiting');
  const snap = await openSnapshot(ctx.db, ctx, itemId, true);
  if (!snap.content) throw notFound('SnapshotMissing', 'the comment’s snapshot is missing');
  const c = snap.content;
  const { id, receipt } = await reportConcern({ db: ctx.db, keyring: ctx.keyring, now: ctx.now }, actor, {
    schoolId: item.school_id,
    type: 'other_online_safety',
    platform: c.platform,
    occurredAt: new Date(c.createdAt),
    pupils: [],
    subjectStaffId: null,
    whatHappened: [
      `A comment on a school account (${c.platform}) may be a child disclosing harm.`,
      `Author: ${c.authorDisplayName} (@${c.authorHandle}), ${c.createdAt}.`,
      c.url ? `Address: ${c.url}` : '',
      `Snapshot SHA-256: ${snap.sha256}`,
      input.note ? `Note: ${input.note}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    childWords: c.text,
    actionsTaken: 'Read from the moderation queue; the comment was not hidden by Guardpost.',
    toldDslInPerson: false,
    urgency: input.urgency,
    evidence: [],
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('moderation_items')
      .set({ concern_draft: 'filed', concern_id: id, actioned_at: item.actioned_at ?? ctx.now })
      .where('id', '=', itemId)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: item.school_id,
      event: {
        type: 'moderation.disclosure_filed',
        subject: { type: 'moderation_item', id: itemId },
        data: { concernId: id },
      },
      at: ctx.now,
    });
  });
  return { concernId: id, reference: receipt.reference };
}

/**
 * The SLA scan: each open blocked comment (not a possible disclosure) nobody acted on within the school's
 * working minutes goes to SMT, once. Runs every minute; only open blocked items are read.
 */
export async function escalateOverdueItems(tx: DbExecutor, now: Date): Promise<{ escalated: number }> {
  const open = await tx
    .selectFrom('moderation_items')
    .select(['id', 'school_id', 'received_at'])
    .where('state', '=', 'open')
    .where('verdict', '=', 'block')
    .where('disclosure', '=', false)
    .where('actioned_at', 'is', null)
    .where('escalated_at', 'is', null)
    .execute();
  const slaBySchool = new Map<string, number>();
  let escalated = 0;
  for (const item of open) {
    let sla = slaBySchool.get(item.school_id);
    if (sla === undefined) {
      sla = (await findModerationSettings(tx, item.school_id)).slaWorkingMinutes;
      slaBySchool.set(item.school_id, sla);
    }
    if (addWorkingMinutes(item.received_at, sla) > now) continue;
    if ((await escalateOverdueItem(tx, now, item.id)).escalated) escalated++;
  }
  return { escalated };
}

/** Escalates one blocked comment nobody acted on within the school's working minutes to SMT. */
export async function escalateOverdueItem(
  tx: DbExecutor,
  now: Date,
  itemId: string,
): Promise<{ escalated: boolean }> {
  const item = await findItem(tx, itemId);
  if (item?.state !== 'open' || item.actioned_at || item.escalated_at) return { escalated: false };
  const settings = await findModerationSettings(tx, item.school_id);
  const smt = await staffHolding(tx, item.school_id, smtRoles);
  await notify(tx, {
    schoolId: item.school_id,
    staffIds: smt.map((s) => s.id),
    kind: 'moderation.sla_overdue',
    title: `A blocked comment on a school account has waited more than ${settings.slaWorkingMinutes} working minutes: remove it (clause 2.6)`,
    link: linkTo('moderation'),
    email: true,
    now,
  });
  await tx.updateTable('moderation_items').set({ escalated_at: now }).where('id', '=', itemId).execute();
  await recordAudit(tx, {
    actor: { kind: 'system', label: 'moderation-sla' },
    schoolId: item.school_id,
    event: {
      type: 'moderation.escalated',
      subject: { type: 'moderation_item', id: itemId },
      data: { slaWorkingMinutes: settings.slaWorkingMinutes, smtNotified: smt.length },
    },
    at: now,
  });
  return { escalated: true };
}

/**
 * Clause 2.7 on a schedule: where the platform lets us read who may message the account, record it and tell
 * the owners and SMT when students could; elsewhere record the owner's attestation, named as such.
 */
export async function checkDirectMessages(
  ctx: Pick<ModerationContext, 'db' | 'now' | 'connections'>,
  accountId: string,
): Promise<{
  source: 'platform' | 'attestation';
  setting: string | null;
  studentsCanMessage: boolean | null;
}> {
  const feed = await ctx.db
    .selectFrom('moderation_feeds')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!feed) throw notFound('FeedNotFound', 'this account is not connected');
  const { connector, credentials } = await ctx.connections.open(ctx.db, {
    accountId,
    schoolId: feed.school_id,
    platform: feed.platform,
  });
  let result: {
    source: 'platform' | 'attestation';
    setting: string | null;
    studentsCanMessage: boolean | null;
  };
  if (connector.capabilities.directMessageSettingReadable) {
    const setting = await connector.readDirectMessageSetting(credentials);
    // "following": only accounts the school follows; a school account follows no pupil (clause 1.1), so only "all" lets students in.
    result = { source: 'platform', setting, studentsCanMessage: setting === 'all' };
  } else {
    const account = await ctx.db
      .selectFrom('accounts')
      .select('attests_no_direct_messages')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    result = {
      source: 'attestation',
      setting: null,
      studentsCanMessage: account.attests_no_direct_messages ? false : null,
    };
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('moderation_dm_checks')
      .values({
        school_id: feed.school_id,
        account_id: accountId,
        source: result.source,
        setting: result.setting,
        students_can_message: result.studentsCanMessage,
        checked_at: ctx.now,
      })
      .execute();
    await recordAudit(tx, {
      actor: { kind: 'system', label: 'moderation-dm-check' },
      schoolId: feed.school_id,
      event: {
        type: 'moderation.direct_messages_checked',
        subject: { type: 'account', id: accountId },
        data: result,
      },
      at: ctx.now,
    });
    if (result.studentsCanMessage !== false) {
      const smt = await staffHolding(tx, feed.school_id, smtRoles);
      const owners = await tx
        .selectFrom('account_owners')
        .select('staff_id')
        .where('account_id', '=', accountId)
        .execute();
      await notify(tx, {
        schoolId: feed.school_id,
        staffIds: [...owners.map((o) => o.staff_id), ...smt.map((s) => s.id)],
        kind: 'moderation.direct_messages',
        title:
          result.source === 'platform'
            ? 'Anyone, students included, can send private messages to a school account: turn it off (clause 2.7)'
            : 'Reminder: confirm that a school account does not take private messages from students (attestation, clause 2.7)',
        link: linkTo('moderation'),
        now: ctx.now,
      });
    }
  });
  return result;
}

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
  const start = new Date(`${period.from}T00:00:00Z`);
  const end = new Date(new Date(`${period.to}T00:00:00Z`).getTime() + 86_400_000);
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
  const minutes = items
    .filter((i) => i.actioned_at)
    .map((i) => ((i.actioned_at as Date).getTime() - i.arrived_at.getTime()) / 60_000)
    .sort((a, b) => a - b);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
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
    minutesToAction: {
      median: round(percentile(minutes, 50)),
      p90: round(percentile(minutes, 90)),
      actioned: minutes.length,
    },
  };
}

export const moderationSettingsSchema = z.object({
  readEveryMinutes: z.number().int().min(1).max(1440),
  slaWorkingMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 600),
  outOfHoursHide: z.boolean(),
});
export type ModerationSettings = z.infer<typeof moderationSettingsSchema>;

export async function getModerationSettings(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<ModerationSettings> {
  if (!canModerate(actor, schoolId) && !canManageModerationSettings(actor, schoolId))
    throw forbidden('ModerationForbidden', 'the moderation settings are for SMT');
  return findModerationSettings(db, schoolId);
}

export async function updateModerationSettings(
  ctx: Pick<ModerationContext, 'db' | 'now'>,
  actor: Actor,
  schoolId: string,
  input: ModerationSettings,
): Promise<ModerationSettings> {
  if (!canManageModerationSettings(actor, schoolId))
    throw forbidden(
      'ModerationSettingsForbidden',
      'only SMT, the headteacher or an admin change these settings',
    );
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('moderation_settings')
      .values({
        school_id: schoolId,
        read_every_minutes: input.readEveryMinutes,
        sla_working_minutes: input.slaWorkingMinutes,
        out_of_hours_hide: input.outOfHoursHide,
        updated_at: ctx.now,
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          read_every_minutes: input.readEveryMinutes,
          sla_working_minutes: input.slaWorkingMinutes,
          out_of_hours_hide: input.outOfHoursHide,
          updated_at: ctx.now,
        }),
      )
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId,
      event: { type: 'moderation.settings_updated', subject: { type: 'school', id: schoolId }, data: input },
      at: ctx.now,
    });
  });
  return input;
}
