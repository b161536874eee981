import { type ApiBody, type ApiResponse, api } from './client';

/** The trust admin's endpoints (src/trusts/trusts.routes.ts): the trust's schools and its people. */
export type TrustSchools = ApiResponse<'/api/trusts/{id}/schools'>;
export type NewTrustSchool = ApiBody<'/api/trusts/{id}/schools', 'post'>;
export type TrustPeople = ApiResponse<'/api/trusts/{id}/people'>;
export type TrustRole = TrustPeople['people'][number]['roles'][number];
export type GrantTrustRoles = ApiBody<'/api/trusts/{id}/people/grant', 'post'>;
export type RevokeTrustRole = ApiBody<'/api/trusts/{id}/people/revoke', 'post'>;

export const fetchTrustSchools = (id: string, signal?: AbortSignal) =>
  api.get('/api/trusts/{id}/schools', { path: { id }, signal });

export const createTrustSchool = (id: string, json: NewTrustSchool) =>
  api.post('/api/trusts/{id}/schools', { path: { id }, json });

export const fetchTrustPeople = (id: string, signal?: AbortSignal) =>
  api.get('/api/trusts/{id}/people', { path: { id }, signal });

export const grantTrustRoles = (id: string, json: GrantTrustRoles) =>
  api.post('/api/trusts/{id}/people/grant', { path: { id }, json });

export const revokeTrustRole = (id: string, json: RevokeTrustRole) =>
  api.post('/api/trusts/{id}/people/revoke', { path: { id }, json });
