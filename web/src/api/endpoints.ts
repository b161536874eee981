import { api, setCsrfToken } from './client';

/** Response shapes of the server's routes (see each `*.routes.ts`), one function per endpoint. */

export type Role = 'staff' | 'manager' | 'smt' | 'dsl' | 'deputy_dsl' | 'headteacher' | 'admin' | 'governor';

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

export interface SchoolMembership {
  id: string;
  name: string;
  roles: Role[];
}

export interface Me {
  person: { id: string; name: string; email: string };
  school: { id: string; name: string };
  roles: Role[];
  /** What this person may do in the current school, as the server decided it. */
  abilities: string[];
  schools: SchoolMembership[];
  /** False while a session started by SSO still needs the authenticator code. */
  secondFactorPassed: boolean;
  /** Whether an authenticator app is set up; a session waiting for its second factor without one enrols. */
  totpEnrolled: boolean;
  csrfToken: string;
}

export async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>('/api/me');
  setCsrfToken(me.csrfToken);
  return me;
}

export interface SignInInput {
  email: string;
  password: string;
  totp?: string;
}

export async function signIn(input: SignInInput): Promise<void> {
  await api.post<unknown>('/api/session', { json: input, expectUnauthenticated: true });
}

export async function signOut(): Promise<void> {
  await api.delete<unknown>('/api/session', { expectUnauthenticated: true });
  setCsrfToken(undefined);
}

export async function switchSchool(schoolId: string): Promise<void> {
  await api.put<unknown>('/api/me/school', { json: { schoolId } });
}

/** The authenticator step of a session that SSO started. */
export async function passSecondFactor(code: string): Promise<void> {
  await api.post<unknown>('/api/session/totp', { json: { code }, expectUnauthenticated: true });
}

export interface SignInOptions {
  schools: { id: string; name: string; sso: boolean }[];
}

/** Which schools offer single sign-on; the sign-in page shows a button for each. */
export async function fetchSignInOptions(): Promise<SignInOptions> {
  return api.get<SignInOptions>('/api/auth/sign-in-options', { expectUnauthenticated: true });
}

export function ssoStartUrl(schoolId: string): string {
  return `/api/auth/oidc/${encodeURIComponent(schoolId)}/start`;
}

// Policy ------------------------------------------------------------------------------------------

export interface Clause {
  id: string;
  section: 'preamble' | 'personal' | 'sanctioned';
  title: string;
  summary: string;
  strength: 'must' | 'should' | 'advised';
  enforcement: ('check' | 'workflow' | 'advice')[];
  carriedBy: string[];
}

export interface PolicyVersion {
  id: string;
  label: string;
  title: string;
  source: 'seed' | 'import';
  format: 'text' | 'markdown';
  documentHash: string;
  effectiveFrom: string;
  nextReviewDue: string;
  isCurrent: boolean;
  sections: { id: string; title: string; text: string }[];
  reviews: { kind: 'written' | 'reviewed'; on: string; note: string | null }[];
}

export interface ReviewStatus {
  status: 'ok' | 'due_soon' | 'overdue';
  nextReviewDue: string;
  daysUntilDue: number;
  daysOverdue: number;
}

export interface PolicyOverview {
  school: { id: string; name: string };
  today: string;
  clauses: Clause[];
  current: (PolicyVersion & { documentText: string }) | null;
  versions: PolicyVersion[];
  review: ReviewStatus | null;
}

export function fetchPolicy(schoolId?: string): Promise<PolicyOverview> {
  return api.get<PolicyOverview>('/api/policy', { query: { school: schoolId } });
}

export interface Acknowledgement {
  policyVersionId: string;
  label: string;
  documentHash: string;
  acknowledgedAt: string;
}

export interface MyAcknowledgements {
  current: { policyVersionId: string; label: string; documentHash: string } | null;
  acknowledgedCurrent: boolean;
  acknowledgements: Acknowledgement[];
}

export function fetchMyAcknowledgements(): Promise<MyAcknowledgements> {
  return api.get<MyAcknowledgements>('/api/policy/acknowledgements/mine');
}

/** "I have read and understood" the current version; the server records its hash. Idempotent. */
export function acknowledgePolicy(): Promise<Acknowledgement & { alreadyAcknowledged: boolean }> {
  return api.post('/api/policy/acknowledgements');
}

export interface AcknowledgementReport {
  policyVersionId: string;
  label: string;
  documentHash: string;
  total: number;
  acknowledged: number;
  percentage: number;
  staff: { staffId: string; name: string; email: string; acknowledgedAt: string | null }[];
}

export function fetchAcknowledgementReport(): Promise<AcknowledgementReport> {
  return api.get<AcknowledgementReport>('/api/policy/acknowledgements');
}

// People ------------------------------------------------------------------------------------------

export interface PupilSummary {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
}

