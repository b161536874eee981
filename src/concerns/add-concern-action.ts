import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/auth/roles.js';
import { createDataKey } from '../platform/crypto/data-keys.js';
import { seal } from '../platform/crypto/envelope.js';
import { invalid } from '../platform/errors.js';
import { actorStaffId, type ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { insertAction } from './concern-record.repository.js';
import { actionContext } from './concern-sealing.js';
import { concernSubject, requireActiveStaff, runTriageStep } from './concern-triage.js';

/** A lead sets an action (sealed description, an owner on the staff, a due date). */
export async function addConcernAction(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; description: string; ownerStaffId: string; dueOn: string },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ tx, concern, entry, audit }) => {
    if (input.description.trim() === '') throw invalid('ActionEmpty', 'describe the action');
    await requireActiveStaff(tx, input.schoolId, input.ownerStaffId);
    const id = randomUUID();
    const key = await createDataKey(tx, ctx.keyring, { schoolId: input.schoolId, now: ctx.now });
    await insertAction(tx, {
      id,
      school_id: input.schoolId,
      concern_id: concern.id,
      data_key_id: key.id,
      content: seal(key.key, input.description, actionContext(id)),
      owner_staff_id: input.ownerStaffId,
      due_on: input.dueOn,
      created_at: ctx.now,
      created_by: actorStaffId(actor),
      completed_at: null,
      completed_by: null,
    });
    await entry('action_added', input.description, {
      actionId: id,
      ownerStaffId: input.ownerStaffId,
      dueOn: input.dueOn,
    });
    await audit({
      type: 'concern.action_added',
      subject: concernSubject(concern),
      data: { actionId: id, dueOn: input.dueOn },
    });
  });
}
