import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { canSeeCarerContact } from './people.permissions.js';
import { findCarerRow, pupilsOfCarer } from './people.repository.js';
import { type CarerDetail, schoolOf, uuidPattern } from './people-views.js';

export async function getCarer(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<CarerDetail> {
  const schoolId = schoolOf(actor, input.schoolId);
  const row = uuidPattern.test(input.id) ? await findCarerRow(db, schoolId, input.id) : undefined;
  if (!row) throw notFound('CarerNotFound', 'no such carer');
  const contact = canSeeCarerContact(actor);
  const pupils = await pupilsOfCarer(db, row.id);
  await recordAudit(db, {
    actor,
    schoolId,
    event: {
      type: 'people.carer_viewed',
      subject: { type: 'carer', id: row.id },
      data: { contactShown: contact },
    },
  });
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: contact ? row.email : null,
    phone: contact ? row.phone : null,
    pupils: pupils.map((p) => ({
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      preferredName: p.preferred_name,
      yearGroup: p.year_group,
      status: p.status,
      relationship: p.relationship,
      parentalResponsibility: p.parental_responsibility,
    })),
  };
}
