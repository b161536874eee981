import { type ApiBody, type ApiResponse, api } from '../../api/client';

/** The staff compliance page's calls (SMT, the headteacher, admins). */
export type StaffCompliance = ApiResponse<'/api/staff-compliance'>;
export type StaffUseSettings = ApiResponse<'/api/staff-use/settings'>;

export const complianceKeys = {
  report: ['/api/staff-compliance'] as const,
  settings: ['/api/staff-use/settings'] as const,
};

export function fetchStaffCompliance(signal?: AbortSignal): Promise<StaffCompliance> {
  return api.get('/api/staff-compliance', signal ? { signal } : {});
}

export function fetchStaffUseSettings(signal?: AbortSignal): Promise<StaffUseSettings> {
  return api.get('/api/staff-use/settings', signal ? { signal } : {});
}

export function saveStaffUseSettings(
  input: ApiBody<'/api/staff-use/settings', 'put'>,
): Promise<StaffUseSettings> {
  return api.put('/api/staff-use/settings', { json: input });
}
