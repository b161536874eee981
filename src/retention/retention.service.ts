import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { canPlaceHold, canSeeConcernsDue, canViewRetention } from './retention.permissions.js';
import {
  allowRetentionPurge,
  countDueRows,
  type DueRecord,
  destroyArchiveRecords,
  destroyConcerns,
  destroyConsentHistories,
  destroyDueRows,
  findDueRecords,
  type PlainKind,
} from './retention.repository.js';
import {
  addDays,
  isDestroyable,
  type RecordKind,
  type RetentionRule,
  retentionRules,
  ruleFor,
} from './retention.rules.js';

const system: Actor = { kind: 'system', label: 'retention' };
const plainKinds: readonly PlainKind[] = ['notification', 'session', 'email', 'password_reset'];

export interface RetentionRunResult {
  ruleId: string;
  kind: RecordKind;
  destroyed: number;
}

async function tombstone(
  tx: Parameters<typeof recordAudit>[0],
  schoolId: string | null,
  rule: RetentionRule,
  count: number,
  today: string,
  now: Date,
) {
  await recordAudit(tx, {
    actor: system,
    schoolId,
    event: {
      type: 'retention.destroyed',
      subject: { type: 'retention_rule', id: rule.id },
      data: { kind: rule.kind, count, dueBefore: today },
    },
    at: now,
  });
}

/**
 * The daily retention run: each rule in its own transaction, destroying what has passed its date and is
 * not held (nor, for a concern, still open), with one tombstone per school and rule in the same transaction.
 */
export async function applyRetention(db: Db, clock: Clock): Promise<RetentionRunResult[]> {
  const today = clock.today();
  const now = clock.now();
  const results: RetentionRunResult[] = [];

  for (const kind of ['concern', 'consent', 'post_archive'] as const) {
    const rule = ruleFor(kind);
    const destroyed = await db.transaction().execute(async (tx) => {
      const due = (await findDueRecords(tx, { until: today })).filter(
        (r) => r.kind === kind && isDestroyable(r, today),
      );
      if (due.length === 0) return 0;
      await allowRetentionPurge(tx);
      const bySchool = await schoolsOf(tx, due);
      if (kind === 'concern')
        await destroyConcerns(
          tx,
          due.map((r) => r.id),
        );
      else if (kind === 'consent')
        await destroyConsentHistories(
          tx,
          due.map((r) => r.id),
        );
      else
        await destroyArchiveRecords(
          tx,
          due.map((r) => r.id),
        );
      for (const [schoolId, count] of bySchool) await tombstone(tx, schoolId, rule, count, today, now);
      return due.length;
    });
    results.push({ ruleId: rule.id, kind, destroyed });
  }

  for (const kind of plainKinds) {
    const rule = ruleFor(kind);
    const destroyed = await db.transaction().execute(async (tx) => {
      const counts = await destroyDueRows(tx, kind, now);
      let total = 0;
      for (const [schoolId, count] of counts) {
        total += count;
        await tombstone(tx, schoolId, rule, count, today, now);
      }
      return total;
    });
    results.push({ ruleId: rule.id, kind, destroyed });
  }
  return results;
}

async function schoolsOf(tx: Parameters<typeof recordAudit>[0], due: readonly DueRecord[]) {
  const table = { concern: 'concerns', consent: 'pupils', post_archive: 'post_archive' } as const;
  const counts = new Map<string, number>();
  const kind = due[0]?.kind;
  if (!kind) return counts;
  const rows = await tx
    .selectFrom(table[kind])
    .select(['id', 'school_id'])
    .where(
      'id',
      'in',
      due.map((r) => r.id),
    )
    .execute();
  for (const row of rows) counts.set(row.school_id, (counts.get(row.school_id) ?? 0) + 1);
  return counts;
}

export interface DueView {
  days: number;
  until: string;
  rules: RetentionRule[];
  /** Records one by one (concerns only for the DSL and deputy). */
  records: (Omit<DueRecord, 'pupilIds' | 'open'> & { open: boolean; ruleId: string; holdIds: string[] })[];
  /** Per rule: how many go by `until` (past dates included), held or not. */
  counts: { ruleId: string; kind: RecordKind; due: number; held: number }[];
  holds: HoldView[];
  concernsHidden: boolean;
}

export interface HoldView {
  id: string;
  targetKind: string;
  targetId: string;
  reason: string;
  placedAt: string;
  placedBy: string | null;
}

