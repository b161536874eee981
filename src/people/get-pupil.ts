import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { canSeeCarerContact, canSeeDateOfBirth } from './people.permissions.js';
import { carersOfPupil, findPupilRow } from './people.repository.js';
import { type PupilDetail, schoolOf, uuidPattern } from './people-views.js';

/** One pupil with their current carers. A pupil of another school is simply not found. */
export async function getPupil(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<PupilDetail> {
  const schoolId = schoolOf(actor, input.schoolId);
  const row = uuidPattern.test(input.id) ? await findPupilRow(db, schoolId, input.id) : undefined;
  if (!row) throw notFound('PupilNotFound', 'no such pupil');
  const contact = canSeeCarerContact(actor);
  const carers = await carersOfPupil(db, row.id);
  // A child's record is personal data: who looked, and whether they saw the protected fields, is kept.
  await recordAudit(db, {
    actor,
    schoolId,
    event: {
      type: 'people.pupil_viewed',
      subject: { type: 'pupil', id: row.id },
      data: { dateOfBirthShown: canSeeDateOfBirth(actor), carerContactShown: contact },
    },
  });
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    yearGroup: row.year_group,
    status: row.status,
    leftOn: row.left_on,
    dateOfBirth: canSeeDateOfBirth(actor) ? row.date_of_birth : null,
    carers: carers.map((c) => ({
      id: c.id,
      givenName: c.given_name,
      familyName: c.family_name,
      relationship: c.relationship,
      parentalResponsibility: c.parental_responsibility,
      email: contact ? c.email : null,
      phone: contact ? c.phone : null,
    })),
  };
}
