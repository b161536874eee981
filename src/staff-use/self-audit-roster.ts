import type { DbExecutor } from '../platform/db/database.js';
import type { RosterPersonForAudit } from './roster-keys.js';

/** The roster as the self-audit reads it: pupils (on roll, and leavers), carers of pupils on roll. */
export async function loadRosterForAudit(db: DbExecutor, schoolId: string): Promise<RosterPersonForAudit[]> {
  const pupils = await db
    .selectFrom('pupils')
    .select([
      'id',
      'given_name',
      'family_name',
      'preferred_name',
      'date_of_birth',
      'status',
      'left_on',
      'year_group',
    ])
    .where('school_id', '=', schoolId)
    .execute();
  const yearOf = new Map(pupils.filter((p) => p.status === 'current').map((p) => [p.id, p.year_group]));
  const links = await db
    .selectFrom('carer_pupil_links')
    .select(['carer_id', 'pupil_id'])
    .where('school_id', '=', schoolId)
    .where('ended_on', 'is', null)
    .execute();
  const childYears = new Map<string, (number | null)[]>();
  for (const link of links) {
    if (!yearOf.has(link.pupil_id)) continue;
    const list = childYears.get(link.carer_id) ?? [];
    list.push(yearOf.get(link.pupil_id) ?? null);
    childYears.set(link.carer_id, list);
  }
  const carers =
    childYears.size === 0
      ? []
      : await db
          .selectFrom('carers')
          .select(['id', 'given_name', 'family_name'])
          .where('school_id', '=', schoolId)
          .where('id', 'in', [...childYears.keys()])
          .execute();
  return [
    ...pupils.map(
      (p): RosterPersonForAudit => ({
        kind: 'pupil',
        givenName: p.given_name,
        familyName: p.family_name,
        preferredName: p.preferred_name,
        dateOfBirth: p.date_of_birth,
        status: p.status,
        leftOn: p.left_on,
        yearGroup: p.year_group,
      }),
    ),
    ...carers.map(
      (c): RosterPersonForAudit => ({
        kind: 'carer',
        givenName: c.given_name,
        familyName: c.family_name,
        childYearGroups: childYears.get(c.id) ?? [],
      }),
    ),
  ];
}
