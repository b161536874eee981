import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import {
  allowRetentionPurge,
  countBySchool,
  destroyArchiveRecords,
  destroyConcerns,
  destroyConsentHistories,
  destroyDueRows,
  findDueRecords,
  type PlainKind,
} from './retention-records.repository.js';
import { isDestroyable, type RecordKind, type RetentionRule, ruleFor } from './retention-rules.js';

const system: Actor = { kind: 'system', label: 'retention' };
const plainKinds: readonly PlainKind[] = ['notification', 'session', 'email', 'password_reset'];

export interface RetentionRunResult {
  ruleId: string;
  kind: RecordKind;
  destroyed: number;
}

/** The tombstone: what kind, which rule, when, how many; never what. */
async function tombstone(
  tx: DbExecutor,
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
 * The daily retention run: each rule in its own transaction, destroying what has passed its date (by each
 * school's own period for the rule) and is not held (nor, for a concern, still open), with one tombstone per
 * school and rule in the same transaction.
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
      const dueIds = due.map((r) => r.id);
      const bySchool = await countBySchool(tx, kind, dueIds);
      if (kind === 'concern') await destroyConcerns(tx, dueIds);
      else if (kind === 'consent') await destroyConsentHistories(tx, dueIds);
      else await destroyArchiveRecords(tx, dueIds);
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
