import { randomBytes } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { hashToken } from '../platform/auth/sessions.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { enqueueEmail } from '../platform/notify/email.js';
import { linkTo } from '../shared/links.js';
import { canRecordConsents } from './consent.permissions.js';
import {
  findCarerForPupil,
  findConsentPupil,
  findSchoolName,
  insertConsentLink,
} from './consent.repository.js';
import type { ConsentPurpose } from './consent.table.js';
import { CONSENT_LINK_DAYS, purposeWords, uuidPattern } from './consent-link.js';

/**
 * Emails a carer with parental responsibility a one-time link to give or refuse consent in writing. The
 * token is stored only hashed; the link lasts 14 days and works once. The email goes out through the
 * outbox after the transaction commits.
 */
export async function sendConsentLink(
  db: Db,
  actor: Actor,
  input: { schoolId: string; pupilId: string; carerId: string; purpose: ConsentPurpose; baseUrl: string },
  now: Date,
): Promise<{ expiresAt: Date }> {
  if (!canRecordConsents(actor, input.schoolId))
    throw forbidden('ConsentRecordForbidden', 'only SMT, the headteacher or an admin may ask for consent');
  return db.transaction().execute(async (tx) => {
    const pupil = uuidPattern.test(input.pupilId)
      ? await findConsentPupil(tx, input.schoolId, input.pupilId)
      : undefined;
    if (!pupil) throw notFound('PupilNotFound', 'no such pupil');
    if (pupil.status === 'left') throw invalid('PupilHasLeft', 'this pupil has left: consent is not needed');
    const carer = uuidPattern.test(input.carerId)
      ? await findCarerForPupil(tx, input.schoolId, input.carerId, pupil.id)
      : undefined;
    if (!carer?.parentalResponsibility)
      throw invalid(
        'CarerWithoutParentalResponsibility',
        'consent must come from a carer with parental responsibility for this pupil',
      );
    if (!carer.email) throw invalid('CarerHasNoEmail', 'this carer has no email address on record');
    const schoolName = (await findSchoolName(tx, input.schoolId)) ?? 'Your school';
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CONSENT_LINK_DAYS * 86_400_000);
    await insertConsentLink(tx, {
      id: hashToken(token),
      school_id: input.schoolId,
      pupil_id: pupil.id,
      carer_id: carer.id,
      purpose: input.purpose,
      created_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
      created_at: now,
      expires_at: expiresAt,
    });
    // The token rides in the fragment, so it never reaches a server log or a Referer header.
    const link = `${input.baseUrl.replace(/\/+$/, '')}${linkTo('carerConsent')}#token=${token}`;
    const what = purposeWords[input.purpose];
    await enqueueEmail(tx, {
      schoolId: input.schoolId,
      to: carer.email,
      subject: `${schoolName}: photo consent for ${what}`.slice(0, 200).replace(/[\r\n]/g, ' '),
      text: [
        `${schoolName} asks whether photos of your child may appear on ${what}.`,
        '',
        `Open this link within ${CONSENT_LINK_DAYS} days to give or refuse consent (it works once):`,
        link,
        '',
        'You can change your mind at any time by telling the school in writing.',
      ].join('\n'),
      now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'consent.link_sent',
        subject: { type: 'pupil', id: pupil.id },
        data: { carerId: carer.id, purpose: input.purpose, expiresAt: expiresAt.toISOString() },
      },
    });
    return { expiresAt };
  });
}
