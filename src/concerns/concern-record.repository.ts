import type { Insertable } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import type {
  ConcernActionTable,
  ConcernEntryRow,
  ConcernEntryTable,
  ConcernEvidenceTable,
  ConcernReferralTable,
} from './concerns.table.js';

/** Queries on what a concern's record holds: chronology entries, actions, referrals and evidence files. */

export async function insertEntry(db: DbExecutor, row: Insertable<ConcernEntryTable>): Promise<void> {
  await db.insertInto('concern_entries').values(row).execute();
}

/** The chronology of the concerns, in the order it was written. */
export async function listEntries(db: DbExecutor, concernIds: readonly string[]): Promise<ConcernEntryRow[]> {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_entries')
    .selectAll()
    .where('concern_id', 'in', [...concernIds])
    .orderBy('seq')
    .execute();
}

/** Whether the entry belongs to the concern. */
export async function entryInConcern(db: DbExecutor, concernId: string, entryId: string): Promise<boolean> {
  const row = await db
    .selectFrom('concern_entries')
    .select('id')
    .where('id', '=', entryId)
    .where('concern_id', '=', concernId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertAction(db: DbExecutor, row: Insertable<ConcernActionTable>): Promise<void> {
  await db.insertInto('concern_actions').values(row).execute();
}

export async function listActions(db: DbExecutor, concernId: string) {
  return db
    .selectFrom('concern_actions')
    .selectAll()
    .where('concern_id', '=', concernId)
    .orderBy('created_at')
    .execute();
}

/** Due dates and completion of the actions of many concerns (the dashboard's counts). */
export async function listActionDueDates(db: DbExecutor, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_actions')
    .select(['concern_id', 'due_on', 'completed_at'])
    .where('concern_id', 'in', [...concernIds])
    .execute();
}

/** Marks an open action done; false when the concern has no open action with that id. */
export async function completeAction(
  db: DbExecutor,
  input: { concernId: string; actionId: string; at: Date; by: string | null },
): Promise<boolean> {
  const done = await db
    .updateTable('concern_actions')
    .set({ completed_at: input.at, completed_by: input.by })
    .where('id', '=', input.actionId)
    .where('concern_id', '=', input.concernId)
    .where('completed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return done !== undefined;
}

export async function insertReferral(db: DbExecutor, row: Insertable<ConcernReferralTable>): Promise<void> {
  await db.insertInto('concern_referrals').values(row).execute();
}

export async function listReferrals(db: DbExecutor, concernId: string) {
  return db
    .selectFrom('concern_referrals')
    .selectAll()
    .where('concern_id', '=', concernId)
    .orderBy('created_at')
    .execute();
}

/** Follow-up dates of the referrals of many concerns (the dashboard's counts). */
export async function listReferralFollowUps(db: DbExecutor, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_referrals')
    .select(['concern_id', 'follow_up_on'])
    .where('concern_id', 'in', [...concernIds])
    .execute();
}

export async function insertEvidence(db: DbExecutor, row: Insertable<ConcernEvidenceTable>): Promise<void> {
  await db.insertInto('concern_evidence').values(row).execute();
}

/** The evidence files of a concern without their contents (names stay sealed). */
export async function listEvidence(db: DbExecutor, concernId: string) {
  return db
    .selectFrom('concern_evidence')
    .select(['id', 'data_key_id', 'name', 'media_type', 'size_bytes', 'sha256', 'viewing_copy'])
    .where('concern_id', '=', concernId)
    .orderBy('created_at')
    .execute();
}

export async function findEvidence(db: DbExecutor, concernId: string, evidenceId: string) {
  return db
    .selectFrom('concern_evidence')
    .selectAll()
    .where('concern_id', '=', concernId)
    .where('id', '=', evidenceId)
    .executeTakeFirst();
}
