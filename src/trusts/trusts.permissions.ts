import type { TrustRole } from '../platform/auth/roles.js';

/**
 * What each trust role may do across its trust's schools. Pure: the roles held in the trust in, a yes or no
 * out. No trust role opens a school's own pages: those follow the person's roles in that school.
 */

/** Every trust role compares its schools side by side (counts only). */
export function canReadTrustDashboard(held: readonly TrustRole[]): boolean {
  return held.length > 0;
}

/** Safeguarding figures (concerns acknowledged late), even as counts: the safeguarding lead and the executive. */
export function canSeeTrustSafeguardingFigures(held: readonly TrustRole[]): boolean {
  return held.includes('trust_safeguarding_lead') || held.includes('trust_executive');
}

/** Publishing a policy template to the schools: the trust admin and the trust safeguarding lead. */
export function canPublishTrustTemplate(held: readonly TrustRole[]): boolean {
  return held.includes('trust_admin') || held.includes('trust_safeguarding_lead');
}

/** Reading the templates and which school is on which version: every trust role. */
export function canReadTrustTemplates(held: readonly TrustRole[]): boolean {
  return held.length > 0;
}

/**
 * Running the trust: creating schools in it and granting or revoking trust roles. The trust admin only; the
 * safeguarding lead and the executive read and compare, they do not change who is in the trust.
 */
export function canAdministerTrust(held: readonly TrustRole[]): boolean {
  return held.includes('trust_admin');
}