export interface PupilDetail extends PupilSummary {
  /** Only for roles that may see it (DSLs, head, admins); otherwise null. */
  dateOfBirth: string | null;
  leftOn: string | null;
  carers: {
    id: string;
    givenName: string;
    familyName: string;
    relationship: string | null;
    parentalResponsibility: boolean;
    email: string | null;
    phone: string | null;
  }[];
}

export interface CarerDetail {
  id: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  pupils: (PupilSummary & { relationship: string | null; parentalResponsibility: boolean })[];
}

export function searchPupils(query: {
  q?: string | undefined;
  year?: number | undefined;
  status?: 'current' | 'left' | 'all';
  offset?: number | undefined;
}): Promise<{ pupils: PupilSummary[]; total: number; offset: number; pageSize: number }> {
  return api.get('/api/people/pupils', { query });
}

export function fetchPupil(id: string): Promise<PupilDetail> {
  return api.get<PupilDetail>(`/api/people/pupils/${encodeURIComponent(id)}`);
}

export function fetchCarer(id: string): Promise<CarerDetail> {
  return api.get<CarerDetail>(`/api/people/carers/${encodeURIComponent(id)}`);
}

export interface RosterChange {
  externalId: string;
  name: string;
  changes?: string[];
}

export interface RosterImportResult {
  format: 'simple' | 'oneroster' | 'demo';
  dryRun: boolean;
  full: boolean;
  importId: string | null;
  counts: Record<string, number>;
  diff: {
    pupils: { added: RosterChange[]; updated: RosterChange[]; leavers: RosterChange[]; unchanged: number };
    carers: { added: RosterChange[]; updated: RosterChange[]; unchanged: number };
    staff: { added: RosterChange[]; updated: RosterChange[]; unchanged: number };
    links: { added: number; updated: number; ended: number };
  };
}

/** Sends the roster file(s); a dry run returns the diff and writes nothing. */
export function importRoster(
  files: File[],
  options: { dryRun: boolean; full: boolean },
): Promise<RosterImportResult> {
  const form = new FormData();
  form.set('dryRun', String(options.dryRun));
  form.set('full', String(options.full));
  for (const file of files) form.append('file', file, file.name);
  return api.post<RosterImportResult>('/api/roster/import', { form });
}

// Notifications -----------------------------------------------------------------------------------

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export function fetchNotifications(
  cursor?: string,
): Promise<{ items: AppNotification[]; unreadCount: number; nextCursor: string | null }> {
  return api.get('/api/notifications', { query: { cursor } });
}

export function markNotificationRead(id: string): Promise<AppNotification> {
  return api.post(`/api/notifications/${encodeURIComponent(id)}/read`);
}

export function markAllNotificationsRead(): Promise<{ updated: number }> {
  return api.post('/api/notifications/read-all');
}

// Audit -------------------------------------------------------------------------------------------

export interface AuditEvent {
  id: string;
  seq: number;
  at: string;
  actorStaffId: string | null;
  actor: string;
  type: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  hash: string;
}

export interface AuditFilters {
  type?: string;
  actor?: string;
  from?: string;
  to?: string;
  subject?: string;
}

export function fetchAudit(
  filters: AuditFilters,
  cursor?: string,
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  return api.get('/api/audit', { query: { ...filters, cursor } });
}

export function auditExportUrl(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return `/api/audit/export.csv${text ? `?${text}` : ''}`;
}

/** A document's clauses before it is published (SMT, headteacher, admin); nothing is written. */
export function previewPolicy(input: {
  text: string;
  format: 'text' | 'markdown';
}): Promise<{ title: string; sections: { id: string; title: string; text: string }[] }> {
  return api.post('/api/policy/preview', { json: input });
}

/** Publishes a new version; every member of staff is asked to acknowledge it. */
export function publishPolicy(input: {
  text: string;
  format: 'text' | 'markdown';
  label?: string;
  effectiveFrom?: string;
  nextReviewDue?: string;
}): Promise<{ label: string; nextReviewDue: string }> {
  return api.post('/api/policy/versions', { json: input });
}

/** Records that the current version was reviewed and stands. */
export function recordPolicyReview(input: {
  reviewedOn: string;
  nextReviewDue?: string;
  note?: string;
}): Promise<{ reviewedOn: string; nextReviewDue: string }> {
  return api.post('/api/policy/reviews', { json: input });
}

/** Always answers the same whether or not the address has an account (202), so it reveals nobody. */
export async function requestPasswordReset(email: string): Promise<void> {
  await api.post<unknown>('/api/password-reset', { json: { email }, expectUnauthenticated: true });
}

export async function confirmPasswordReset(input: { token: string; password: string }): Promise<void> {
  await api.post<unknown>('/api/password-reset/confirm', { json: input, expectUnauthenticated: true });
}
