import { findPupilsInSchool } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { accessSettingsOf, type ConcernContext, isUuid } from './concern-access.js';
import { assembleDetail, type ConcernDetail } from './concern-detail.js';
import { canTriageConcern, isConcernLead } from './concerns.permissions.js';
import { listConcernsAboutPupil } from './concerns.repository.js';

/** A pupil's chronology across every concern the actor may see; audited. Unknown pupils are "not found". */
export async function getPupilChronology(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; pupilId: string; format: 'json' | 'pdf' },
): Promise<{ pupil: { id: string; name: string; dateOfBirth: string | null }; concerns: ConcernDetail[] }> {
  if (
    !isConcernLead(actor) ||
    (actor.kind === 'staff' && actor.schoolId !== input.schoolId) ||
    !isUuid(input.pupilId)
  )
    throw notFound('PupilChronologyNotFound', 'no chronology for that pupil');
  return ctx.db.transaction().execute(async (tx) => {
    const [pupil] = await findPupilsInSchool(tx, input.schoolId, [input.pupilId]);
    if (!pupil) throw notFound('PupilChronologyNotFound', 'no chronology for that pupil');
    const access = await accessSettingsOf(tx, input.schoolId);
    const rows = await listConcernsAboutPupil(tx, input.schoolId, pupil.id);
    const visible = rows.filter((c) =>
      canTriageConcern(
        actor,
        { schoolId: c.school_id, type: c.type, subjectStaffId: c.subject_staff_id },
        access,
      ),
    );
    const concerns: ConcernDetail[] = [];
    for (const c of visible) concerns.push(await assembleDetail(tx, ctx.keyring, c, ctx.now));
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.pupil_chronology_viewed',
        subject: { type: 'pupil', id: pupil.id },
        data: { format: input.format, concerns: concerns.length },
      },
      at: ctx.now,
    });
    return {
      pupil: {
        id: pupil.id,
        name: `${pupil.given_name} ${pupil.family_name}`,
        dateOfBirth: pupil.date_of_birth,
      },
      concerns,
    };
  });
}
