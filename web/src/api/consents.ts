import { api } from './client';
import type { Me } from './endpoints';

/** The consent register, as the server's /api/consents and /api/consent-links routes describe it. */
export const consentPurposes = ['social_media', 'website', 'press'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export type ConsentDecision = 'granted' | 'refused' | 'withdrawn';
export type ConsentState = ConsentDecision | 'expired' | 'pupil_left' | 'none';

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

export interface PurposeConsent {
  purpose: ConsentPurpose;
  state: ConsentState;
  holds: boolean;
  reasons: string[];
  endsOn: string | null;
  decisionId: string | null;
}

export type ConsentToldBy = 'phone' | 'email' | 'in_person';

export const toldByLabels: Record<ConsentToldBy, string> = {
  phone: 'By phone',
  email: 'By email',
  in_person: 'In person',
};

export interface ConsentHistoryEntry {
  id: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  source: 'staff' | 'e_signature' | 'import';
  carerId: string | null;
  method: 'uploaded_form' | 'e_signature' | 'carer_told';
  /** How the carer told the school, for a refusal or withdrawal recorded before any form. */
  toldBy: ConsentToldBy | null;
  evidenceReference: string | null;
  evidenceSha256: string | null;
  signatureName: string | null;
  signedAt: string | null;
  signedIp: string | null;
  givenOn: string;
  expiresOn: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PupilConsents {
  pupilId: string;
  today: string;
  purposes: PurposeConsent[];
  history: ConsentHistoryEntry[];
}

/** SMT, the headteacher and admins record, import and ask for consent (the server checks again). */
export function canRecordConsents(me: Me): boolean {
  return me.roles.some((role) => role === 'admin' || role === 'smt' || role === 'headteacher');
}

export function fetchPupilConsents(pupilId: string, signal?: AbortSignal): Promise<PupilConsents> {
  return api.get<PupilConsents>(`/api/consents/pupils/${encodeURIComponent(pupilId)}`, {
    ...(signal ? { signal } : {}),
  });
}

export interface RecordConsentInput {
  pupilId: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  carerId: string;
  evidenceReference?: string;
  toldBy?: ConsentToldBy;
  givenOn: string;
  expiresOn?: string;
}

export function recordConsent(
  input: RecordConsentInput,
): Promise<{ id: string; state: ConsentDecision; expiresOn: string }> {
  return api.post('/api/consents', { json: input });
}

export function sendConsentLink(input: {
  pupilId: string;
  carerId: string;
  purpose: ConsentPurpose;
}): Promise<{ expiresAt: string }> {
  return api.post('/api/consents/links', { json: input });
}

export interface ConsentImportResult {
  dryRun: boolean;
  importId: string | null;
  counts: Record<string, number>;
}

export function importConsents(file: File, dryRun: boolean): Promise<ConsentImportResult> {
  const form = new FormData();
  form.set('dryRun', String(dryRun));
  form.append('file', file, file.name);
  return api.post<ConsentImportResult>('/api/consents/import', { form });
}

// The carer's side: public, the token always in the body.

export interface ConsentRequest {
  schoolName: string;
  pupilGivenName: string;
  purpose: ConsentPurpose;
  expiresAt: string;
}

export function lookupConsentLink(token: string): Promise<ConsentRequest> {
  return api.post('/api/consent-links/lookup', { json: { token }, expectUnauthenticated: true });
}

export function signConsentLink(input: {
  token: string;
  name: string;
  decision: 'grant' | 'refuse';
}): Promise<{ state: ConsentDecision; expiresOn: string }> {
  return api.post('/api/consent-links/sign', { json: input, expectUnauthenticated: true });
}
