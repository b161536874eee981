import { type ApiQuery, type ApiResponse, api, apiPath } from './client';

/**
 * The publication archive and the takedown tasks of the retroactive re-check, as src/posts/posts.routes.ts
 * describes them: archive search, one record and its PDF (SMT, the headteacher and admins); takedown tasks
 * (the account's owners and SMT) and marking one removed.
 */

export const archiveReaderRoles = ['smt', 'headteacher', 'admin'] as const;

export type ArchiveRecord = ApiResponse<'/api/archive/posts/{id}'>;
export type ArchivedPupil = ArchiveRecord['taggedPupils'][number];
export type ArchivedApproval = ArchiveRecord['approvals'][number];
/** A stored finding: the server keeps the clause number but not always its title. */
export type ArchivedFinding = ArchiveRecord['findings'][number];
export type ArchiveFilters = ApiQuery<'/api/archive/posts'>;

export function searchArchive(filters: ArchiveFilters, signal?: AbortSignal) {
  return api.get('/api/archive/posts', { query: { ...filters }, signal });
}

export function fetchArchiveRecord(id: string, signal?: AbortSignal) {
  return api.get('/api/archive/posts/{id}', { path: { id }, signal });
}

export function archivePdfUrl(id: string): string {
  return apiPath('/api/archive/posts/{id}/record.pdf', { id });
}

export const takedownReasonLabels: Record<string, string> = {
  withdrawn: 'Consent withdrawn',
  refused: 'Consent refused',
  expired: 'Consent expired',
  pupil_left: 'Pupil left the school',
};

export type TakedownTask = ApiResponse<'/api/takedowns'>[number];

export function fetchTakedowns(open: boolean | undefined, signal?: AbortSignal) {
  return api.get('/api/takedowns', {
    query: { open: open === undefined ? undefined : open ? 'true' : 'false' },
    signal,
  });
}

export function markTakedownRemoved(id: string, note: string) {
  return api.post('/api/takedowns/{id}/removed', {
    path: { id },
    json: note.trim() ? { note: note.trim() } : {},
  });
}
