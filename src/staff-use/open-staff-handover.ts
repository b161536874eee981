import { sql } from 'kysely';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { closeExceptionsOfLeaver } from './close-leavers-exceptions.js';
import { liveAccountsOwnedBy, memberIdsWithRoles } from './staff-use.repository.js';

/** Who is told of a handover and does it. */
export const handoverNotifiedRoles = ['smt', 'headteacher'] as const;

/**
 * Opens the handover of a member of staff who has just left (marked by hand, or missing from a whole roster),
 * inside the transaction that marked them left: their own contact exceptions close, the task is written and
 * audited, and SMT and the headteacher get a notification that opens it. While one is open, opening another
 * for the same person does nothing. Someone who comes back on a later roster keeps their handovers as they
 * are: a done one is history, an open one stays for SMT to finish (accounts may already have moved); if they
 * leave again once it is done, a new one opens.
 */
export async function openStaffHandover(
  tx: DbExecutor,
  event: { schoolId: string; staffId: string; actor: Actor; at: Date },
): Promise<string | undefined> {
  const opened = await tx
    .insertInto('staff_handovers')
    .values({
      school_id: event.schoolId,
      staff_id: event.staffId,
      opened_at: event.at,
      opened_by: event.actor.kind === 'staff' ? event.actor.name : `system:${event.actor.label}`,
    })
    .onConflict((oc) => oc.columns(['school_id', 'staff_id']).where('status', '=', 'open').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!opened) return undefined;
  await closeExceptionsOfLeaver(tx, event.schoolId, event.staffId, event.at);
  const accounts = await liveAccountsOwnedBy(tx, event.schoolId, event.staffId);
  await recordAudit(tx, {
    actor: event.actor,
    schoolId: event.schoolId,
    at: event.at,
    event: {
      type: 'staff_use.handover_opened',
      subject: { type: 'staff_handover', id: opened.id },
      data: { staffId: event.staffId, accounts: accounts.length },
    },
  });
  const leaver = await tx
    .selectFrom('staff')
    .select(['given_name', 'family_name'])
    .where('id', '=', event.staffId)
    .executeTakeFirstOrThrow();
  const recipients = (await memberIdsWithRoles(tx, event.schoolId, handoverNotifiedRoles)).filter(
    (id) => id !== event.staffId,
  );
  await notify(tx, {
    schoolId: event.schoolId,
    staffIds: recipients,
    kind: 'staff_use.handover',
    title: `${leaver.given_name} ${leaver.family_name} has left: hand over their accounts and approvals`,
    body:
      accounts.length === 0
        ? 'They own no account on the register; check their approvals and posts, then mark the handover done.'
        : `They own ${accounts.length === 1 ? 'one account' : `${accounts.length} accounts`} on the register: choose a new owner for each, or close it.`,
    link: linkTo('staffHandover', { id: opened.id }),
    email: true,
    now: event.at,
  });
  return opened.id;
}

const sweepActor: Actor = { kind: 'system', label: 'staff_use.handovers' };

/**
 * Leavers without a handover since they left (whoever ended their membership, however: a roster tool, the
 * database) get one, one transaction each. Run daily with the contact-exception sweep.
 */
export async function openMissingHandovers(db: Db, now: Date): Promise<number> {
  const leavers = await db
    .selectFrom('staff_memberships')
    .select(['school_id', 'staff_id'])
    .where('status', '=', 'left')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('staff_handovers')
            .select('staff_handovers.id')
            .whereRef('staff_handovers.staff_id', '=', 'staff_memberships.staff_id')
            .whereRef('staff_handovers.school_id', '=', 'staff_memberships.school_id')
            // A done handover from an earlier leaving (before they came back) does not count; for a
            // membership ended before leaving dates were kept, any handover does.
            .where((eb) =>
              eb.or([
                eb('staff_memberships.left_on', 'is', null),
                eb('staff_handovers.status', '=', 'open'),
                eb('staff_handovers.opened_at', '>=', sql<Date>`staff_memberships.left_on`),
              ]),
            ),
        ),
      ),
    )
    .execute();
  let opened = 0;
  for (const leaver of leavers) {
    const id = await db.transaction().execute((tx) =>
      openStaffHandover(tx, {
        schoolId: leaver.school_id,
        staffId: leaver.staff_id,
        actor: sweepActor,
        at: now,
      }),
    );
    if (id) opened++;
  }
  return opened;
}
