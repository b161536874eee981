import { type ApiBody, type ApiResponse, api, apiPath } from './client';

/** Subject access requests (src/sar/sar.routes.ts): list, find the person, open, read, review, release. */

export const sarRoles = ['dsl', 'deputy_dsl', 'headteacher', 'admin'] as const;

export type SubjectAccessRequest = ApiResponse<'/api/sar/{id}'>;
export type SarItem = NonNullable<SubjectAccessRequest['items']>[number];
export type SarSubjectKind = SubjectAccessRequest['subjectKind'];
export type SarListItem = ApiResponse<'/api/sar'>['requests'][number];
export type SarPerson = ApiResponse<'/api/sar/subjects'>['people'][number];
type OpenInput = ApiBody<'/api/sar', 'post'>;

export const sarKeys = {
  list: ['/api/sar'] as const,
  one: (id: string) => ['/api/sar/{id}', id] as const,
  subjects: (q: string) => ['/api/sar/subjects', q] as const,
};

export function fetchSarList(signal?: AbortSignal) {
  return api.get('/api/sar', { signal });
}

export function findSarSubjects(q: string, signal?: AbortSignal) {
  return api.get('/api/sar/subjects', { query: { q }, signal });
}

export function openSar(subjectKind: OpenInput['subjectKind'], subjectId: string, receivedOn: string) {
  return api.post('/api/sar', {
    json: { subjectKind, subjectId, ...(receivedOn ? { receivedOn } : {}) },
  });
}

export function fetchSar(id: string, signal?: AbortSignal) {
  return api.get('/api/sar/{id}', { path: { id }, signal });
}

export function reviewSar(id: string, withheld: { itemId: string; reason: string }[], note: string) {
  return api.post('/api/sar/{id}/review', {
    path: { id },
    json: { withheld, note: note.trim() || null },
  });
}

/** A plain link: the browser downloads the zip with the session cookie; the release is audited. */
export function sarExportUrl(id: string): string {
  return apiPath('/api/sar/{id}/export.zip', { id });
}
