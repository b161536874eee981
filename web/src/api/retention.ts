import { api } from './client';

/** Retention (src/retention/retention.routes.ts): what is due, the rules behind it, and legal holds. */

export const retentionRoles = ['dsl', 'deputy_dsl', 'smt', 'headteacher'] as const;

export interface RetentionRule {
  id: string;
  kind: string;
  label: string;
  keptFor: string;
  legalBasis: string;
  action: 'destroy' | 'keep';
  holdable: boolean;
}

export interface DueRecord {
  kind: 'concern' | 'consent' | 'post_archive';
  id: string;
  ruleId: string;
  dueOn: string;
  held: boolean;
  open: boolean;
  label: string;
  holdIds: string[];
}

export interface LegalHold {
  id: string;
  targetKind: string;
  targetId: string;
  reason: string;
  placedAt: string;
  placedBy: string | null;
}

export interface RetentionView {
  days: number;
  until: string;
  rules: RetentionRule[];
  records: DueRecord[];
  counts: { ruleId: string; kind: string; due: number; held: number }[];
  holds: LegalHold[];
  concernsHidden: boolean;
}

export function fetchRetention(days: number, signal?: AbortSignal): Promise<RetentionView> {
  return api.get('/api/retention', { query: { days }, signal });
}

export function placeHold(
  targetKind: 'pupil' | 'concern' | 'post_archive',
  targetId: string,
  reason: string,
) {
  return api.post('/api/retention/holds', { json: { targetKind, targetId, reason } });
}

export function liftHold(id: string, reason: string) {
  return api.post('/api/retention/holds/{id}/lift', { path: { id }, json: { reason } });
}
