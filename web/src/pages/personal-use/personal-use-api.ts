import { type ApiResponse, api } from '../../api/client';

/** The personal-use overview's call: my record for this period. */
export type MyStaffUseStatus = ApiResponse<'/api/staff-use/me'>;

export const myStaffUseKey = ['/api/staff-use/me'] as const;

export function fetchMyStaffUse(signal?: AbortSignal): Promise<MyStaffUseStatus> {
  return api.get('/api/staff-use/me', signal ? { signal } : {});
}