/** What passes its retention date in the next `days` days, for the retention page. Audited. */
export async function listDueForDestruction(
  db: Db,
  actor: Actor,
  schoolId: string,
  clock: Clock,
  days = 90,
): Promise<DueView> {
  if (!canViewRetention(actor, schoolId))
    throw forbidden(
      'RetentionForbidden',
      'only the DSL, their deputy, SMT and the headteacher see retention',
    );
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw invalid('RetentionDaysInvalid', 'days must be a whole number between 1 and 3660');
  const today = clock.today();
  const until = addDays(today, days);
  const seeConcerns = canSeeConcernsDue(actor, schoolId);
  return db.transaction().execute(async (tx) => {
    const due = await findDueRecords(tx, { schoolId, until });
    const holds = await tx
      .selectFrom('legal_holds')
      .leftJoin('staff', 'staff.id', 'legal_holds.placed_by_staff_id')
      .select([
        'legal_holds.id',
        'legal_holds.target_kind',
        'legal_holds.target_id',
        'legal_holds.reason',
        'legal_holds.placed_at',
        'staff.email',
      ])
      .where('legal_holds.school_id', '=', schoolId)
      .where('legal_holds.lifted_at', 'is', null)
      .orderBy('legal_holds.placed_at', 'desc')
      .execute();
    const visibleHolds = holds.filter(
      (h) => seeConcerns || (h.target_kind !== 'concern' && h.target_kind !== 'pupil'),
    );
    const counts: DueView['counts'] = [];
    for (const rule of retentionRules) {
      if (rule.action === 'keep') continue;
      if (rule.kind === 'concern' || rule.kind === 'consent' || rule.kind === 'post_archive') {
        const ofKind = due.filter((r) => r.kind === rule.kind);
        counts.push({
          ruleId: rule.id,
          kind: rule.kind,
          due: ofKind.length,
          held: ofKind.filter((r) => r.held || r.open).length,
        });
      } else {
        const n = await countDueRows(tx, rule.kind as PlainKind, {
          schoolId,
          until: new Date(`${until}T23:59:59Z`),
        });
        counts.push({ ruleId: rule.id, kind: rule.kind, due: n, held: 0 });
      }
    }
    const records = due
      .filter((r) => seeConcerns || r.kind !== 'concern')
      .map(({ pupilIds, ...r }) => ({
        ...r,
        ruleId: ruleFor(r.kind).id,
        holdIds: holds
          .filter(
            (h) =>
              (h.target_kind === r.kind && h.target_id === r.id) ||
              (h.target_kind === 'pupil' && pupilIds.includes(h.target_id)),
          )
          .map((h) => h.id),
      }));
    const concernsListed = records.filter((r) => r.kind === 'concern').length;
    await recordAudit(tx, {
      actor,
      schoolId,
      event: {
        type: 'retention.due_viewed',
        subject: { type: 'school', id: schoolId },
        data: { days, concerns: concernsListed },
      },
      at: clock.now(),
    });
    return {
      days,
      until,
      rules: [...retentionRules],
      records,
      counts,
      holds: visibleHolds.map((h) => ({
        id: h.id,
        targetKind: h.target_kind,
        targetId: h.target_id,
        reason: h.reason,
        placedAt: h.placed_at.toISOString(),
        placedBy: h.email ?? null,
      })),
      concernsHidden: !seeConcerns,
    };
  });
}

export const holdTargetKinds = ['pupil', 'concern', 'post_archive'] as const;
export type HoldTargetKind = (typeof holdTargetKinds)[number];

/** Places a legal hold on a record or on everything about a pupil. Audited. */
export async function placeLegalHold(
  db: Db,
  actor: Actor,
  input: { schoolId: string; targetKind: HoldTargetKind; targetId: string; reason: string },
  clock: Clock,
): Promise<HoldView> {
  if (!canPlaceHold(actor, input.schoolId, input.targetKind))
    throw forbidden(
      'LegalHoldForbidden',
      input.targetKind === 'post_archive'
        ? 'only the DSL, their deputy, SMT and the headteacher place holds on published posts'
        : 'only the DSL and their deputy place holds on safeguarding records and pupils',
    );
  const reason = input.reason.trim();
  if (reason.length < 5)
    throw invalid('LegalHoldReasonRequired', 'say why the record must be kept (a few words)');
  const table = { pupil: 'pupils', concern: 'concerns', post_archive: 'post_archive' } as const;
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const target = await tx
      .selectFrom(table[input.targetKind])
      .select('id')
      .where('id', '=', input.targetId)
      .where('school_id', '=', input.schoolId)
      .executeTakeFirst();
    if (!target) throw notFound('LegalHoldTargetNotFound', 'there is no such record in this school');
    const row = await tx
      .insertInto('legal_holds')
      .values({
        school_id: input.schoolId,
        target_kind: input.targetKind,
        target_id: input.targetId,
        reason,
        placed_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
        placed_at: now,
        lifted_by_staff_id: null,
        lifted_at: null,
        lift_reason: null,
      })
      .returning(['id', 'placed_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'retention.hold_placed',
        subject: { type: 'legal_hold', id: row.id },
        data: { targetKind: input.targetKind, targetId: input.targetId },
      },
      at: now,
    });
    return {
      id: row.id,
      targetKind: input.targetKind,
      targetId: input.targetId,
      reason,
      placedAt: row.placed_at.toISOString(),
      placedBy: actor.kind === 'staff' ? actor.email : null,
    };
  });
}

/** Lifts a hold (the row stays, with who lifted it and why). Audited. */
export async function liftLegalHold(
  db: Db,
  actor: Actor,
  input: { schoolId: string; holdId: string; reason: string },
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    const hold = await tx
      .selectFrom('legal_holds')
      .selectAll()
      .where('id', '=', input.holdId)
      .where('school_id', '=', input.schoolId)
      .executeTakeFirst();
    if (!hold) throw notFound('LegalHoldNotFound', 'there is no such legal hold in this school');
    if (!canPlaceHold(actor, input.schoolId, hold.target_kind))
      throw forbidden('LegalHoldForbidden', 'only whoever may place this hold may lift it');
    if (hold.lifted_at) throw conflict('LegalHoldAlreadyLifted', 'this hold was already lifted');
    const reason = input.reason.trim();
    if (reason.length < 5) throw invalid('LegalHoldReasonRequired', 'say why the hold is no longer needed');
    await tx
      .updateTable('legal_holds')
      .set({
        lifted_at: now,
        lifted_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
        lift_reason: reason,
      })
      .where('id', '=', hold.id)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'retention.hold_lifted',
        subject: { type: 'legal_hold', id: hold.id },
        data: { targetKind: hold.target_kind, targetId: hold.target_id },
      },
      at: now,
    });
  });
}
