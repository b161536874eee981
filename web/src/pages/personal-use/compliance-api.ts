import { api } from '../../api/client';

/** The staff compliance page's calls (SMT, the headteacher, admins). */
export interface StaffCompliance {
  period: string;
  periodLabel: string;
  total: number;
  percentages: { policyAcknowledged: number; privacyAttested: number; selfAudited: number };
  staff: {
    staffId: string;
    name: string;
    policyAcknowledged: boolean;
    privacyPlatforms: number;
    selfAudited: boolean;
  }[];
}

export function fetchStaffCompliance(signal?: AbortSignal): Promise<StaffCompliance> {
  return api.get('/api/staff-compliance', signal ? { signal } : {});
}

export function fetchStaffUseSettings(signal?: AbortSignal): Promise<{ attestationPeriod: 'term' | 'year' }> {
  return api.get('/api/staff-use/settings', signal ? { signal } : {});
}

export function saveStaffUseSettings(input: {
  attestationPeriod: 'term' | 'year';
}): Promise<{ attestationPeriod: 'term' | 'year' }> {
  return api.put('/api/staff-use/settings', { json: input });
}
