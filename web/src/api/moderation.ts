import { type ApiQuery, type ApiResponse, api } from './client';

/** The comment moderation queue: the types are those of the API's own document (schema.gen.ts). */
export type ModerationItem = ApiResponse<'/api/moderation/items'>['items'][number];
export type ModerationFinding = ModerationItem['findings'][number];
export type ModerationAction = ModerationItem['actions'][number];
export type ItemState = ModerationItem['state'];
export type ItemFilters = Pick<
  ApiQuery<'/api/moderation/items'>,
  'id' | 'accountId' | 'state' | 'verdict' | 'clause'
>;

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
