import { type ApiBody, type ApiQuery, type ApiResponse, api, apiPath, setCsrfToken } from './client';

/**
 * One function per endpoint. Every type here is taken from the generated OpenAPI types (schema.gen.ts), never
 * written out by hand: the route schemas in src/ are the one description of what crosses the wire.
 */

export type Me = ApiResponse<'/api/me'>;
export type Role = Me['roles'][number];

export const roleLabels: Record<Role, string> = {
  staff: 'Staff',
  manager: 'Manager',
  smt: 'Senior leadership',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  admin: 'Administrator',
  governor: 'Governor',
};

export async function fetchMe(): Promise<Me> {
  const me = await api.get('/api/me');
  setCsrfToken(me.csrfToken);
  return me;
}

export type SignInInput = ApiBody<'/api/session', 'post'>;

export async function signIn(input: SignInInput): Promise<void> {
  await api.post('/api/session', { json: input, expectUnauthenticated: true });
}

export async function signOut(): Promise<void> {
  await api.delete('/api/session', { expectUnauthenticated: true });
  setCsrfToken(undefined);
}

export async function switchSchool(schoolId: string): Promise<void> {
  await api.put('/api/me/school', { json: { schoolId } });
}

/** The authenticator step of a session that SSO started. */
export async function passSecondFactor(code: string): Promise<void> {
  await api.post('/api/session/totp', { json: { code }, expectUnauthenticated: true });
}

export type SignInOptions = ApiResponse<'/api/auth/sign-in-options'>;

/** Which schools offer single sign-on; the sign-in page shows a button for each. */
export async function fetchSignInOptions(signal?: AbortSignal): Promise<SignInOptions> {
  return api.get('/api/auth/sign-in-options', { expectUnauthenticated: true, signal });
}

export function ssoStartUrl(schoolId: string): string {
  return `/api/auth/oidc/${encodeURIComponent(schoolId)}/start`;
}

// Policy ------------------------------------------------------------------------------------------

export type PolicyOverview = ApiResponse<'/api/policy'>;
export type Clause = PolicyOverview['clauses'][number];
export type PolicyVersion = PolicyOverview['versions'][number];
export type ReviewStatus = NonNullable<PolicyOverview['review']>;

export function fetchPolicy(schoolId?: string, signal?: AbortSignal): Promise<PolicyOverview> {
  return api.get('/api/policy', { query: { school: schoolId }, signal });
}

export type MyAcknowledgements = ApiResponse<'/api/policy/acknowledgements/mine'>;
export type Acknowledgement = MyAcknowledgements['acknowledgements'][number];

export function fetchMyAcknowledgements(signal?: AbortSignal): Promise<MyAcknowledgements> {
  return api.get('/api/policy/acknowledgements/mine', { signal });
}

/** "I have read and understood" the current version; the server records its hash. Idempotent. */
export function acknowledgePolicy() {
  return api.post('/api/policy/acknowledgements');
}

export type AcknowledgementReport = ApiResponse<'/api/policy/acknowledgements'>;

export function fetchAcknowledgementReport(signal?: AbortSignal) {
  return api.get('/api/policy/acknowledgements', { signal });
}

// People ------------------------------------------------------------------------------------------

export type PupilSummary = ApiResponse<'/api/people/pupils'>['pupils'][number];
export type PupilDetail = ApiResponse<'/api/people/pupils/{id}'>;
export type CarerDetail = ApiResponse<'/api/people/carers/{id}'>;

export function searchPupils(query: ApiQuery<'/api/people/pupils'>, signal?: AbortSignal) {
  return api.get('/api/people/pupils', { query, signal });
}

export function fetchPupil(id: string, signal?: AbortSignal) {
  return api.get('/api/people/pupils/{id}', { path: { id }, signal });
}

export function fetchCarer(id: string, signal?: AbortSignal) {
  return api.get('/api/people/carers/{id}', { path: { id }, signal });
}

export type RosterImportResult = ApiResponse<'/api/roster/import', 'post'>;
export type RosterChange = RosterImportResult['diff']['pupils']['added'][number];

/** Sends the roster file(s); a dry run returns the diff and writes nothing. */
export function importRoster(
  files: File[],
  options: { dryRun: boolean; full: boolean; confirmStaffLeavers?: boolean },
) {
  const form = new FormData();
  form.set('dryRun', String(options.dryRun));
  form.set('full', String(options.full));
  if (options.confirmStaffLeavers) form.set('confirmStaffLeavers', 'true');
  for (const file of files) form.append('file', file, file.name);
  return api.post('/api/roster/import', { form });
}

// Notifications -----------------------------------------------------------------------------------

export type AppNotification = ApiResponse<'/api/notifications'>['items'][number];

export function fetchNotifications(cursor?: string, signal?: AbortSignal) {
  return api.get('/api/notifications', { query: { cursor }, signal });
}

export function markNotificationRead(id: string) {
  return api.post('/api/notifications/{id}/read', { path: { id } });
}

export function markAllNotificationsRead() {
  return api.post('/api/notifications/read-all');
}

// Audit -------------------------------------------------------------------------------------------

export type AuditEvent = ApiResponse<'/api/audit'>['items'][number];
export type AuditFilters = Omit<ApiQuery<'/api/audit'>, 'cursor' | 'limit'>;

export function fetchAudit(filters: AuditFilters, cursor?: string, signal?: AbortSignal) {
  return api.get('/api/audit', { query: { ...filters, cursor }, signal });
}

export function auditExportUrl(filters: AuditFilters): string {
  return apiPath('/api/audit/export.csv', {}, filters);
}

/** A document's clauses before it is published (SMT, headteacher, admin); nothing is written. */
export function previewPolicy(input: ApiBody<'/api/policy/preview', 'post'>) {
  return api.post('/api/policy/preview', { json: input });
}

/** Publishes a new version; every member of staff is asked to acknowledge it. */
export function publishPolicy(input: ApiBody<'/api/policy/versions', 'post'>) {
  return api.post('/api/policy/versions', { json: input });
}

/** Records that the current version was reviewed and stands. */
export function recordPolicyReview(input: ApiBody<'/api/policy/reviews', 'post'>) {
  return api.post('/api/policy/reviews', { json: input });
}

/** Always answers the same whether or not the address has an account (202), so it reveals nobody. */
export async function requestPasswordReset(email: string): Promise<void> {
  await api.post('/api/password-reset', { json: { email }, expectUnauthenticated: true });
}

export async function confirmPasswordReset(
  input: ApiBody<'/api/password-reset/confirm', 'post'>,
): Promise<void> {
  await api.post('/api/password-reset/confirm', { json: input, expectUnauthenticated: true });
}
