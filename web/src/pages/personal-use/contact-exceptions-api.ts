import { type ApiBody, type ApiResponse, api } from '../../api/client';

/** The contact exceptions page's calls (clauses 1.5, 1.6); the types are the API document's. */
export type ContactExceptions = ApiResponse<'/api/contact-exceptions'>;
export type ContactException = ContactExceptions['exceptions'][number];
export type ContactChannel = ContactException['channel'];
export type ContactExceptionStatus = ContactException['status'];
export type ContactExceptionRequest = ApiBody<'/api/contact-exceptions', 'post'>;
export type ContactExceptionDecision = ApiBody<'/api/contact-exceptions/{id}/decision', 'post'>;

export function fetchContactExceptions(
  scope: 'mine' | 'register',
  signal?: AbortSignal,
): Promise<ContactExceptions> {
  return api.get('/api/contact-exceptions', { query: { scope }, ...(signal ? { signal } : {}) });
}

export function requestContactException(input: ContactExceptionRequest): Promise<ContactException> {
  return api.post('/api/contact-exceptions', { json: input });
}

export function decideContactException(
  id: string,
  input: ContactExceptionDecision,
): Promise<ContactException> {
  return api.post('/api/contact-exceptions/{id}/decision', { path: { id }, json: input });
}
