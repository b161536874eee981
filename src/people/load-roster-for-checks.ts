import type { DbExecutor } from '../platform/db/database.js';

/** The people a school's checks look for: the check engine's roster input (checks maps nothing: same shape). */
export interface RosterForChecks {
  pupils: {
    id: string;
    givenName: string;
    familyName: string;
    preferredName?: string;
    dateOfBirth?: string;
    status: 'current' | 'left';
    leftOn?: string;
  }[];
  carers: { id: string; givenName: string; familyName: string; pupilIds: string[] }[];
  staff: { givenName: string; familyName: string }[];
}

/**
 * The people the check engine looks for in text: pupils (current, and leavers, whom the index keeps only
 * while under 18) and carers linked to them. Names and dates only; nothing else leaves the people domain.
 */
export async function loadRosterForChecks(db: DbExecutor, schoolId: string): Promise<RosterForChecks> {
  const pupils = await db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name', 'preferred_name', 'date_of_birth', 'status', 'left_on'])
    .where('school_id', '=', schoolId)
    .execute();
  const carers = await db
    .selectFrom('carers')
    .select(['id', 'given_name', 'family_name'])
    .where('school_id', '=', schoolId)
    .execute();
  const links = await db
    .selectFrom('carer_pupil_links')
    .select(['carer_id', 'pupil_id'])
    .where('school_id', '=', schoolId)
    .where('ended_on', 'is', null)
    .execute();
  // Staff names let the name matcher tell a teacher from a pupil reached only through a variant.
  const staff = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.given_name', 'staff.family_name'])
    .where('staff_memberships.school_id', '=', schoolId)
    .where('staff_memberships.status', '=', 'active')
    .execute();
  const pupilsByCarer = new Map<string, string[]>();
  for (const link of links) {
    const list = pupilsByCarer.get(link.carer_id) ?? [];
    list.push(link.pupil_id);
    pupilsByCarer.set(link.carer_id, list);
  }
  return {
    pupils: pupils.map((p) => ({
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      ...(p.preferred_name ? { preferredName: p.preferred_name } : {}),
      ...(p.date_of_birth ? { dateOfBirth: p.date_of_birth } : {}),
      status: p.status,
      ...(p.left_on ? { leftOn: p.left_on } : {}),
    })),
    carers: carers.map((c) => ({
      id: c.id,
      givenName: c.given_name,
      familyName: c.family_name,
      pupilIds: pupilsByCarer.get(c.id) ?? [],
    })),
    staff: staff.map((m) => ({ givenName: m.given_name, familyName: m.family_name })),
  };
}
