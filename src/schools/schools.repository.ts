import type { DbExecutor } from '../platform/db/database.js';
import type { NewSchoolRow, SchoolRow } from './schools.table.js';

export async function insertSchool(db: DbExecutor, row: NewSchoolRow): Promise<SchoolRow> {
  return db.insertInto('schools').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSchoolById(db: DbExecutor, id: string): Promise<SchoolRow | undefined> {
  return db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSchoolsByIds(db: DbExecutor, ids: readonly string[]): Promise<SchoolRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('schools').selectAll().where('id', 'in', ids).execute();
}

export async function findSchoolByUrn(db: DbExecutor, urn: string): Promise<SchoolRow | undefined> {
  return db.selectFrom('schools').selectAll().where('urn', '=', urn).executeTakeFirst();
}

export async function findDemoSchool(db: DbExecutor): Promise<SchoolRow | undefined> {
  return db.selectFrom('schools').selectAll().where('is_demo', '=', true).executeTakeFirst();
}

export async function listSchoolRows(db: DbExecutor): Promise<SchoolRow[]> {
  return db.selectFrom('schools').selectAll().orderBy('name').orderBy('created_at').execute();
}

export async function countSchools(db: DbExecutor): Promise<number> {
  const row = await db
    .selectFrom('schools')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
