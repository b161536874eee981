import { api } from '../../api/client';

/** The personal-use overview's call: my record for this period. */
export interface MyStaffUseStatus {
  period: string;
  periodLabel: string;
  policyAcknowledged: boolean;
  privacy: { platform: string; confirmed: number; total: number; attestedAt: string }[];
  selfAudits: {
    platform: string;
    followersChecked: number;
    matches: number;
    allResolved: boolean;
    attestedAt: string;
  }[];
}

export function fetchMyStaffUse(signal?: AbortSignal): Promise<MyStaffUseStatus> {
  return api.get('/api/staff-use/me', signal ? { signal } : {});
}
