import { type ApiBody, type ApiResponse, api } from '../../api/client';

/** Leavers' handovers (SMT): the list, one handover, and the decisions on a leaver's accounts. */
export type HandoverListItem = ApiResponse<'/api/staff-handovers'>['handovers'][number];
export type Handover = ApiResponse<'/api/staff-handovers/{id}'>;
export type HandoverDecision = ApiBody<'/api/staff-handovers/{id}/accounts/{accountId}', 'post'>;
export type StaffMember = ApiResponse<'/api/people/staff'>['staff'][number];

export const handoverKeys = {
  list: ['/api/staff-handovers'] as const,
  one: (id: string) => ['/api/staff-handovers/{id}', id] as const,
  staff: ['/api/people/staff'] as const,
};

export const fetchHandovers = (signal?: AbortSignal) =>
  api.get('/api/staff-handovers', signal ? { signal } : {});

export const fetchHandover = (id: string, signal?: AbortSignal) =>
  api.get('/api/staff-handovers/{id}', { path: { id }, ...(signal ? { signal } : {}) });

export const fetchStaff = (signal?: AbortSignal) => api.get('/api/people/staff', signal ? { signal } : {});

export const decideHandoverAccount = (id: string, accountId: string, json: HandoverDecision) =>
  api.post('/api/staff-handovers/{id}/accounts/{accountId}', { path: { id, accountId }, json });

export const completeHandover = (id: string) =>
  api.post('/api/staff-handovers/{id}/complete', { path: { id } });

export const markStaffLeft = (id: string) => api.post('/api/people/staff/{id}/leave', { path: { id } });
