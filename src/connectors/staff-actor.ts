import { isRole, type Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { StaffActor } from '../platform/http/route-access.js';

/**
 * The person a scheduled job acts for (the one who scheduled a publication), as they are now: their
 * current roles, or undefined when they are no longer an active member of the school. Their permission
 * is checked again when the job runs, as if they pressed the button then.
 */
export async function staffActorNow(
  db: DbExecutor,
  schoolId: string,
  staffId: string,
): Promise<StaffActor | undefined> {
  const row = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.id', 'staff.email', 'staff.given_name', 'staff.family_name', 'staff_memberships.roles'])
    .where('staff_memberships.school_id', '=', schoolId)
    .where('staff_memberships.staff_id', '=', staffId)
    .where('staff_memberships.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    kind: 'staff',
    staffId: row.id,
    schoolId,
    roles: (row.roles as string[]).filter(isRole) as Role[],
    email: row.email,
    name: `${row.given_name} ${row.family_name}`,
  };
}
