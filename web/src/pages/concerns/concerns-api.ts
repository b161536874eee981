import { api } from '../../api/client';
import type { Role } from '../../api/endpoints';

/** Shapes of src/concerns/concerns.routes.ts, one function per endpoint. */

export const concernTypes = [
  'pupil_contact',
  'inappropriate_communication',
  'other_online_safety',
  'staff_conduct',
] as const;
export type ConcernType = (typeof concernTypes)[number];

export const pupilRoles = ['subject', 'affected', 'alleged_instigator', 'witness'] as const;
export type PupilRole = (typeof pupilRoles)[number];

export type ConcernStatus = 'new' | 'open' | 'closed';
export type Urgency = 'urgent' | 'routine';

export const decisions = ['refer', 'no_referral', 'early_help', 'monitor'] as const;
export type ConcernDecision = (typeof decisions)[number];

export const referralAgencies = ['childrens_social_care', 'police', 'lado'] as const;
export type ReferralAgency = (typeof referralAgencies)[number];

/** Limits the server applies (src/concerns/concern-evidence.ts); checked here too, before a long upload. */
export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface Receipt {
  reference: string;
  type: ConcernType;
  status: ConcernStatus;
  reportedAt: string;
}

export interface ReportInput {
  type: ConcernType;
  platform: string;
  occurredAt: string | null;
  pupils: { pupilId: string; role: PupilRole }[];
  subjectStaffId: string | null;
  whatHappened: string;
  childWords: string | null;
  actionsTaken: string | null;
  toldDslInPerson: boolean;
  urgency: Urgency;
  evidence: { name: string; contentBase64: string }[];
}

/** Something the server changed while keeping the report, e.g. `UnstorableCharacterRemoved` from a field. */
export interface ReportWarning {
  code: string;
  field: string;
  message: string;
}

export function reportConcern(
  input: ReportInput,
): Promise<{ id: string; receipt: Receipt; warnings: ReportWarning[] }> {
  return api.post('/api/concerns', { json: input });
}

export function fetchMyReceipts(): Promise<{ receipts: Receipt[] }> {
  return api.get('/api/concerns/mine');
}

export interface ConcernSummary {
  id: string;
  reference: string;
  type: ConcernType;
  urgency: Urgency;
  status: ConcernStatus;
  reportedAt: string;
  acknowledgedAt: string | null;
  acknowledgeBy: string | null;
  escalationLevel: number;
  assignedStaffId: string | null;
  openActions: number;
  overdueActions: number;
  overdueFollowUps: number;
  legalHold: boolean;
  /** False when the concern was escalated to me but I may not read it: I see its alert only. */
  canRead: boolean;
}

export function fetchConcerns(status?: ConcernStatus): Promise<{ concerns: ConcernSummary[] }> {
  return api.get('/api/concerns', { query: { status } });
}

export interface ChronologyEntry {
  id: string;
  at: string;
  kind: string;
  author: string;
  text: string | null;
  facts: Record<string, string | number | boolean | null>;
  correctsEntryId: string | null;
}

export interface ConcernDetail {
  id: string;
  reference: string;
  type: ConcernType;
  platform: string;
  occurredAt: string | null;
  urgency: Urgency;
  status: ConcernStatus;
  toldDslInPerson: boolean;
  reporter: { staffId: string; name: string };
  subjectStaff: { staffId: string; name: string } | null;
  whatHappened: string;
  childWords: string | null;
  actionsTaken: string | null;
  pupils: { pupilId: string; name: string; role: PupilRole }[];
  reportedAt: string;
  acknowledgedAt: string | null;
  assignedStaffId: string | null;
  escalationLevel: number;
  decision: ConcernDecision | null;
  outcome: string | null;
  legalHold: boolean;
  retentionUntil: string | null;
  chronology: ChronologyEntry[];
  actions: {
    id: string;
    description: string;
    ownerStaffId: string;
    dueOn: string;
    completedAt: string | null;
  }[];
  referrals: {
    id: string;
    agency: ReferralAgency;
    agencyReference: string | null;
    referredOn: string;
    followUpOn: string | null;
  }[];
  evidence: {
    id: string;
    name: string;
    mediaType: string;
    size: number;
    sha256: string;
    hasViewingCopy: boolean;
  }[];
  closeWarnings: { code: 'open_actions' | 'follow_up_pending' | 'unassigned'; message: string }[];
}

const concernPath = (id: string) => `/api/concerns/${encodeURIComponent(id)}`;

