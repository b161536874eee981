import { api } from './client';

/** Subject access requests (src/sar/sar.routes.ts): open, read, review (DSL and deputy), release. */

export const sarRoles = ['dsl', 'deputy_dsl', 'headteacher', 'admin'] as const;
export type SarSubjectKind = 'pupil' | 'carer' | 'staff';

export interface SarItem {
  id: string;
  section: string;
  title: string;
  safeguarding: boolean;
  fields: Record<string, string | number | boolean | null>;
}

export interface SubjectAccessRequest {
  id: string;
  subjectKind: SarSubjectKind;
  subjectId: string;
  subject: { kind: string; id: string; name: string } | null;
  receivedOn: string;
  dueOn: string;
  status: 'awaiting_review' | 'reviewed' | 'released';
  withheld: { itemId: string; reason: string }[];
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  releasedAt: string | null;
  items: SarItem[] | null;
}

export function openSar(subjectKind: SarSubjectKind, subjectId: string, receivedOn: string) {
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
  return `/api/sar/${encodeURIComponent(id)}/export.zip`;
}
