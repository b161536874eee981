import { type ApiBody, type ApiResponse, api } from '../../api/client';

/** Shapes of src/trusts/trusts.routes.ts, one function per endpoint. */
export type TrustDashboard = ApiResponse<'/api/trusts/{id}/dashboard'>;
export type TrustCell = TrustDashboard['schools'][number]['cells'][number];
export type TrustTemplates = ApiResponse<'/api/trusts/{id}/templates'>;
export type PublishTemplateInput = ApiBody<'/api/trusts/{id}/templates', 'post'>;

export const fetchTrustDashboard = (id: string, signal?: AbortSignal) =>
  api.get('/api/trusts/{id}/dashboard', { path: { id }, signal });

export const fetchTrustTemplates = (id: string, signal?: AbortSignal) =>
  api.get('/api/trusts/{id}/templates', { path: { id }, signal });

export const publishTrustTemplate = (id: string, json: PublishTemplateInput) =>
  api.post('/api/trusts/{id}/templates', { path: { id }, json });

export type SchoolTemplates = ApiResponse<'/api/trust-templates'>;
export type AdoptTemplateInput = ApiBody<'/api/trust-templates/{id}/adopt', 'post'>;

export const fetchSchoolTemplates = (signal?: AbortSignal) => api.get('/api/trust-templates', { signal });

export const adoptTemplate = (id: string, json: AdoptTemplateInput) =>
  api.post('/api/trust-templates/{id}/adopt', { path: { id }, json });
