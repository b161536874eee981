import { z } from 'zod';
import type { DbExecutor } from '../platform/db/database.js';
import { invalid, notFound } from '../platform/errors.js';
import { type SchoolView, toSchoolView } from './school-view.js';
import {
  countSchools,
  findDemoSchool,
  findSchoolById,
  findSchoolsByIds,
  listSchoolRows,
} from './schools.repository.js';

export async function listSchools(db: DbExecutor): Promise<SchoolView[]> {
  return (await listSchoolRows(db)).map(toSchoolView);
}

export async function getSchool(db: DbExecutor, id: string): Promise<SchoolView> {
  const row = z.uuid().safeParse(id).success ? await findSchoolById(db, id) : undefined;
  if (!row) throw notFound('SchoolNotFound', `no school with id ${id}`);
  return toSchoolView(row);
}

/** These schools, in the order given (one query); an id with no school is an error, as in getSchool. */
export async function getSchools(db: DbExecutor, ids: readonly string[]): Promise<SchoolView[]> {
  const rows = new Map((await findSchoolsByIds(db, ids)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = rows.get(id);
    if (!row) throw notFound('SchoolNotFound', `no school with id ${id}`);
    return toSchoolView(row);
  });
}

/**
 * The school a command or request means when it does not say: the one named, else the only school, else
 * the demo school. Several schools and no choice is an error rather than a guess.
 */
export async function resolveSchool(db: DbExecutor, id?: string): Promise<SchoolView> {
  if (id) return getSchool(db, id);
  const schools = await listSchoolRows(db);
  if (schools.length === 1) return toSchoolView(schools[0]!);
  if (schools.length === 0)
    throw notFound('SchoolNotFound', 'there is no school yet: run `guardpost school create`');
  const demo = await findDemoSchool(db);
  if (demo) return toSchoolView(demo);
  throw invalid('SchoolRequired', `there are ${schools.length} schools: name one with --school ID`);
}

export async function hasAnySchool(db: DbExecutor): Promise<boolean> {
  return (await countSchools(db)) > 0;
}

/** The demo school, when this deployment has one. */
export async function findDemoSchoolView(db: DbExecutor): Promise<SchoolView | undefined> {
  const row = await findDemoSchool(db);
  return row ? toSchoolView(row) : undefined;
}
