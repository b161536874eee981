import type { DbExecutor } from '../platform/db/database.js';
import type { ConsentLossReason } from './consent.events.js';
import type { ConsentLinkRow, ConsentPurpose, ConsentRow, NewConsentRow } from './consent.table.js';
import type { ConsentRecord } from './consent-rules.js';

export interface ConsentPupilRow {
  id: string;
  external_id: string;
  given_name: string;
  family_name: string;
  status: 'current' | 'left';
  left_on: string | null;
}

export function toConsentRecord(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    pupilId: row.pupil_id,
    purpose: row.purpose,
    state: row.state,
    givenOn: row.given_on,
    expiresOn: row.expires_on,
    seq: Number(row.seq),
  };
}

const pupilColumns = ['id', 'external_id', 'given_name', 'family_name', 'status', 'left_on'] as const;

export async function findConsentPupil(
  db: DbExecutor,
  schoolId: string,
  pupilId: string,
): Promise<ConsentPupilRow | undefined> {
  return db
    .selectFrom('pupils')
    .select(pupilColumns)
    .where('school_id', '=', schoolId)
    .where('id', '=', pupilId)
    .executeTakeFirst();
}

export async function listConsentPupils(db: DbExecutor, schoolId: string): Promise<ConsentPupilRow[]> {
  return db.selectFrom('pupils').select(pupilColumns).where('school_id', '=', schoolId).execute();
}

/** Pupils on roll in a year group, in name order (family, then given name). */
export async function listYearGroupPupils(db: DbExecutor, schoolId: string, yearGroup: number) {
  return db
    .selectFrom('pupils')
    .select([...pupilColumns, 'preferred_name'])
    .where('school_id', '=', schoolId)
    .where('year_group', '=', yearGroup)
    .where('status', '=', 'current')
    .orderBy('family_name')
    .orderBy('given_name')
    .orderBy('id')
    .execute();
}

/** The decisions about these pupils, oldest first. */
export async function listConsentRowsForPupils(
  db: DbExecutor,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<ConsentRow[]> {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('consents')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('pupil_id', 'in', [...pupilIds])
    .orderBy('seq', 'asc')
    .execute();
}

/** The school's decisions, oldest first; narrowed to one pupil and/or purpose when asked. */
export async function listConsentRows(
  db: DbExecutor,
  schoolId: string,
  filter: { pupilId?: string; purpose?: ConsentPurpose } = {},
): Promise<ConsentRow[]> {
  let query = db.selectFrom('consents').selectAll().where('school_id', '=', schoolId);
  if (filter.pupilId !== undefined) query = query.where('pupil_id', '=', filter.pupilId);
  if (filter.purpose !== undefined) query = query.where('purpose', '=', filter.purpose);
  return query.orderBy('seq', 'asc').execute();
}

export async function insertConsent(db: DbExecutor, row: NewConsentRow): Promise<ConsentRow> {
  return db.insertInto('consents').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Whether the carer is linked to the pupil now, with parental responsibility, and their address. */
export async function findCarerForPupil(
  db: DbExecutor,
  schoolId: string,
  carerId: string,
  pupilId: string,
): Promise<{ id: string; email: string | null; parentalResponsibility: boolean } | undefined> {
  const row = await db
    .selectFrom('carer_pupil_links')
    .innerJoin('carers', 'carers.id', 'carer_pupil_links.carer_id')
    .select(['carers.id', 'carers.email', 'carer_pupil_links.parental_responsibility'])
    .where('carer_pupil_links.school_id', '=', schoolId)
    .where('carer_pupil_links.carer_id', '=', carerId)
    .where('carer_pupil_links.pupil_id', '=', pupilId)
    .where('carer_pupil_links.ended_on', 'is', null)
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, parentalResponsibility: row.parental_responsibility }
    : undefined;
}

/** Current carer links with parental responsibility, keyed `carerExternalId|pupilId`, and carer ids. */
export async function listResponsibleCarers(
  db: DbExecutor,
  schoolId: string,
): Promise<{ carers: Map<string, string>; responsible: Set<string> }> {
  const carers = await db
    .selectFrom('carers')
    .select(['id', 'external_id'])
    .where('school_id', '=', schoolId)
    .execute();
  const links = await db
    .selectFrom('carer_pupil_links')
    .select(['carer_id', 'pupil_id'])
    .where('school_id', '=', schoolId)
    .where('ended_on', 'is', null)
    .where('parental_responsibility', '=', true)
    .execute();
  return {
    carers: new Map(carers.map((c) => [c.external_id, c.id])),
    responsible: new Set(links.map((l) => `${l.carer_id}|${l.pupil_id}`)),
  };
}

export async function insertConsentImport(
  db: DbExecutor,
  row: {
    schoolId: string;
    actorStaffId: string | null;
    actorLabel: string;
    at: Date;
    fileName: string;
    counts: Record<string, number>;
  },
): Promise<string> {
  const inserted = await db
    .insertInto('consent_imports')
    .values({
      school_id: row.schoolId,
      actor_staff_id: row.actorStaffId,
      actor_label: row.actorLabel,
      at: row.at,
      file_name: row.fileName,
      counts: JSON.stringify(row.counts),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Notes that a grant stopped holding; false when it was already noted (the hook fires once per grant). */
export async function insertConsentLoss(
  db: DbExecutor,
  row: {
    consentId: string;
    schoolId: string;
    pupilId: string;
    purpose: ConsentPurpose;
    reason: ConsentLossReason;
    lostOn: string;
    at: Date;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('consent_losses')
    .values({
      consent_id: row.consentId,
      school_id: row.schoolId,
      pupil_id: row.pupilId,
      purpose: row.purpose,
      reason: row.reason,
      lost_on: row.lostOn,
      noted_at: row.at,
    })
    .onConflict((oc) => oc.column('consent_id').doNothing())
    .returning('consent_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function listNotedLosses(db: DbExecutor, schoolId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('consent_losses')
    .select('consent_id')
    .where('school_id', '=', schoolId)
    .execute();
  return new Set(rows.map((r) => r.consent_id));
}

export async function listSchoolIdsWithConsents(db: DbExecutor): Promise<string[]> {
  const rows = await db.selectFrom('consents').select('school_id').distinct().execute();
  return rows.map((r) => r.school_id);
}

export async function insertConsentLink(db: DbExecutor, row: Omit<ConsentLinkRow, 'used_at'>): Promise<void> {
  await db
    .insertInto('consent_links')
    .values({ ...row, used_at: null })
    .execute();
}

export async function findConsentLink(db: DbExecutor, id: string): Promise<ConsentLinkRow | undefined> {
  return db.selectFrom('consent_links').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a link used; false when another request used it first (single use under concurrency too). */
export async function claimConsentLink(db: DbExecutor, id: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('consent_links')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSchoolName(db: DbExecutor, schoolId: string): Promise<string | undefined> {
  const row = await db.selectFrom('schools').select('name').where('id', '=', schoolId).executeTakeFirst();
  return row?.name;
}
