import { type ApiBody, type ApiResponse, api, apiPath } from './client';
import type { Role } from './endpoints';

/** src/concerns/concerns.routes.ts, one function per endpoint; every type from the generated OpenAPI types. */

export type ConcernSummary = ApiResponse<'/api/concerns'>['concerns'][number];
export type ConcernStatus = ConcernSummary['status'];
export type Urgency = ConcernSummary['urgency'];
export type ConcernDetail = ApiResponse<'/api/concerns/{id}'>;
export type ChronologyEntry = ConcernDetail['chronology'][number];

// The choices a form offers, in the order it offers them; each type is the server's, so a list that names a
// value the server does not know fails the type check (and labels.ts must name every value it knows).
export type ConcernType = ConcernSummary['type'];
export const concernTypes = [
  'pupil_contact',
  'inappropriate_communication',
  'other_online_safety',
  'staff_conduct',
] as const satisfies readonly ConcernType[];

export type PupilRole = ConcernDetail['pupils'][number]['role'];
export const pupilRoles = [
  'subject',
  'affected',
  'alleged_instigator',
  'witness',
] as const satisfies readonly PupilRole[];

export type ConcernDecision = NonNullable<ConcernDetail['decision']>;
export const decisions = [
  'refer',
  'no_referral',
  'early_help',
  'monitor',
] as const satisfies readonly ConcernDecision[];

export type ReferralAgency = ConcernDetail['referrals'][number]['agency'];
export const referralAgencies = [
  'childrens_social_care',
  'police',
  'lado',
] as const satisfies readonly ReferralAgency[];

/** Limits the server applies (src/concerns/concern-evidence.ts); checked here too, before a long upload. */
export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export type Receipt = ApiResponse<'/api/concerns/mine'>['receipts'][number];
export type ReportInput = ApiBody<'/api/concerns', 'post'>;
export type ReportWarning = ApiResponse<'/api/concerns', 'post'>['warnings'][number];

export function reportConcern(input: ReportInput) {
  return api.post('/api/concerns', { json: input });
}

export function fetchMyReceipts(signal?: AbortSignal) {
  return api.get('/api/concerns/mine', { signal });
}

export function fetchConcerns(status?: ConcernStatus, signal?: AbortSignal) {
  return api.get('/api/concerns', { query: { status }, signal });
}

export function fetchConcern(id: string, signal?: AbortSignal) {
  return api.get('/api/concerns/{id}', { path: { id }, signal });
}

/** The triage steps; each answers the concern as it now stands. */
type TriagePath =
  | 'acknowledge'
  | 'assign'
  | 'entries'
  | 'actions'
  | 'decision'
  | 'referrals'
  | 'close'
  | 'reopen'
  | 'legal-hold';
export type TriageStep = {
  [P in TriagePath]: { path: P; body: ApiBody<`/api/concerns/{id}/${P}`, 'post'> };
}[TriagePath];

export function triage(id: string, step: TriageStep): Promise<ConcernDetail> {
  // Every step answers the concern as it now stands; TriageStep pairs each path with its own body.
  return api.post(`/api/concerns/{id}/${step.path}` as '/api/concerns/{id}/assign', {
    path: { id },
    json: step.body as ApiBody<'/api/concerns/{id}/assign', 'post'>,
  });
}

export function completeAction(id: string, actionId: string) {
  return api.post('/api/concerns/{id}/actions/{actionId}/complete', { path: { id, actionId }, json: {} });
}

export function concernPdfUrl(id: string): string {
  return apiPath('/api/concerns/{id}/export.pdf', { id });
}

export function evidenceUrl(id: string, evidenceId: string, variant: 'view' | 'original'): string {
  return apiPath('/api/concerns/{id}/evidence/{evidenceId}', { id, evidenceId }, { variant });
}

export type PupilChronology = ApiResponse<'/api/concerns/pupils/{pupilId}/chronology'>;

export function fetchPupilChronology(pupilId: string, signal?: AbortSignal) {
  return api.get('/api/concerns/pupils/{pupilId}/chronology', {
    path: { pupilId },
    query: { format: 'json' },
    signal,
  });
}

export function pupilChronologyPdfUrl(pupilId: string): string {
  return apiPath('/api/concerns/pupils/{pupilId}/chronology', { pupilId }, { format: 'pdf' });
}

/** Who works on concerns: the dashboard and concern pages are theirs (the API refuses everyone else). */
export const concernLeadRoles: readonly Role[] = ['dsl', 'deputy_dsl', 'headteacher'];

/** A file as base64, without the `data:…;base64,` prefix. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** A concern as its alert shows it: what whoever it reached needs to act, and who may read it. */
export type AlertView = ApiResponse<'/api/concerns/{id}/alert'>;

export function fetchAlertView(id: string, signal?: AbortSignal) {
  return api.get('/api/concerns/{id}/alert', { path: { id }, signal });
}

export function acknowledgeAlert(id: string) {
  return api.post('/api/concerns/{id}/alert/acknowledge', { path: { id }, json: {} });
}

export function handOnAlert(id: string, staffId: string) {
  return api.post('/api/concerns/{id}/alert/hand-on', { path: { id }, json: { staffId } });
}

export type UrgentConcern = ApiResponse<'/api/concerns/urgent'>['concerns'][number];

export function fetchUrgentConcerns(signal?: AbortSignal) {
  return api.get('/api/concerns/urgent', { signal });
}

export type TransferTask = ApiResponse<'/api/concerns/transfers'>['transfers'][number];

export function fetchTransfers(signal?: AbortSignal) {
  return api.get('/api/concerns/transfers', { signal });
}

export function recordTransferSent(id: string, body: ApiBody<'/api/concerns/transfers/{id}/sent', 'post'>) {
  return api.post('/api/concerns/transfers/{id}/sent', { path: { id }, json: body });
}

export function recordTransferReceived(
  id: string,
  body: ApiBody<'/api/concerns/transfers/{id}/received', 'post'>,
) {
  return api.post('/api/concerns/transfers/{id}/received', { path: { id }, json: body });
}
