import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { canMarkStaffLeft } from './people.permissions.js';

/** A member of staff who has just left, handed to whoever reacts (staff personal use opens a handover). */
export interface StaffLeft {
  schoolId: string;
  staffId: string;
  actor: Actor;
  at: Date;
}

// What a listener returns is ignored (openStaffHandover returns the id it opened, for its own callers).
export type StaffLeftListener = (tx: DbExecutor, event: StaffLeft) => Promise<unknown>;

/**
 * What the people domain needs from outside: who reacts when a member of staff leaves. Built once by the
 * composition root (src/app/context.ts), so the handover opens in the same transaction as the leaving.
 */
export interface PeopleDeps {
  clock: Clock;
  onStaffLeft: StaffLeftListener;
}

/**
 * Marks a member of staff as left: their membership ends (they can no longer sign in here), the event is
 * audited and the listeners run, all in one transaction. One's own membership cannot be ended this way.
 */
export async function markStaffLeft(
  db: Db,
  actor: Actor,
  input: { schoolId: string; staffId: string },
  deps: PeopleDeps,
): Promise<{ staffId: string; status: 'left'; leftOn: string }> {
  if (!canMarkStaffLeft(actor, input.schoolId))
    throw forbidden('MarkLeftForbidden', 'only an admin or the headteacher marks a member of staff as left');
  if (actor.kind === 'staff' && actor.staffId === input.staffId)
    throw invalid(
      'CannotMarkSelfLeft',
      'someone else marks you as left, so your handover has a second pair of eyes',
    );
  const at = deps.clock.now();
  const leftOn = deps.clock.today();
  return db.transaction().execute(async (tx) => {
    const membership = await tx
      .selectFrom('staff_memberships')
      .select(['id', 'status'])
      .where('school_id', '=', input.schoolId)
      .where('staff_id', '=', input.staffId)
      .forUpdate()
      .executeTakeFirst();
    if (!membership) throw notFound('StaffNotFound', 'no such member of staff in this school');
    if (membership.status === 'left')
      throw conflict('StaffAlreadyLeft', 'this member of staff has already left');
    await tx
      .updateTable('staff_memberships')
      .set({ status: 'left', left_on: leftOn, updated_at: at })
      .where('id', '=', membership.id)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at,
      event: { type: 'people.staff_left', subject: { type: 'staff', id: input.staffId }, data: { leftOn } },
    });
    await deps.onStaffLeft(tx, { schoolId: input.schoolId, staffId: input.staffId, actor, at });
    return { staffId: input.staffId, status: 'left' as const, leftOn };
  });
}
