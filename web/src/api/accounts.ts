import { type ApiBody, type ApiQuery, type ApiResponse, api } from './client';

/** The sanctioned accounts register, as the server's /api/accounts routes describe it. */
export type AccountStatus = ApiResponse<'/api/accounts/{id}'>['status'];
export type Platform = ApiResponse<'/api/accounts/{id}'>['platform'];

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

export type Account = ApiResponse<'/api/accounts/{id}', 'put'>;
export type AccountFinding = Account['findings'][number];
export type AccountDetail = ApiResponse<'/api/accounts/{id}'>;
export type AccountInput = ApiBody<'/api/accounts', 'post'>;

export type Decision = ApiBody<'/api/accounts/{id}/decision', 'post'>['decision'];

export const fetchMyAccounts = (signal?: AbortSignal) => api.get('/api/accounts/mine', { signal });
export const fetchRegister = (query: ApiQuery<'/api/accounts'>, signal?: AbortSignal) =>
  api.get('/api/accounts', { query, signal });
export const fetchAccount = (id: string, signal?: AbortSignal) =>
  api.get('/api/accounts/{id}', { path: { id }, signal });
export const registerAccount = (input: AccountInput) => api.post('/api/accounts', { json: input });
export const updateAccount = (id: string, input: AccountInput) =>
  api.put('/api/accounts/{id}', { path: { id }, json: input });
export const submitAccount = (id: string) => api.post('/api/accounts/{id}/submit', { path: { id } });
export const decideAccount = (id: string, decision: Decision, reason?: string) =>
  api.post('/api/accounts/{id}/decision', {
    path: { id },
    json: reason ? { decision, reason } : { decision },
  });
export const retireAccount = (id: string, reason?: string) =>
  api.post('/api/accounts/{id}/retire', {
    path: { id },
    json: reason ? { reason } : {},
  });
export const verifyAccountNow = (id: string) => api.post('/api/accounts/{id}/verify', { path: { id } });

export type PersonalHandle = ApiResponse<'/api/me/personal-handles'>['items'][number];

export const fetchPersonalHandles = (signal?: AbortSignal) => api.get('/api/me/personal-handles', { signal });
type HandlePlatform = ApiBody<'/api/me/personal-handles', 'post'>['platform'];
/** The platform comes from a select of the server's own platforms; the server refuses any other. */
export const declarePersonalHandle = (platform: string, value: string) =>
  api.post('/api/me/personal-handles', { json: { platform: platform as HandlePlatform, value } });
export const removePersonalHandle = (id: string) =>
  api.delete('/api/me/personal-handles/{id}', { path: { id } });

/** How long an approval lasts (months) and how many days before it ends the owners are reminded. */
export type RegisterSettings = ApiResponse<'/api/accounts/settings'>;

export const fetchRegisterSettings = (signal?: AbortSignal) => api.get('/api/accounts/settings', { signal });
export const saveRegisterSettings = (settings: RegisterSettings) =>
  api.put('/api/accounts/settings', { json: settings });

export type StaffMember = ApiResponse<'/api/people/staff'>['staff'][number];

/** The school's staff, to choose co-owners from and to filter the register by owner. */
export const fetchStaff = (signal?: AbortSignal) => api.get('/api/people/staff', { signal });
export const staffName = (s: Pick<StaffMember, 'givenName' | 'familyName'>) =>
  `${s.givenName} ${s.familyName}`;
