import type { ApprovedPersonalChannels } from '../checks/engine/text/personal-channel.js';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { daysBetween, formatUkDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import {
  canDecideContactException,
  canReadContactRegister,
  canRequestContactException,
  isStaff,
} from './staff-use.permissions.js';
import {
  approvedContactsOn,
  approvedExceptionsEndingBy,
  type ContactExceptionWithNames,
  findContactException,
  listContactExceptions,
  memberIdsWithRoles,
} from './staff-use.repository.js';
import type { ContactChannel, ContactExceptionRow, ContactExceptionStatus } from './staff-use.table.js';

/** An approval lasts at most a school year; a longer need is asked for again. */
export const MAX_EXCEPTION_DAYS = 366;
/** The requester is reminded this many days before the approval ends. */
export const EXPIRY_REMINDER_DAYS = 3;

export interface ContactExceptionRequest {
  channel: ContactChannel;
  reason: string;
  audience: string;
  from: string;
  to: string;
  /** The personal number or address, so the post checks allow it while the approval holds. */
  contact?: string | undefined;
}

export interface ContactExceptionView {
  id: string;
  staffId: string;
  staffName: string;
  channel: ContactChannel;
  contact: string | null;
  reason: string;
  audience: string;
  from: string;
  to: string;
  status: ContactExceptionStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
  /** Whether the caller may decide it now (the headteacher, pending, not their own). */
  canDecide: boolean;
}

function view(actor: Actor, row: ContactExceptionWithNames): ContactExceptionView {
  return {
    id: row.id,
    staffId: row.staff_id,
    staffName: row.staff_name,
    channel: row.channel,
    contact: row.contact,
    reason: row.reason,
    audience: row.audience,
    from: row.from_on,
    to: row.to_on,
    status: row.status,
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    createdAt: row.created_at.toISOString(),
    canDecide:
      row.status === 'pending' &&
      canDecideContactException(actor, { schoolId: row.school_id, staffId: row.staff_id }),
  };
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
    return view(actor, created);
  });
}

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
    return view(actor, updated);
  });
}

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
    return { exceptions: rows.map((r) => view(actor, r)), canReadRegister: register };
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
    return { exceptions: rows.map((r) => view(actor, r)), canReadRegister: true };
  });
}

const expiryActor: Actor = { kind: 'system', label: 'staff_use.contact_expiry' };

/**
 * The daily pass: an approval whose last day has passed expires (the post checks stop allowing its channel);
 * one ending within three days reminds its holder, once. Idempotent: a re-run changes nothing.
 */
