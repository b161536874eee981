import { type ApiBody, type ApiResponse, api } from './client';

/** The check engine (src/checks/checks.routes.ts): nothing sent here is stored. */

export type CheckResult = ApiResponse<'/api/checks', 'post'>;
export type Finding = CheckResult['findings'][number];
export type FindingSeverity = Finding['severity'];
export type Verdict = CheckResult['verdict'];
export type SubjectKind = 'post' | 'comment' | 'profile' | 'reply';

/**
 * What the check takes: a request, not a response (the route reads JSON or a multipart `subject` part, which
 * the OpenAPI document cannot describe, so this input shape is written here; the server validates it).
 */
export interface CheckSubject {
  kind: SubjectKind;
  text?: string;
  taggedPupils?: string[];
  noIdentifiablePupils?: boolean;
}

/** JSON for text alone; multipart (a `subject` field and `images` files) when there are photos. */
export function runCheck(
  subject: CheckSubject,
  images: readonly File[],
  signal?: AbortSignal,
): Promise<CheckResult> {
  if (images.length === 0) return api.post('/api/checks', { json: subject, signal });
  const form = new FormData();
  form.append('subject', JSON.stringify(subject));
  for (const image of images) form.append('images', image, image.name);
  return api.post('/api/checks', { form, signal });
}

export type PupilMatch = ApiResponse<'/api/people/pupils'>['pupils'][number];

// Settings ----------------------------------------------------------------------------------------

export type CheckSettings = ApiResponse<'/api/checks/settings'>;
export type SeverityOverride = NonNullable<CheckSettings['severityOverrides']>[keyof NonNullable<
  CheckSettings['severityOverrides']
>];
export type BlockListState = CheckSettings['blockLists'][number];
export type CheckSettingsInput = ApiBody<'/api/checks/settings', 'put'>;

export function fetchBlockListState(signal?: AbortSignal) {
  return api.get('/api/checks/block-lists', { signal });
}

export function fetchCheckSettings(signal?: AbortSignal) {
  return api.get('/api/checks/settings', { signal });
}

export function saveCheckSettings(settings: CheckSettingsInput) {
  return api.put('/api/checks/settings', { json: settings });
}

export type CheckRule = ApiResponse<'/api/check-rules'>['rules'][number];

/** The engine's rules with their clauses and default severities, served by the API (never copied here). */
export function fetchCheckRules(signal?: AbortSignal) {
  return api.get('/api/check-rules', { signal });
}
