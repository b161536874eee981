import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import type { ConsentDeps } from './consent.events.js';
import { canRecordConsents } from './consent.permissions.js';
import { findCarerForPupil, findConsentPupil } from './consent.repository.js';
import type { ConsentRow } from './consent.table.js';
import { appendDecision } from './consent-decisions.js';
import { endOfAcademicYear } from './consent-rules.js';
import { decisionProblems, type RecordConsentInput, uuidPattern } from './consent-views.js';

/** Records a carer's written decision on a signed form (SMT, headteacher, admin). */
export async function recordConsent(
  db: Db,
  actor: Actor,
  input: RecordConsentInput,
  now: Date,
  deps: ConsentDeps,
): Promise<ConsentRow> {
  if (!canRecordConsents(actor, input.schoolId))
    throw forbidden('ConsentRecordForbidden', 'only SMT, the headteacher or an admin may record consent');
  const problems = decisionProblems(input);
  if (problems.length > 0) throw invalid('InvalidConsent', problems[0] ?? 'invalid consent', problems);
  return db.transaction().execute(async (tx) => {
    const pupil = uuidPattern.test(input.pupilId)
      ? await findConsentPupil(tx, input.schoolId, input.pupilId)
      : undefined;
    if (!pupil) throw notFound('PupilNotFound', 'no such pupil');
    const carer = uuidPattern.test(input.carerId)
      ? await findCarerForPupil(tx, input.schoolId, input.carerId, pupil.id)
      : undefined;
    if (!carer?.parentalResponsibility)
      throw invalid(
        'CarerWithoutParentalResponsibility',
        'consent must come from a carer with parental responsibility for this pupil',
      );
    const reference = input.evidenceReference?.trim();
    return appendDecision(
      tx,
      actor,
      {
        schoolId: input.schoolId,
        pupil,
        purpose: input.purpose,
        state: input.state,
        carerId: carer.id,
        givenOn: input.givenOn,
        expiresOn: input.expiresOn ?? endOfAcademicYear(input.givenOn),
        evidence:
          // decisionProblems has refused a decision with neither writing nor how the carer told us.
          reference || input.evidenceSha256 !== undefined || !input.toldBy
            ? {
                method: 'uploaded_form',
                reference: reference ? reference : null,
                sha256: input.evidenceSha256 ?? null,
              }
            : { method: 'carer_told', toldBy: input.toldBy },
        importId: null,
        source: 'staff',
        today: input.today,
        at: now,
      },
      deps,
    );
  });
}
