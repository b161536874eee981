import { randomBytes } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { hashToken } from '../platform/auth/sessions.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { enqueueEmail } from '../platform/notify/email.js';
import { linkTo } from '../shared/links.js';
import type { ConsentDeps } from './consent.events.js';
import { canRecordConsents } from './consent.permissions.js';
import {
  claimConsentLink,
  findCarerForPupil,
  findConsentLink,
  findConsentPupil,
  findSchoolName,
  insertConsentLink,
  listConsentRows,
  toConsentRecord,
} from './consent.repository.js';
import { appendDecision } from './consent.service.js';
import type { ConsentDecision, ConsentPurpose } from './consent.table.js';
import { consentStateOn, endOfAcademicYear } from './consent-rules.js';

export const CONSENT_LINK_DAYS = 14;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const purposeWords: Record<ConsentPurpose, string> = {
  social_media: "the school's social media accounts",
  website: "the school's website",
  press: 'the press (newspapers and their websites)',
};

/** The system actor for decisions a carer makes through a link: they have no staff account. */
const carerActor: Actor = { kind: 'system', label: 'carer-e-signature' };

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

const invalidLink = () =>
  invalid(
    'InvalidConsentLink',
    'this consent link has expired or was already used: ask the school for a new one',
  );

async function usableLink(db: Db, token: string, now: Date) {
  const link = await findConsentLink(db, hashToken(token));
  if (!link || link.used_at || link.expires_at.getTime() <= now.getTime()) throw invalidLink();
  return link;
}

/** What the carer's page shows: the school, the child's first name, the purpose. */
export async function getConsentRequest(
  db: Db,
  token: string,
  now: Date,
): Promise<{ schoolName: string; pupilGivenName: string; purpose: ConsentPurpose; expiresAt: Date }> {
  const link = await usableLink(db, token, now);
  const pupil = await findConsentPupil(db, link.school_id, link.pupil_id);
  if (!pupil) throw invalidLink();
  return {
    schoolName: (await findSchoolName(db, link.school_id)) ?? '',
    pupilGivenName: pupil.given_name,
    purpose: link.purpose,
    expiresAt: link.expires_at,
  };
}

/**
 * The carer's decision through the link: the typed name, the time and the address it came from are kept
 * as the written evidence. Refusing while a grant holds records a withdrawal (and fires the re-check).
 */
export async function signConsentLink(
  db: Db,
  input: { token: string; name: string; decision: 'grant' | 'refuse'; ip: string },
  now: Date,
  today: string,
  deps: ConsentDeps,
): Promise<{ state: ConsentDecision; expiresOn: string }> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 200 || /\p{Cc}/u.test(name))
    throw invalid('InvalidSignature', 'type your full name (2 to 200 characters) to sign');
  const link = await usableLink(db, input.token, now);
  return db.transaction().execute(async (tx) => {
    if (!(await claimConsentLink(tx, link.id, now))) throw invalidLink();
    const pupil = await findConsentPupil(tx, link.school_id, link.pupil_id);
    const carer = await findCarerForPupil(tx, link.school_id, link.carer_id, link.pupil_id);
    if (!pupil || !carer?.parentalResponsibility)
      throw invalid(
        'CarerWithoutParentalResponsibility',
        'the school no longer holds you as this child’s carer',
      );
    const records = (
      await listConsentRows(tx, link.school_id, { pupilId: pupil.id, purpose: link.purpose })
    ).map(toConsentRecord);
    const current = consentStateOn(
      records,
      { id: pupil.id, status: pupil.status, leftOn: pupil.left_on },
      link.purpose,
      today,
    );
    const state: ConsentDecision =
      input.decision === 'grant' ? 'granted' : current.holds ? 'withdrawn' : 'refused';
    const expiresOn = endOfAcademicYear(today);
    await appendDecision(
      tx,
      carerActor,
      {
        schoolId: link.school_id,
        pupil,
        purpose: link.purpose,
        state,
        carerId: carer.id,
        givenOn: today,
        expiresOn,
        evidence: { method: 'e_signature', name, signedAt: now, ip: input.ip, linkId: link.id },
        importId: null,
        source: 'e_signature',
        today,
        at: now,
      },
      deps,
    );
    return { state, expiresOn };
  });
}
