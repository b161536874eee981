import type { HashMatch } from '../../../../src/staff-use/follower-keys';
import type { ApiBody } from '../../api/client';
import { api } from '../../api/client';

/** The follower check's calls: a key, the hashes' answers, the attestation. No follower ever goes here. */
export function startSelfAudit(): Promise<{ id: string; key: string; expiresAt: string }> {
  return api.post('/api/self-audit/sessions');
}

export function matchHashes(
  id: string,
  hashes: string[],
): Promise<{ matches: { hash: string; matches: HashMatch[] }[] }> {
  return api.post('/api/self-audit/sessions/{id}/match', { path: { id }, json: { hashes } });
}

export function attestSelfAudit(
  input: ApiBody<'/api/self-audit/attestations', 'post'>,
): Promise<{ id: string; period: string; attestedAt: string }> {
  return api.post('/api/self-audit/attestations', { json: input });
}