export function fetchConcern(id: string): Promise<ConcernDetail> {
  return api.get(concernPath(id));
}

/** The triage steps; each answers the concern as it now stands. */
export type TriageStep =
  | { path: 'acknowledge'; body: Record<string, never> }
  | { path: 'assign'; body: { staffId: string } }
  | { path: 'entries'; body: { text: string; correctsEntryId: string | null } }
  | { path: 'actions'; body: { description: string; ownerStaffId: string; dueOn: string } }
  | { path: 'decision'; body: { decision: ConcernDecision; reasons: string } }
  | {
      path: 'referrals';
      body: {
        agency: ReferralAgency;
        agencyReference: string | null;
        referredOn: string;
        followUpOn: string | null;
        notes: string | null;
      };
    }
  | { path: 'close'; body: { outcome: string; reasons: string; closeAnywayReason: string | null } }
  | { path: 'reopen'; body: { reasons: string } }
  | { path: 'legal-hold'; body: { legalHold: boolean; reasons: string } };

export function triage(id: string, step: TriageStep): Promise<ConcernDetail> {
  return api.post(`${concernPath(id)}/${step.path}`, { json: step.body });
}

export function completeAction(id: string, actionId: string): Promise<ConcernDetail> {
  return api.post(`${concernPath(id)}/actions/${encodeURIComponent(actionId)}/complete`, { json: {} });
}

export function concernPdfUrl(id: string): string {
  return `${concernPath(id)}/export.pdf`;
}

export function evidenceUrl(id: string, evidenceId: string, variant: 'view' | 'original'): string {
  return `${concernPath(id)}/evidence/${encodeURIComponent(evidenceId)}?variant=${variant}`;
}

export interface PupilChronology {
  pupil: { id: string; name: string; dateOfBirth: string | null };
  concerns: ConcernDetail[];
}

export function fetchPupilChronology(pupilId: string): Promise<PupilChronology> {
  return api.get(`/api/concerns/pupils/${encodeURIComponent(pupilId)}/chronology`, {
    query: { format: 'json' },
  });
}

export function pupilChronologyPdfUrl(pupilId: string): string {
  return `/api/concerns/pupils/${encodeURIComponent(pupilId)}/chronology?format=pdf`;
}

export interface StaffMember {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  roles: Role[];
  status: 'active' | 'left';
}

export function fetchStaff(): Promise<{ staff: StaffMember[] }> {
  return api.get('/api/people/staff');
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
export interface AlertView {
  id: string;
  reference: string;
  type: ConcernType;
  urgency: Urgency;
  status: ConcernStatus;
  reportedAt: string;
  acknowledgedAt: string | null;
  assignedStaffId: string | null;
  escalationLevel: number;
  canRead: boolean;
  readers: { staffId: string; name: string; email: string; role: Role }[];
}

export function fetchAlertView(id: string): Promise<AlertView> {
  return api.get(`${concernPath(id)}/alert`);
}

export function acknowledgeAlert(id: string): Promise<AlertView> {
  return api.post(`${concernPath(id)}/alert/acknowledge`, { json: {} });
}

export function handOnAlert(id: string, staffId: string): Promise<AlertView> {
  return api.post(`${concernPath(id)}/alert/hand-on`, { json: { staffId } });
}

export interface UrgentConcern {
  id: string;
  reference: string;
  reportedAt: string;
  escalationLevel: number;
}

export function fetchUrgentConcerns(): Promise<{ concerns: UrgentConcern[] }> {
  return api.get('/api/concerns/urgent');
}

export interface TransferTask {
  id: string;
  pupilId: string;
  pupilName: string;
  leftOn: string;
  dueOn: string;
  status: 'pending' | 'sent' | 'received';
  destination: string | null;
  sentMethod: string | null;
  sentAt: string | null;
  receiptConfirmedAt: string | null;
  receiptFrom: string | null;
  overdue: boolean;
}

export function fetchTransfers(): Promise<{ transfers: TransferTask[] }> {
  return api.get('/api/concerns/transfers');
}

export function recordTransferSent(id: string, body: { destination: string; method: string }): Promise<void> {
  return api.post(`/api/concerns/transfers/${encodeURIComponent(id)}/sent`, { json: body });
}

export function recordTransferReceived(id: string, body: { from: string }): Promise<void> {
  return api.post(`/api/concerns/transfers/${encodeURIComponent(id)}/received`, { json: body });
}
