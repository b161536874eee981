import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { daysBetween, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { type ContactExceptionView, contactExceptionView } from './contact-exception-view.js';
import { canRequestContactException, isStaff } from './staff-use.permissions.js';
import { listContactExceptions, memberIdsWithRoles } from './staff-use.repository.js';
import type { ContactChannel } from './staff-use.table.js';
/** An approval lasts at most a school year; a longer need is asked for again. */
export const MAX_EXCEPTION_DAYS = 366;

export interface ContactExceptionRequest {
  channel: ContactChannel;
  reason: string;
  audience: string;
  from: string;
  to: string;
  /** The personal number or address, so the post checks allow it while the approval holds. */
  contact?: string | undefined;
}

const phoneShape = /^\+?[\d\s()-]{7,20}$/;

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a request's fields together; every problem at once, each naming its field. */
export function validateContactRequest(input: ContactExceptionRequest, today: string): string[] {
  const problems: string[] = [];
  if (input.reason.trim().length < 5) problems.push('reason: say why a personal channel is needed');
  if (input.audience.trim().length < 2) problems.push('audience: say which people or group you will contact');
  if (!isIsoDate(input.from)) problems.push('from: a date as YYYY-MM-DD');
  if (!isIsoDate(input.to)) problems.push('to: a date as YYYY-MM-DD');
  if (isIsoDate(input.from) && isIsoDate(input.to)) {
    if (input.to < input.from) problems.push('to: the end comes on or after the start');
    else if (daysBetween(input.from, input.to) > MAX_EXCEPTION_DAYS)
      problems.push('to: an approval lasts at most a year; ask again for longer');
    if (input.to < today) problems.push('to: the end date has already passed');
  }
  const contact = input.contact?.trim();
  if (contact) {
    if (input.channel === 'personal_phone' && !phoneShape.test(contact))
      problems.push('contact: a phone number, e.g. 07700 900123');
    if (input.channel === 'personal_email' && !emailShape.test(contact))
      problems.push('contact: an email address, e.g. name@example.com');
  }
  return problems;
}

/** A member of staff asks the headteacher to use a personal phone or email for school business. */
export async function requestContactException(
  db: Db,
  actor: Actor,
  input: ContactExceptionRequest,
  now: Date,
  today: string,
): Promise<ContactExceptionView> {
  if (!canRequestContactException(actor) || !isStaff(actor))
    throw forbidden('StaffOnly', 'only a member of staff asks for an exception');
  const problems = validateContactRequest(input, today);
  if (problems.length > 0) throw invalid('ContactExceptionInvalid', 'the request is not complete', problems);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('contact_exceptions')
      .values({
        school_id: actor.schoolId,
        staff_id: actor.staffId,
        channel: input.channel,
        contact: input.contact?.trim() || null,
        reason: input.reason.trim(),
        audience: input.audience.trim(),
        from_on: input.from,
        to_on: input.to,
        status: 'pending',
        decided_by_staff_id: null,
        decided_at: null,
        decision_reason: null,
        expiry_reminded_at: null,
        closed_reason: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.contact_exception_requested',
        subject: { type: 'contact_exception', id: row.id },
        data: { channel: input.channel, from: input.from, to: input.to },
      },
    });
    const heads = (await memberIdsWithRoles(tx, actor.schoolId, ['headteacher'])).filter(
      (id) => id !== actor.staffId,
    );
    await notify(tx, {
      schoolId: actor.schoolId,
      staffIds: heads,
      kind: 'staff_use.contact_exception_requested',
      title: `${actor.name} asks to use a personal ${input.channel === 'personal_phone' ? 'phone' : 'email'} for school business`,
      link: linkTo('contactExceptions'),
      email: true,
      now,
    });
    const [created] = await listContactExceptions(tx, actor.schoolId, { staffId: actor.staffId });
    if (!created || created.id !== row.id) throw notFound('ContactExceptionNotFound', 'no such request');
    return contactExceptionView(actor, created);
  });
}
