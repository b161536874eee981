import { api, setCsrfToken } from './client';

/** Response shapes of the server's routes (see each `*.routes.ts`), one function per endpoint. */

export type Role = 'staff' | 'manager' | 'smt' | 'dsl' | 'deputy_dsl' | 'headteacher' | 'admin';

export const roleLabels: Record<Role, string> = {
  staff: 'Staff',
  manager: 'Manager',
  smt: 'Senior leadership',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  admin: 'Administrator',
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

export interface SignInOptions {
  schools: { id: string; name: string; sso: boolean }[];
}

/** Which schools offer single sign-on; the sign-in page shows a button for each. */
export async function fetchSignInOptions(): Promise<SignInOptions> {
  return api.get<SignInOptions>('/api/auth/options', { expectUnauthenticated: true });
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

export interface MyAcknowledgement {
  policyVersionId: string;
  documentHash: string;
  acknowledgedAt: string | null;
}

export function fetchMyAcknowledgement(): Promise<MyAcknowledgement> {
  return api.get<MyAcknowledgement>('/api/policy/acknowledgements/mine');
}

export function acknowledgePolicy(policyVersionId: string, documentHash: string): Promise<MyAcknowledgement> {
  return api.post<MyAcknowledgement>('/api/policy/acknowledgements', {
    json: { policyVersionId, documentHash },
  });
}

export interface AcknowledgementSummary {
  total: number;
  acknowledged: number;
  percentage: number;
  staff: { staffId: string; name: string; email: string; acknowledgedAt: string | null }[];
}

export function fetchAcknowledgements(): Promise<AcknowledgementSummary> {
  return api.get<AcknowledgementSummary>('/api/policy/acknowledgements');
}

// People ------------------------------------------------------------------------------------------

export interface PupilSummary {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
  externalId: string;
}

export interface CarerLink {
  carerId: string;
  name: string;
  relationship: string | null;
  parentalResponsibility: boolean;
}

export interface PupilDetail extends PupilSummary {
  dateOfBirth: string | null;
  leftOn: string | null;
  upn: string | null;
  carers: CarerLink[];
}

export interface CarerDetail {
  id: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  externalId: string;
  pupils: {
    pupilId: string;
    name: string;
    yearGroup: number | null;
    relationship: string | null;
    parentalResponsibility: boolean;
  }[];
}

export interface PupilSearch {
  pupils: PupilSummary[];
  total: number;
}

export function searchPupils(query: {
  q?: string;
  year?: number;
  status?: 'current' | 'left' | 'all';
}): Promise<PupilSearch> {
  return api.get<PupilSearch>('/api/people/pupils', { query });
}

export function fetchPupil(id: string): Promise<PupilDetail> {
  return api.get<PupilDetail>(`/api/people/pupils/${encodeURIComponent(id)}`);
}

export function fetchCarer(id: string): Promise<CarerDetail> {
  return api.get<CarerDetail>(`/api/people/carers/${encodeURIComponent(id)}`);
}

export interface RosterChange {
  role: 'pupil' | 'carer' | 'staff';
  externalId: string;
  name: string;
  changes?: string[];
}

export interface RosterDiff {
  dryRun: boolean;
  added: RosterChange[];
  updated: RosterChange[];
  leavers: RosterChange[];
  unchanged: number;
}

export function importRoster(file: File, dryRun: boolean): Promise<RosterDiff> {
  const form = new FormData();
  form.set('file', file, file.name);
  return api.post<RosterDiff>('/api/roster/import', { form, query: { dryRun } });
}

// Notifications -----------------------------------------------------------------------------------

export interface AppNotification {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export function fetchNotifications(): Promise<{ notifications: AppNotification[]; unread: number }> {
  return api.get('/api/notifications');
}

export function markNotificationRead(id: string): Promise<unknown> {
  return api.post(`/api/notifications/${encodeURIComponent(id)}/read`);
}

// Audit -------------------------------------------------------------------------------------------

export interface AuditEntry {
  id: string;
  at: string;
  type: string;
  actor: string;
  summary: string;
}

export interface AuditFilters {
  type?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export function fetchAudit(filters: AuditFilters): Promise<{ entries: AuditEntry[]; types?: string[] }> {
  return api.get('/api/audit', { query: { ...filters } });
}

export function auditExportUrl(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return `/api/audit/export.csv${text ? `?${text}` : ''}`;
}
