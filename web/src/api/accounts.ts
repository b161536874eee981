import { api } from './client';

/** The sanctioned accounts register, as the server's /api/accounts routes describe it. */
export type AccountStatus =
  | 'draft'
  | 'submitted'
  | 'approved'
  | 'changes_requested'
  | 'rejected'
  | 'suspended'
  | 'retired';

export const statusLabels: Record<AccountStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting approval',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  rejected: 'Rejected',
  suspended: 'Suspended',
  retired: 'Retired',
};

export const platformOptions: { id: string; name: string }[] = [
  { id: 'x', name: 'X (Twitter)' },
  { id: 'facebook', name: 'Facebook' },
  { id: 'instagram', name: 'Instagram' },
  { id: 'youtube', name: 'YouTube' },
  { id: 'tiktok', name: 'TikTok' },
  { id: 'flickr', name: 'Flickr' },
  { id: 'blogger', name: 'Blogger' },
  { id: 'wordpress', name: 'WordPress' },
  { id: 'tumblr', name: 'Tumblr' },
  { id: 'mastodon', name: 'Mastodon' },
  { id: 'bluesky', name: 'Bluesky' },
  { id: 'linkedin', name: 'LinkedIn' },
  { id: 'other', name: 'Other (a web address)' },
];

export const purposeKinds = ['course', 'club', 'department', 'school', 'other'] as const;

export interface AccountFinding {
  field: 'about' | 'purpose';
  rule: string;
  clause: string;
  clauseTitle: string;
  severity: 'block' | 'review' | 'advice';
  message: string;
}

export interface Account {
  id: string;
  platform: string;
  platformName: string;
  handle: string | null;
  profileUrl: string | null;
  purposeKind: string;
  purpose: string;
  linkedEmail: string;
  audience: string[];
  aboutText: string | null;
  findings: AccountFinding[];
  attestations: { noDirectMessages: boolean; aupLink: boolean };
  status: AccountStatus;
  studentAccess: { allowed: boolean; message: string };
  readiness: { ready: boolean; problems: { code: string; clause: string; message: string }[] };
  owners: { staffId: string; name: string; primary: boolean }[];
  submittedAt: string | null;
  approvedAt: string | null;
  approvalExpiresOn: string | null;
  aup: {
    status: 'found' | 'not_found' | 'could_not_check' | 'attested' | null;
    checkedAt: string | null;
    verified: boolean;
  };
  abilities: string[];
  createdAt: string;
  updatedAt: string;
}

export interface AccountDetail extends Account {
  history: { from: AccountStatus; to: AccountStatus; at: string; by: string; reason: string | null }[];
  aupChecks: {
    result: string;
    reason: string;
    checkedUrl: string | null;
    trigger: string;
    checkedAt: string;
  }[];
}

export interface AccountInput {
  /** Left out to let the server take the platform from the profile address. */
  platform?: string;
  handle?: string;
  profileUrl?: string;
  purposeKind: string;
  purpose: string;
  linkedEmail: string;
  audience: string[];
  aboutText?: string;
  coOwnerStaffIds: string[];
  attestsNoDirectMessages: boolean;
  attestsAupLink: boolean;
}

export type Decision = 'approve' | 'request_changes' | 'reject' | 'suspend' | 'reinstate';

export const fetchMyAccounts = () => api.get<{ items: Account[] }>('/api/accounts/mine');
export const fetchRegister = (query: { status?: string; platform?: string; owner?: string }) =>
  api.get<{ items: Account[] }>('/api/accounts', { query });
export const fetchAccount = (id: string) => api.get<AccountDetail>(`/api/accounts/${encodeURIComponent(id)}`);
export const registerAccount = (input: AccountInput) => api.post<Account>('/api/accounts', { json: input });
export const updateAccount = (id: string, input: AccountInput) =>
  api.put<Account>(`/api/accounts/${encodeURIComponent(id)}`, { json: input });
export const submitAccount = (id: string) =>
  api.post<Account>(`/api/accounts/${encodeURIComponent(id)}/submit`);
export const decideAccount = (id: string, decision: Decision, reason?: string) =>
  api.post<Account>(`/api/accounts/${encodeURIComponent(id)}/decision`, {
    json: reason ? { decision, reason } : { decision },
  });
export const retireAccount = (id: string, reason?: string) =>
  api.post<Account>(`/api/accounts/${encodeURIComponent(id)}/retire`, { json: reason ? { reason } : {} });
export const verifyAccountNow = (id: string) =>
  api.post<{ result: string; reason: string }>(`/api/accounts/${encodeURIComponent(id)}/verify`);

export interface PersonalHandle {
  id: string;
  platform: string;
  value: string;
  createdAt: string;
}

export const fetchPersonalHandles = () => api.get<{ items: PersonalHandle[] }>('/api/me/personal-handles');
export const declarePersonalHandle = (platform: string, value: string) =>
  api.post<PersonalHandle>('/api/me/personal-handles', { json: { platform, value } });
export const removePersonalHandle = (id: string) =>
  api.delete<void>(`/api/me/personal-handles/${encodeURIComponent(id)}`);

/** How long an approval lasts (months) and how many days before it ends the owners are reminded. */
export interface RegisterSettings {
  approvalMonths: number;
  reminderDays: number;
}

export const fetchRegisterSettings = () => api.get<RegisterSettings>('/api/accounts/settings');
export const saveRegisterSettings = (settings: RegisterSettings) =>
  api.put<RegisterSettings>('/api/accounts/settings', { json: settings });

export interface StaffMember {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  roles: string[];
  status: 'active' | 'left';
}

/** The school's staff, to choose co-owners from and to filter the register by owner. */
export const fetchStaff = () => api.get<{ staff: StaffMember[] }>('/api/people/staff');
export const staffName = (s: Pick<StaffMember, 'givenName' | 'familyName'>) =>
  `${s.givenName} ${s.familyName}`;
