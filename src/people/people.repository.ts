import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import type { CarerRow, PupilRow } from './people.table.js';

/** A word of a name search as an ILIKE prefix, its wildcards escaped. */
function namePrefix(word: string): string {
  return `${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A family name starting with the prefix, or either part of a hyphenated or two-word one ("Jones" finds Smith-Jones). */
function familyNameMatches<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  prefix: string,
): Expression<SqlBool>[] {
  const family = sql.ref('family_name');
  return [
    eb(family, 'ilike', prefix),
    eb(family, 'ilike', `%-${prefix}`),
    eb(family, 'ilike', `% ${prefix}`),
  ];
}

/**
 * One page of the pupils whose names (given, preferred or family) start with every word of the query,
 * and how many match in all, so a list can say how many it does not show.
 */
export async function searchPupilRows(
  db: DbExecutor,
  schoolId: string,
  filter: {
    words: readonly string[];
    year?: number;
    status?: 'current' | 'left';
    limit: number;
    offset?: number;
  },
): Promise<{ rows: PupilRow[]; total: number }> {
  let query = db.selectFrom('pupils').where('school_id', '=', schoolId);
  for (const word of filter.words) {
    const prefix = namePrefix(word);
    query = query.where((eb) =>
      eb.or([
        eb('given_name', 'ilike', prefix),
        eb('preferred_name', 'ilike', prefix),
        ...familyNameMatches(eb, prefix),
      ]),
    );
  }
  if (filter.year !== undefined) query = query.where('year_group', '=', filter.year);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query
    .selectAll()
    .orderBy('family_name')
    .orderBy('given_name')
    .orderBy('id')
    .limit(filter.limit)
    .offset(filter.offset ?? 0)
    .execute();
  const { n } = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function findPupilRow(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<PupilRow | undefined> {
  return db
    .selectFrom('pupils')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCarerRow(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<CarerRow | undefined> {
  return db
    .selectFrom('carers')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Current links of a pupil, with the carer's name and contact details. */
export async function carersOfPupil(db: DbExecutor, pupilId: string) {
  return db
    .selectFrom('carer_pupil_links as l')
    .innerJoin('carers as c', 'c.id', 'l.carer_id')
    .select([
      'c.id',
      'c.given_name',
      'c.family_name',
      'c.email',
      'c.phone',
      'l.relationship',
      'l.parental_responsibility',
    ])
    .where('l.pupil_id', '=', pupilId)
    .where('l.ended_on', 'is', null)
    .orderBy('c.family_name')
    .execute();
}

/** Current links of a carer, with the pupil's name. */
export async function pupilsOfCarer(db: DbExecutor, carerId: string) {
  return db
    .selectFrom('carer_pupil_links as l')
    .innerJoin('pupils as p', 'p.id', 'l.pupil_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.preferred_name',
      'p.year_group',
      'p.status',
      'l.relationship',
      'l.parental_responsibility',
    ])
    .where('l.carer_id', '=', carerId)
    .where('l.ended_on', 'is', null)
    .orderBy('p.family_name')
    .execute();
}

export async function listStaffRows(db: DbExecutor, schoolId: string) {
  return db
    .selectFrom('staff_memberships as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['s.id', 's.given_name', 's.family_name', 's.email', 'm.roles', 'm.status'])
    .where('m.school_id', '=', schoolId)
    .orderBy('s.family_name')
    .orderBy('s.given_name')
    .execute();
}

/** Carers of the school whose names start with every word, in name order. */
export async function searchCarerRows(
  db: DbExecutor,
  schoolId: string,
  filter: { words: readonly string[]; limit: number },
): Promise<{ id: string; given_name: string; family_name: string }[]> {
  let query = db.selectFrom('carers').where('school_id', '=', schoolId);
  for (const word of filter.words) {
    const prefix = namePrefix(word);
    query = query.where((eb) => eb.or([eb('given_name', 'ilike', prefix), ...familyNameMatches(eb, prefix)]));
  }
  return query
    .select(['id', 'given_name', 'family_name'])
    .orderBy('family_name')
    .orderBy('given_name')
    .orderBy('id')
    .limit(filter.limit)
    .execute();
}

/** Staff of the school (active or left) whose names start with every word, in name order. */
export async function searchStaffRows(
  db: DbExecutor,
  schoolId: string,
  filter: { words: readonly string[]; limit: number },
): Promise<{ id: string; given_name: string; family_name: string; status: 'active' | 'left' }[]> {
  let query = db
    .selectFrom('staff')
    .innerJoin('staff_memberships as m', 'm.staff_id', 'staff.id')
    .where('m.school_id', '=', schoolId);
  for (const word of filter.words) {
    const prefix = namePrefix(word);
    query = query.where((eb) =>
      eb.or([eb('staff.given_name', 'ilike', prefix), ...familyNameMatches(eb, prefix)]),
    );
  }
  return query
    .select(['staff.id', 'staff.given_name', 'staff.family_name', 'm.status'])
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .orderBy('staff.id')
    .limit(filter.limit)
    .execute();
}
