import type { Insertable, Updateable } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import type {
  ConcernAlertTable,
  ConcernPupilTable,
  ConcernRow,
  ConcernSettingsRow,
  ConcernSettingsTable,
  ConcernStatus,
  ConcernTable,
} from './concerns.table.js';

/** Queries on the concern itself, its pupils, its alerts and the school's concern settings. */

export async function findConcern(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<ConcernRow | undefined> {
  return db
    .selectFrom('concerns')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The concern row locked for the rest of the transaction (one writer at a time per concern). */
export async function lockConcern(db: DbExecutor, id: string): Promise<ConcernRow | undefined> {
  return db.selectFrom('concerns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertConcern(db: DbExecutor, row: Insertable<ConcernTable>): Promise<void> {
  await db.insertInto('concerns').values(row).execute();
}

/** Changes a concern's row; `updated_at` is always set. */
export async function updateConcern(
  db: DbExecutor,
  id: string,
  set: Updateable<ConcernTable> & { updated_at: Date },
): Promise<void> {
  await db.updateTable('concerns').set(set).where('id', '=', id).execute();
}

/** A school's concerns, newest first (the dashboard's 500 at most). */
export async function listSchoolConcerns(
  db: DbExecutor,
  schoolId: string,
  status: ConcernStatus | undefined,
): Promise<ConcernRow[]> {
  let query = db.selectFrom('concerns').selectAll().where('school_id', '=', schoolId);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('created_at', 'desc').limit(500).execute();
}

/** Urgent concerns nobody has acknowledged and that are still open, oldest first. */
export async function listUrgentUnacknowledgedConcerns(
  db: DbExecutor,
  schoolId: string,
): Promise<ConcernRow[]> {
  return db
    .selectFrom('concerns')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('urgency', '=', 'urgent')
    .where('acknowledged_at', 'is', null)
    .where('status', '!=', 'closed')
    .orderBy('created_at')
    .limit(50)
    .execute();
}

/** What a reporter may see of their own reports. */
export async function listReportedBy(
  db: DbExecutor,
  schoolId: string,
  staffId: string,
): Promise<Pick<ConcernRow, 'reference' | 'type' | 'status' | 'created_at'>[]> {
  return db
    .selectFrom('concerns')
    .select(['reference', 'type', 'status', 'created_at'])
    .where('school_id', '=', schoolId)
    .where('reporter_staff_id', '=', staffId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Every concern of the school naming this pupil, oldest first. */
export async function listConcernsAboutPupil(
  db: DbExecutor,
  schoolId: string,
  pupilId: string,
): Promise<ConcernRow[]> {
  return db
    .selectFrom('concerns')
    .innerJoin('concern_pupils', 'concern_pupils.concern_id', 'concerns.id')
    .selectAll('concerns')
    .where('concern_pupils.pupil_id', '=', pupilId)
    .where('concerns.school_id', '=', schoolId)
    .orderBy('concerns.created_at')
    .execute();
}

export async function insertConcernPupils(
  db: DbExecutor,
  rows: readonly Insertable<ConcernPupilTable>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('concern_pupils')
      .values([...rows])
      .execute();
}

/** The pupils a concern names, with their role in it. */
export async function listConcernPupils(
  db: DbExecutor,
  concernId: string,
): Promise<Pick<ConcernPupilTable, 'pupil_id' | 'role'>[]> {
  return db
    .selectFrom('concern_pupils')
    .select(['pupil_id', 'role'])
    .where('concern_id', '=', concernId)
    .execute();
}

/** Every pupil named in any concern (the transfer scan looks among these for leavers). */
export async function listPupilsWithConcerns(db: DbExecutor): Promise<string[]> {
  const rows = await db.selectFrom('concern_pupils').select('pupil_id').distinct().execute();
  return rows.map((r) => r.pupil_id);
}

export async function insertConcernAlerts(
  db: DbExecutor,
  rows: readonly Insertable<ConcernAlertTable>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('concern_alerts')
      .values([...rows])
      .execute();
}

/** The concerns among `ids` that the member of staff was alerted about (at any level of the chain). */
export async function concernsAlertedTo(
  db: DbExecutor,
  staffId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('concern_alerts')
    .select('concern_id')
    .where('staff_id', '=', staffId)
    .where('concern_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.concern_id));
}

export async function findConcernSettings(
  db: DbExecutor,
  schoolId: string,
): Promise<ConcernSettingsRow | undefined> {
  return db.selectFrom('concern_settings').selectAll().where('school_id', '=', schoolId).executeTakeFirst();
}

export async function saveConcernSettings(
  db: DbExecutor,
  schoolId: string,
  values: Omit<Insertable<ConcernSettingsTable>, 'school_id'>,
): Promise<void> {
  await db
    .insertInto('concern_settings')
    .values({ school_id: schoolId, ...values })
    .onConflict((oc) => oc.column('school_id').doUpdateSet(values))
    .execute();
}
