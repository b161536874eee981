import { api } from './client';

/** The comment moderation queue, as src/moderation/moderation.routes.ts describes it. */

export const moderatorRoles = ['manager', 'smt', 'headteacher', 'dsl', 'deputy_dsl'] as const;

export type ModerationAction =
  | 'hide'
  | 'unhide'
  | 'delete'
  | 'report'
  | 'block'
  | 'limit_replies'
  | 'dismiss'
  | 'confirm';

export type ItemState =
  | 'open'
  | 'hidden_pending_confirmation'
  | 'actioned'
  | 'dismissed'
  | 'removed_on_platform';

export interface ModerationFinding {
  rule: string;
  clause: string;
  severity: 'block' | 'review' | 'advice';
  message: string;
  excerpt: string | null;
}

export interface ModerationItem {
  id: string;
  accountId: string;
  accountLabel: string;
  platform: string;
  demo: boolean;
  verdict: string;
  state: ItemState;
  hidden: boolean;
  disclosure: boolean;
  concernDraft: string | null;
  text: string | null;
  authorHandle: string | null;
  authorDisplayName: string | null;
  url: string | null;
  context: { authorHandle: string; text: string }[];
  sha256: string | null;
  findings: ModerationFinding[];
  clauses: string[];
  actions: ModerationAction[];
  arrivedAt: string;
  receivedAt: string;
  actionedAt: string | null;
  escalatedAt: string | null;
}

export interface ItemFilters {
  state?: ItemState | undefined;
  verdict?: 'block' | 'review' | undefined;
  clause?: string | undefined;
}

export async function fetchModerationItems(
  filters: ItemFilters,
  signal?: AbortSignal,
): Promise<ModerationItem[]> {
  const body = await api.get('/api/moderation/items', {
    query: { ...filters },
    signal,
  });
  return body.items;
}

export function actOnComment(id: string, action: ModerationAction, reason: string | null) {
  return api.post('/api/moderation/items/{id}/actions', { path: { id }, json: { action, reason } });
}

export function fileDisclosure(id: string, urgency: 'urgent' | 'routine') {
  return api.post('/api/moderation/items/{id}/concern', { path: { id }, json: { urgency } });
}
