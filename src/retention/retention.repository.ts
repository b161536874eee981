import type { DbExecutor } from '../platform/db/database.js';
import type { LegalHoldRow } from './retention.table.js';

/** Retention's own tables: legal holds and the schools' own periods. */

/** Holds in force in a school, newest first. */
export async function listActiveHolds(db: DbExecutor, schoolId: string): Promise<LegalHoldRow[]> {
  return db
    .selectFrom('legal_holds')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('lifted_at', 'is', null)
    .orderBy('placed_at', 'desc')
    .execute();
}

export async function insertHold(
  db: DbExecutor,
  hold: {
    schoolId: string;
    targetKind: string;
    targetId: string;
    reason: string;
    placedByStaffId: string | null;
    at: Date;
  },
): Promise<{ id: string; placed_at: Date }> {
  return db
    .insertInto('legal_holds')
    .values({
      school_id: hold.schoolId,
      target_kind: hold.targetKind,
      target_id: hold.targetId,
      reason: hold.reason,
      placed_by_staff_id: hold.placedByStaffId,
      placed_at: hold.at,
      lifted_by_staff_id: null,
      lifted_at: null,
      lift_reason: null,
    })
    .returning(['id', 'placed_at'])
    .executeTakeFirstOrThrow();
}

export async function findHold(
  db: DbExecutor,
  schoolId: string,
  holdId: string,
): Promise<LegalHoldRow | undefined> {
  return db
    .selectFrom('legal_holds')
    .selectAll()
    .where('id', '=', holdId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

export async function markHoldLifted(
  db: DbExecutor,
  holdId: string,
  lift: { by: string | null; reason: string; at: Date },
): Promise<void> {
  await db
    .updateTable('legal_holds')
    .set({ lifted_at: lift.at, lifted_by_staff_id: lift.by, lift_reason: lift.reason })
    .where('id', '=', holdId)
    .execute();
}

/** The school's own periods: rule id → amount in the rule's unit. */
export async function schoolPeriods(db: DbExecutor, schoolId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('retention_periods')
    .select(['rule_id', 'amount'])
    .where('school_id', '=', schoolId)
    .execute();
  return new Map(rows.map((r) => [r.rule_id, r.amount]));
}

/** Sets a school's period for a rule; null goes back to the standard period. */
export async function saveSchoolPeriod(
  db: DbExecutor,
  input: { schoolId: string; ruleId: string; amount: number | null; by: string | null; at: Date },
): Promise<void> {
  if (input.amount === null) {
    await db
      .deleteFrom('retention_periods')
      .where('school_id', '=', input.schoolId)
      .where('rule_id', '=', input.ruleId)
      .execute();
    return;
  }
  await db
    .insertInto('retention_periods')
    .values({
      school_id: input.schoolId,
      rule_id: input.ruleId,
      amount: input.amount,
      updated_by_staff_id: input.by,
      updated_at: input.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['school_id', 'rule_id'])
        .doUpdateSet({ amount: input.amount as number, updated_by_staff_id: input.by, updated_at: input.at }),
    )
    .execute();
}
