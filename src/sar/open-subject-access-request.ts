import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { insertRequest } from './sar.repository.js';
import type { SarSubjectKind } from './sar.table.js';
import { collectSubjectData } from './sar-collect.js';
import { labelOf, requireSarHandler, type SarContext, type SarView, viewOf } from './sar-views.js';

/** Opens a request for a pupil, carer or member of staff. Audited. */
export async function openSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; subjectKind: SarSubjectKind; subjectId: string; receivedOn?: string },
): Promise<SarView> {
  requireSarHandler(actor, input.schoolId);
  const receivedOn = input.receivedOn ?? ctx.clock.today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedOn) || receivedOn > ctx.clock.today())
    throw invalid(
      'SarReceivedOnInvalid',
      'the date the request was received must be a date, not in the future',
    );
  const now = ctx.clock.now();
  // Finding the subject first makes an unknown id a clear refusal, not an empty export later.
  const { subject } = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now },
    { schoolId: input.schoolId, kind: input.subjectKind, subjectId: input.subjectId },
  );
  return ctx.db.transaction().execute(async (tx) => {
    const row = await insertRequest(tx, {
      schoolId: input.schoolId,
      subjectKind: input.subjectKind,
      subjectId: input.subjectId,
      receivedOn,
      requestedBy: labelOf(actor),
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'sar.opened',
        subject: { type: 'subject_access_request', id: row.id },
        data: { subjectKind: input.subjectKind, subjectId: input.subjectId },
      },
      at: now,
    });
    return viewOf(row, { subject, items: null });
  });
}

/** A request; the DSL and deputy also get the items to review (reading them is audited per concern). */
