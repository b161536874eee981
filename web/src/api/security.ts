import { type ApiResponse, api } from './client';

/** The person's own sign-in security: authenticator app enrolment and their sessions (auth.routes.ts). */

export type TotpEnrolmentStart = ApiResponse<'/api/me/totp', 'post'>;

/** A new secret, live only once confirmed; replaces a pending one. */
export function startTotpEnrolment() {
  return api.post('/api/me/totp');
}

/** Confirms the app with a code; the answer carries ten single-use recovery codes, shown this once. */
export function confirmTotpEnrolment(code: string) {
  return api.post('/api/me/totp/confirm', { json: { code } });
}

/** Ends every session of this person, this one included. */
export function signOutEverywhere() {
  return api.delete('/api/sessions', { expectUnauthenticated: true });
}
