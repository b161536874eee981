import { pupilIdsInSchool } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { canPlaceHold } from './retention.permissions.js';
import { insertHold } from './retention.repository.js';
import { recordInSchool } from './retention-records.repository.js';
import type { HoldView } from './retention-views.js';

export const holdTargetKinds = ['pupil', 'concern', 'post_archive'] as const;
export type HoldTargetKind = (typeof holdTargetKinds)[number];

/** Places a legal hold on a record or on everything about a pupil. Audited. */
export async function placeLegalHold(
  db: Db,
  actor: Actor,
  input: { schoolId: string; targetKind: HoldTargetKind; targetId: string; reason: string },
  clock: Clock,
): Promise<HoldView> {
  if (!canPlaceHold(actor, input.schoolId, input.targetKind))
    throw forbidden(
      'LegalHoldForbidden',
      input.targetKind === 'post_archive'
        ? 'only the DSL, their deputy, SMT and the headteacher place holds on published posts'
        : 'only the DSL and their deputy place holds on safeguarding records and pupils',
    );
  const reason = input.reason.trim();
  if (reason.length < 5)
    throw invalid('LegalHoldReasonRequired', 'say why the record must be kept (a few words)');
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const found =
      input.targetKind === 'pupil'
        ? (await pupilIdsInSchool(tx, input.schoolId, [input.targetId])).has(input.targetId)
        : await recordInSchool(tx, input.targetKind, input.targetId, input.schoolId);
    if (!found) throw notFound('LegalHoldTargetNotFound', 'there is no such record in this school');
    const row = await insertHold(tx, {
      schoolId: input.schoolId,
      targetKind: input.targetKind,
      targetId: input.targetId,
      reason,
      placedByStaffId: actor.kind === 'staff' ? actor.staffId : null,
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'retention.hold_placed',
        subject: { type: 'legal_hold', id: row.id },
        data: { targetKind: input.targetKind, targetId: input.targetId },
      },
      at: now,
    });
    return {
      id: row.id,
      targetKind: input.targetKind,
      targetId: input.targetId,
      reason,
      placedAt: row.placed_at.toISOString(),
      placedBy: actor.kind === 'staff' ? actor.email : null,
    };
  });
}
