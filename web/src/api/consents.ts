import { type ApiBody, type ApiResponse, api } from './client';
import type { Me } from './endpoints';

/** The consent register, as the server's /api/consents and /api/consent-links routes describe it. */
export const consentPurposes = ['social_media', 'website', 'press'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export type PupilConsents = ApiResponse<'/api/consents/pupils/{pupilId}'>;
export type PurposeConsent = PupilConsents['purposes'][number];
export type ConsentHistoryEntry = PupilConsents['history'][number];
export type ConsentDecision = ConsentHistoryEntry['state'];
export type ConsentState = PurposeConsent['state'];
export type ConsentToldBy = NonNullable<ConsentHistoryEntry['toldBy']>;

export const purposeLabels: Record<ConsentPurpose, string> = {
  social_media: 'School social media',
  website: 'School website',
  press: 'Press',
};

/** Where photos would appear, in words a carer reads: "on …". */
export const purposePlaces: Record<ConsentPurpose, string> = {
  social_media: "the school's official social media accounts",
  website: "the school's website",
  press: 'newspapers and their websites, through the school',
};

export const stateLabels: Record<ConsentState, string> = {
  granted: 'Granted',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
  pupil_left: 'Pupil left',
  none: 'No consent on record',
};

export const reasonLabels: Record<string, string> = {
  no_record: 'No written decision from a carer is on record.',
  granted: 'A carer with parental responsibility granted consent in writing.',
  refused: 'A carer refused consent in writing.',
  withdrawn: 'A carer withdrew consent in writing.',
  expired: 'The consent has passed its expiry date.',
  pupil_left: 'The pupil has left the school, so consent no longer holds.',
  ends_when_pupil_leaves: 'It ends early, on the day before the pupil leaves.',
};

export const toldByLabels: Record<ConsentToldBy, string> = {
  phone: 'By phone',
  email: 'By email',
  in_person: 'In person',
};

/** Whether the server says this person records, imports and asks for consent (SMT, head, admins). */
export function canRecordConsents(me: Me): boolean {
  return me.abilities['consents.record'];
}

export function fetchPupilConsents(pupilId: string, signal?: AbortSignal) {
  return api.get('/api/consents/pupils/{pupilId}', {
    path: { pupilId },
    ...(signal ? { signal } : {}),
  });
}

export type RecordConsentInput = ApiBody<'/api/consents', 'post'>;

export function recordConsent(input: RecordConsentInput) {
  return api.post('/api/consents', { json: input });
}

export function sendConsentLink(input: ApiBody<'/api/consents/links', 'post'>) {
  return api.post('/api/consents/links', { json: input });
}

export type ConsentImportResult = ApiResponse<'/api/consents/import', 'post'>;

export function importConsents(file: File, dryRun: boolean) {
  const form = new FormData();
  form.set('dryRun', String(dryRun));
  form.append('file', file, file.name);
  return api.post('/api/consents/import', { form });
}

// The carer's side: public, the token always in the body.

export type ConsentRequest = ApiResponse<'/api/consent-links/lookup', 'post'>;

export function lookupConsentLink(token: string) {
  return api.post('/api/consent-links/lookup', { json: { token }, expectUnauthenticated: true });
}

export function signConsentLink(input: ApiBody<'/api/consent-links/sign', 'post'>) {
  return api.post('/api/consent-links/sign', { json: input, expectUnauthenticated: true });
}
