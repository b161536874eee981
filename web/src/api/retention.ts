import { type ApiBody, type ApiResponse, api } from './client';

/** Retention (src/retention/retention.routes.ts): what is due, the rules with the school's periods, holds. */

export const retentionRoles = ['dsl', 'deputy_dsl', 'smt', 'headteacher'] as const;

export type RetentionView = ApiResponse<'/api/retention'>;
export type RetentionRule = RetentionView['rules'][number];
export type DueRecord = RetentionView['records'][number];
export type LegalHold = RetentionView['holds'][number];
export type HoldInput = ApiBody<'/api/retention/holds', 'post'>;

export const retentionKey = (days: number) => ['/api/retention', days] as const;

export function fetchRetention(days: number, signal?: AbortSignal): Promise<RetentionView> {
  return api.get('/api/retention', { query: { days }, signal });
}

export function placeHold(targetKind: HoldInput['targetKind'], targetId: string, reason: string) {
  return api.post('/api/retention/holds', { json: { targetKind, targetId, reason } });
}

export function liftHold(id: string, reason: string) {
  return api.post('/api/retention/holds/{id}/lift', { path: { id }, json: { reason } });
}

/** The school's own period for a rule; null goes back to the standard one. */
export function setRetentionPeriod(ruleId: string, amount: number | null) {
  return api.put('/api/retention/periods', { json: { ruleId, amount } });
}
