import type { Finding, Verdict } from './checks';
import { api } from './client';

/**
 * The publication archive and the takedown tasks of the retroactive re-check, as src/posts/posts.routes.ts
 * describes them: archive search, one record and its PDF (SMT, the headteacher and admins); takedown tasks
 * (the account's owners and SMT) and marking one removed.
 */

export const archiveReaderRoles = ['smt', 'headteacher', 'admin'] as const;

export interface ArchivedPupil {
  pupilId: string;
  name: string | null;
  /** Social media consent when the post went out. */
  consentState: string;
  expiresOn: string | null;
}

export interface ArchivedApproval {
  approverStaffId: string;
  approverName: string;
  reason: string;
  verdict: Verdict;
  at: string;
}

/** A stored finding: the server keeps the clause number but not its title. */
export type ArchivedFinding = Omit<Finding, 'clauseTitle'> & { clauseTitle?: string };

export interface ArchiveRecord {
  id: string;
  postId: string;
  accountId: string;
  account: { platform: string; handle: string };
  authorStaffId: string;
  publishedBy: { staffId: string; name: string };
  publishedAt: string;
  publishedUrl: string;
  text: string;
  links: string[];
  photos: { sha256: string; thumbnail: string }[];
  taggedPupils: ArchivedPupil[];
  noIdentifiablePupils: boolean;
  verdict: Verdict;
  findings: ArchivedFinding[];
  approvals: ArchivedApproval[];
}

export interface ArchiveFilters {
  accountId?: string | undefined;
  pupilId?: string | undefined;
  rule?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function searchArchive(filters: ArchiveFilters, signal?: AbortSignal): Promise<ArchiveRecord[]> {
  return api.get<ArchiveRecord[]>('/api/archive/posts', { query: { ...filters }, signal });
}

export function fetchArchiveRecord(id: string, signal?: AbortSignal): Promise<ArchiveRecord> {
  return api.get<ArchiveRecord>(`/api/archive/posts/${encodeURIComponent(id)}`, { signal });
}

export function archivePdfUrl(id: string): string {
  return `/api/archive/posts/${encodeURIComponent(id)}/record.pdf`;
}

export type TakedownReason = 'withdrawn' | 'refused' | 'expired' | 'pupil_left';

export const takedownReasonLabels: Record<string, string> = {
  withdrawn: 'Consent withdrawn',
  refused: 'Consent refused',
  expired: 'Consent expired',
  pupil_left: 'Pupil left the school',
};

export interface TakedownTask {
  id: string;
  archiveId: string;
  accountId: string;
  accountHandle: string;
  publishedUrl: string;
  pupilId: string;
  pupilName: string;
  pupilInitials: string;
  reason: string;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  removedAt: string | null;
  removedBy: string | null;
  note: string | null;
}

export function fetchTakedowns(open: boolean | undefined, signal?: AbortSignal): Promise<TakedownTask[]> {
  return api.get<TakedownTask[]>('/api/takedowns', {
    query: { open: open === undefined ? undefined : String(open) },
    signal,
  });
}

export function markTakedownRemoved(id: string, note: string): Promise<{ id: string; removedAt: string }> {
  return api.post(`/api/takedowns/${encodeURIComponent(id)}/removed`, {
    json: note.trim() ? { note: note.trim() } : {},
  });
}
