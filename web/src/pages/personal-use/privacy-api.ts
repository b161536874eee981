import { api } from '../../api/client';

/** The privacy settings page's calls (clause 1.4). */
export interface PrivacyChecklist {
  id: string;
  name: string;
  settings: { id: string; title: string; how: string }[];
}

export function fetchPrivacyChecklists(
  signal?: AbortSignal,
): Promise<{ version: string; note: string; platforms: PrivacyChecklist[] }> {
  return api.get('/api/privacy-checklists', signal ? { signal } : {});
}

export function attestPrivacy(input: {
  platform: string;
  confirmed: string[];
}): Promise<{ platform: string; period: string; confirmed: number; total: number; attestedAt: string }> {
  return api.post('/api/privacy-attestations', { json: input });
}
