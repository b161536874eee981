import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { type ContactExceptionView, contactExceptionView } from './contact-exception-view.js';
import { canReadContactRegister, isStaff } from './staff-use.permissions.js';
import { listContactExceptions } from './staff-use.repository.js';
import type { ContactExceptionStatus } from './staff-use.table.js';
/**
 * The caller's own requests; with `register`, the school's register for SMT, the headteacher and admins
 * (the headteacher's decision list is the register's pending rows). Reading the register is audited.
 */
export async function getContactExceptions(
  db: Db,
  actor: Actor,
  input: { scope: 'mine' | 'register'; status?: ContactExceptionStatus | undefined },
  now: Date,
): Promise<{ exceptions: ContactExceptionView[]; canReadRegister: boolean }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff reads these');
  const register = canReadContactRegister(actor);
  if (input.scope === 'mine') {
    const rows = await listContactExceptions(db, actor.schoolId, {
      staffId: actor.staffId,
      ...(input.status ? { statuses: [input.status] } : {}),
    });
    return { exceptions: rows.map((r) => contactExceptionView(actor, r)), canReadRegister: register };
  }
  if (!register)
    throw forbidden('ContactRegisterForbidden', 'only SMT, the headteacher and admins see the register');
  return db.transaction().execute(async (tx) => {
    const rows = await listContactExceptions(
      tx,
      actor.schoolId,
      input.status ? { statuses: [input.status] } : {},
    );
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.contact_register_viewed',
        subject: { type: 'school', id: actor.schoolId },
        data: { rows: rows.length },
      },
    });
    return { exceptions: rows.map((r) => contactExceptionView(actor, r)), canReadRegister: true };
  });
}
