import { type ApiBody, type ApiResponse, api } from './client';

/** An account's live connection to its platform, and the platforms' connectors (issue 13). */
export type Connection = ApiResponse<'/api/accounts/{id}/connection'>;
export type PlatformConnector = ApiResponse<'/api/platforms'>['platforms'][number];
export type AppPasswordInput = ApiBody<'/api/accounts/{id}/connection/app-password', 'post'>;

export const fetchConnection = (id: string, signal?: AbortSignal) =>
  api.get('/api/accounts/{id}/connection', { path: { id }, signal });
export const fetchPlatforms = (signal?: AbortSignal) => api.get('/api/platforms', { signal });
export const startConnection = (id: string, baseUrl?: string) =>
  api.post('/api/accounts/{id}/connection/start', { path: { id }, json: baseUrl ? { baseUrl } : {} });
export const connectWithAppPassword = (id: string, input: AppPasswordInput) =>
  api.post('/api/accounts/{id}/connection/app-password', { path: { id }, json: input });
export const disconnectAccount = (id: string, reason: string) =>
  api.post('/api/accounts/{id}/connection/disconnect', { path: { id }, json: { reason } });
