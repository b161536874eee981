import { api } from './client';

/** The person's own sign-in security: authenticator app enrolment and their sessions (auth.routes.ts). */

export interface TotpEnrolmentStart {
  secret: string;
  otpauthUri: string;
}

/** A new secret, live only once confirmed; replaces a pending one. */
export function startTotpEnrolment(): Promise<TotpEnrolmentStart> {
  return api.post<TotpEnrolmentStart>('/api/me/totp');
}

/** Confirms the app with a code; the answer carries ten single-use recovery codes, shown this once. */
export function confirmTotpEnrolment(code: string): Promise<{ recoveryCodes: string[] }> {
  return api.post<{ recoveryCodes: string[] }>('/api/me/totp/confirm', { json: { code } });
}

/** Ends every session of this person, this one included. */
export function signOutEverywhere(): Promise<{ revoked: number }> {
  return api.delete<{ revoked: number }>('/api/sessions', { expectUnauthenticated: true });
}
