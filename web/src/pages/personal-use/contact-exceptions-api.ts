import { api } from '../../api/client';

/** The contact exceptions page's calls (clauses 1.5, 1.6). */
export type ContactChannel = 'personal_phone' | 'personal_email';
export type ContactExceptionStatus = 'pending' | 'approved' | 'refused' | 'expired' | 'closed';

export interface ContactException {
  id: string;
  staffId: string;
  staffName: string;
  channel: ContactChannel;
  contact: string | null;
  reason: string;
  audience: string;
  from: string;
  to: string;
  status: ContactExceptionStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
  canDecide: boolean;
}

export function fetchContactExceptions(
  scope: 'mine' | 'register',
  signal?: AbortSignal,
): Promise<{ exceptions: ContactException[]; canReadRegister: boolean }> {
  return api.get('/api/contact-exceptions', { query: { scope }, ...(signal ? { signal } : {}) });
}

export function requestContactException(input: {
  channel: ContactChannel;
  reason: string;
  audience: string;
  from: string;
  to: string;
  contact?: string;
}): Promise<ContactException> {
  return api.post('/api/contact-exceptions', { json: input });
}

export function decideContactException(
  id: string,
  input: { decision: 'approved' | 'refused'; reason: string },
): Promise<ContactException> {
  return api.post('/api/contact-exceptions/{id}/decision', { path: { id }, json: input });
}
