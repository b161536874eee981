import type { Actor } from '../platform/auth/roles.js';
import { hashToken } from '../platform/auth/sessions.js';
import type { Db } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { findConsentLink } from './consent.repository.js';
import type { ConsentPurpose } from './consent.table.js';

export const CONSENT_LINK_DAYS = 14;

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const purposeWords: Record<ConsentPurpose, string> = {
  social_media: "the school's social media accounts",
  website: "the school's website",
  press: 'the press (newspapers and their websites)',
};

/** The system actor for decisions a carer makes through a link: they have no staff account. */
export const carerActor: Actor = { kind: 'system', label: 'carer-e-signature' };

export const invalidLink = () =>
  invalid(
    'InvalidConsentLink',
    'this consent link has expired or was already used: ask the school for a new one',
  );

export async function usableLink(db: Db, token: string, now: Date) {
  const link = await findConsentLink(db, hashToken(token));
  if (!link || link.used_at || link.expires_at.getTime() <= now.getTime()) throw invalidLink();
  return link;
}
