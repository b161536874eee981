import type { HashMatch } from '../../../../src/staff-use/follower-keys';
import { api } from '../../api/client';

/** The follower check's calls: a key, the hashes' answers, the attestation. No follower ever goes here. */
export function startSelfAudit(): Promise<{ id: string; key: string; expiresAt: string }> {
  return api.post('/api/self-audit/sessions');
}

export function matchHashes(
  id: string,
  hashes: string[],
): Promise<{ matches: { hash: string; matches: HashMatch[] }[] }> {
  return api.post(`/api/self-audit/sessions/${encodeURIComponent(id)}/match`, { json: { hashes } });
}

export function attestSelfAudit(input: {
  platform: string;
  followersChecked: number;
  matches: number;
  allResolved: boolean;
}): Promise<{ id: string; period: string; attestedAt: string }> {
  return api.post('/api/self-audit/attestations', { json: input });
}