export async function runContactExceptionExpiry(
  db: Db,
  now: Date,
  today: string,
): Promise<{ expired: number; reminded: number; closed: number }> {
  const horizon = new Date(`${today}T00:00:00Z`);
  horizon.setUTCDate(horizon.getUTCDate() + EXPIRY_REMINDER_DAYS);
  const candidates = await approvedExceptionsEndingBy(db, horizon.toISOString().slice(0, 10));
  let expired = 0;
  let reminded = 0;
  const closed = await closeLeaversExceptions(db, now);
  for (const candidate of candidates) {
    const outcome = await db.transaction().execute(async (tx) => {
      const row: ContactExceptionRow | undefined = await findContactException(
        tx,
        candidate.school_id,
        candidate.id,
        true,
      );
      if (row?.status !== 'approved') return 'none';
      if (row.to_on < today) {
        await tx
          .updateTable('contact_exceptions')
          .set({ status: 'expired', updated_at: now })
          .where('id', '=', row.id)
          .execute();
        await recordAudit(tx, {
          actor: expiryActor,
          schoolId: row.school_id,
          at: now,
          event: {
            type: 'staff_use.contact_exception_expired',
            subject: { type: 'contact_exception', id: row.id },
            data: { to: row.to_on },
          },
        });
        await notify(tx, {
          schoolId: row.school_id,
          staffIds: [row.staff_id],
          kind: 'staff_use.contact_exception_ended',
          title: `Your approval to use a personal channel for school business ended on ${formatUkDate(row.to_on)}`,
          link: linkTo('contactExceptions'),
          now,
        });
        return 'expired';
      }
      if (row.expiry_reminded_at) return 'none';
      await tx
        .updateTable('contact_exceptions')
        .set({ expiry_reminded_at: now, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(tx, {
        actor: expiryActor,
        schoolId: row.school_id,
        at: now,
        event: {
          type: 'staff_use.contact_exception_expiry_reminded',
          subject: { type: 'contact_exception', id: row.id },
          data: { to: row.to_on },
        },
      });
      await notify(tx, {
        schoolId: row.school_id,
        staffIds: [row.staff_id],
        kind: 'staff_use.contact_exception_ending',
        title: `Your approval to use a personal channel for school business ends on ${formatUkDate(row.to_on)}`,
        body: 'After that day, use school channels again, or ask the headteacher for a new approval.',
        link: linkTo('contactExceptions'),
        email: {
          subject: 'Your approval to use a personal channel is ending',
          text: 'Your approval to use a personal phone or email for school business ends soon. Sign in to Guardpost to see it, or to ask for a new one.',
        },
        now,
      });
      return 'reminded';
    });
    if (outcome === 'expired') expired++;
    if (outcome === 'reminded') reminded++;
  }
  return { expired, reminded, closed };
}

/**
 * A member of staff who has left keeps no approval and no open request: each is closed, audited, one
 * transaction per leaver (their accounts are handed over on the handover task, src/staff-use/open-staff-handover.ts).
 */
export async function closeLeaversExceptions(db: Db, now: Date): Promise<number> {
  const leavers = await db
    .selectFrom('contact_exceptions')
    .innerJoin('staff_memberships', (join) =>
      join
        .onRef('staff_memberships.staff_id', '=', 'contact_exceptions.staff_id')
        .onRef('staff_memberships.school_id', '=', 'contact_exceptions.school_id'),
    )
    .select(['contact_exceptions.staff_id', 'contact_exceptions.school_id'])
    .distinct()
    .where('contact_exceptions.status', 'in', ['pending', 'approved'])
    .where('staff_memberships.status', '=', 'left')
    .execute();
  let closed = 0;
  for (const row of leavers) {
    closed += await db
      .transaction()
      .execute((tx) => closeExceptionsOfLeaver(tx, row.school_id, row.staff_id, now));
  }
  return closed;
}

/** Closes a leaver's pending and approved contact exceptions inside the caller's transaction, each audited. */
export async function closeExceptionsOfLeaver(
  tx: DbExecutor,
  schoolId: string,
  staffId: string,
  now: Date,
): Promise<number> {
  const open = await tx
    .selectFrom('contact_exceptions')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId)
    .where('status', 'in', ['pending', 'approved'])
    .forUpdate()
    .execute();
  for (const row of open) {
    await tx
      .updateTable('contact_exceptions')
      .set({ status: 'closed', closed_reason: 'left the school', updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      actor: expiryActor,
      schoolId,
      at: now,
      event: {
        type: 'staff_use.contact_exception_closed',
        subject: { type: 'contact_exception', id: row.id },
        data: { why: 'leaver' },
      },
    });
  }
  return open.length;
}

/**
 * The personal channels the headteacher approved for this member of staff on `today`, for the check engine
 * (contact.personal_channel): exact numbers and addresses, and whether an approval named none.
 */
export async function approvedPersonalChannelsFor(
  db: DbExecutor,
  schoolId: string,
  staffId: string,
  today: string,
): Promise<ApprovedPersonalChannels> {
  const rows = await approvedContactsOn(db, schoolId, staffId, today);
  const phones = rows.filter((r) => r.channel === 'personal_phone');
  const emails = rows.filter((r) => r.channel === 'personal_email');
  return {
    phones: phones.flatMap((r) => (r.contact ? [r.contact] : [])),
    emails: emails.flatMap((r) => (r.contact ? [r.contact] : [])),
    anyPhone: phones.some((r) => !r.contact),
    anyEmail: emails.some((r) => !r.contact),
  };
}
