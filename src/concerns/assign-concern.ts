import { listActiveStaff } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { accessSettingsOf, type ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { concernSubject, requireActiveStaff, runTriageStep } from './concern-triage.js';
import { canTriageConcern } from './concerns.permissions.js';

/** A lead assigns the concern to a safeguarding lead who may see it. */
export async function assignConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; staffId: string },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ tx, concern, update, entry, audit }) => {
    await requireActiveStaff(tx, input.schoolId, input.staffId);
    const person = {
      schoolId: input.schoolId,
      type: concern.type,
      subjectStaffId: concern.subject_staff_id,
    };
    const roles =
      (await listActiveStaff(tx, input.schoolId)).find((s) => s.staffId === input.staffId)?.roles ?? [];
    const candidate: Actor = {
      kind: 'staff',
      staffId: input.staffId,
      schoolId: input.schoolId,
      roles,
      email: '',
      name: '',
    };
    if (!canTriageConcern(candidate, person, await accessSettingsOf(tx, input.schoolId)))
      throw invalid('AssigneeCannotSeeConcern', 'assign a safeguarding lead who may see this concern');
    await update({
      assigned_staff_id: input.staffId,
      ...(concern.status === 'new' ? { status: 'open' as const } : {}),
    });
    await entry('assigned', undefined, { staffId: input.staffId });
    await audit({
      type: 'concern.assigned',
      subject: concernSubject(concern),
      data: { staffId: input.staffId },
    });
  });
}
