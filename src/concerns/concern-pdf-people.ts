import { staffWithMembership } from '../people/people.queries.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { staffRoleLabels } from '../shared/concern-words.js';
import { isUuid } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';

const staffRoleOrder: Role[] = ['headteacher', 'dsl', 'deputy_dsl', 'smt', 'manager', 'admin', 'staff'];

/**
 * Names and roles of the staff a concern record mentions (reporter, authors, owners, assignees), for the PDF:
 * a receiving agency reads people, not ids. Staff no longer in the school keep their name, role "former staff".
 */
export async function namePeopleInRecord(
  db: DbExecutor,
  schoolId: string,
  concerns: readonly ConcernDetail[],
): Promise<Map<string, { name: string; role: string }>> {
  const ids = new Set<string>();
  for (const c of concerns) {
    ids.add(c.reporter.staffId);
    if (c.subjectStaff) ids.add(c.subjectStaff.staffId);
    if (c.assignedStaffId) ids.add(c.assignedStaffId);
    for (const e of c.chronology) {
      if (e.authorStaffId) ids.add(e.authorStaffId);
      for (const key of ['staffId', 'ownerStaffId'] as const) {
        const value = e.facts[key];
        if (typeof value === 'string') ids.add(value);
      }
    }
    for (const a of c.actions) ids.add(a.ownerStaffId);
  }
  const wanted = [...ids].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await staffWithMembership(db, schoolId, wanted);
  return new Map(
    rows.map((r) => {
      const role = r.status === 'active' ? staffRoleOrder.find((x) => r.roles?.includes(x)) : undefined;
      return [
        r.id,
        { name: `${r.given_name} ${r.family_name}`, role: role ? staffRoleLabels[role] : 'former staff' },
      ];
    }),
  );
}

/** The person exporting, as the PDF's footer names them. */
export function exporterOf(actor: Actor): { name: string; role: string } {
  if (actor.kind === 'system') return { name: 'Guardpost', role: actor.label };
  const role = staffRoleOrder.find((x) => actor.roles.includes(x)) ?? 'staff';
  return { name: actor.name || actor.email, role: staffRoleLabels[role] };
}
