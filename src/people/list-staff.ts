import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { listStaffRows } from './people.repository.js';
import { type StaffListItem, schoolOf } from './people-views.js';

export async function listStaff(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string },
): Promise<StaffListItem[]> {
  const schoolId = schoolOf(actor, input.schoolId);
  const rows = await listStaffRows(db, schoolId);
  return rows.map((s) => ({
    id: s.id,
    givenName: s.given_name,
    familyName: s.family_name,
    email: s.email,
    roles: [...s.roles],
    status: s.status,
  }));
}
