import { type ApiBody, type ApiResponse, api } from '../../api/client';

/** The privacy settings page's calls (clause 1.4). */
export type PrivacyChecklists = ApiResponse<'/api/privacy-checklists'>;
export type PrivacyChecklist = PrivacyChecklists['platforms'][number];
export type PrivacyAttestation = ApiResponse<'/api/privacy-attestations', 'post'>;

export const privacyChecklistsKey = ['/api/privacy-checklists'] as const;

export function fetchPrivacyChecklists(signal?: AbortSignal): Promise<PrivacyChecklists> {
  return api.get('/api/privacy-checklists', signal ? { signal } : {});
}

export function attestPrivacy(
  input: ApiBody<'/api/privacy-attestations', 'post'>,
): Promise<PrivacyAttestation> {
  return api.post('/api/privacy-attestations', { json: input });
}
