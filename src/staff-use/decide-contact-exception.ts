import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { formatUkDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { type ContactExceptionView, contactExceptionView } from './contact-exception-view.js';
import { canDecideContactException, isStaff } from './staff-use.permissions.js';
import { findContactException, listContactExceptions } from './staff-use.repository.js';
/** The headteacher approves or refuses a pending request, with a reason (clauses 1.5, 1.6). */
export async function decideContactException(
  db: Db,
  actor: Actor,
  id: string,
  input: { decision: 'approved' | 'refused'; reason: string },
  now: Date,
): Promise<ContactExceptionView> {
  if (!isStaff(actor)) throw forbidden('HeadteacherOnly', 'only the headteacher decides');
  if (input.reason.trim().length < 3)
    throw invalid('DecisionReasonRequired', 'give a reason for the decision', ['reason: give a reason']);
  return db.transaction().execute(async (tx) => {
    const row = await findContactException(tx, actor.schoolId, id, true);
    if (!row) throw notFound('ContactExceptionNotFound', 'no such request at this school');
    if (!canDecideContactException(actor, { schoolId: row.school_id, staffId: row.staff_id }))
      throw forbidden(
        'HeadteacherOnly',
        row.staff_id === actor.staffId
          ? 'a headteacher does not decide their own request'
          : 'only the headteacher decides these requests',
      );
    if (row.status !== 'pending')
      throw conflict('ContactExceptionDecided', `this request is already ${row.status}`);
    await tx
      .updateTable('contact_exceptions')
      .set({
        status: input.decision,
        decided_by_staff_id: actor.staffId,
        decided_at: now,
        decision_reason: input.reason.trim(),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.contact_exception_decided',
        subject: { type: 'contact_exception', id: row.id },
        data: { decision: input.decision, staffId: row.staff_id },
      },
    });
    await notify(tx, {
      schoolId: actor.schoolId,
      staffIds: [row.staff_id],
      kind: 'staff_use.contact_exception_decided',
      title:
        input.decision === 'approved'
          ? `Your request to use a personal channel is approved until ${formatUkDate(row.to_on)}`
          : 'Your request to use a personal channel is refused',
      link: linkTo('contactExceptions'),
      email: true,
      now,
    });
    const rows = await listContactExceptions(tx, actor.schoolId, { staffId: row.staff_id });
    const updated = rows.find((r) => r.id === row.id);
    if (!updated) throw notFound('ContactExceptionNotFound', 'no such request');
    return contactExceptionView(actor, updated);
  });
}
