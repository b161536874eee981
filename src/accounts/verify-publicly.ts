import { formatUkDate, todayIn } from '../platform/calendar/dates.js';
import { SCHOOL_TIME_ZONE } from '../platform/clock.js';
import type { DbExecutor } from '../platform/db/database.js';
import { getSchool } from '../schools/schools.queries.js';
import { findApprovedByIdentities } from './accounts.repository.js';
import { verificationCandidates } from './identity.js';
import { type PlatformId, platforms } from './platforms.js';

export interface PublicVerification {
  school: { id: string; name: string };
  official: boolean;
  message: string;
  matches: {
    platform: string;
    platformName: string;
    account: string;
    profileUrl: string | null;
    purpose: string;
    approvedOn: string;
    /** Who runs it, as a role in words ("a member of the senior leadership team"): never a name. */
    runBy: string;
  }[];
}

/** The owner's most senior role in words, for the public page. */
export function runByWords(roles: readonly string[] | null | undefined): string {
  if (roles?.includes('headteacher')) return 'the headteacher';
  if (roles?.includes('smt')) return 'a member of the senior leadership team';
  if (roles?.includes('manager')) return 'a head of department or manager';
  return 'a member of staff';
}

/**
 * What anyone may learn about an account: whether it is an approved official account of the school, when
 * it was approved and what for. Never who runs it, and nothing about accounts that are not approved now
 * (drafts, rejected, suspended, retired all read "no approved account matches").
 */
export async function verifyPublicly(
  db: DbExecutor,
  schoolId: string,
  query: string,
): Promise<PublicVerification> {
  const school = await getSchool(db, schoolId);
  const keys = verificationCandidates(query);
  const rows = await findApprovedByIdentities(db, schoolId, keys);
  const matches = rows.map((r) => ({
    platform: r.platform,
    platformName: platforms[r.platform as PlatformId]?.name ?? r.platform,
    account: r.handle ?? r.profile_url ?? '',
    profileUrl: r.profile_url,
    purpose: r.purpose,
    approvedOn: r.approved_at ? todayIn(SCHOOL_TIME_ZONE, r.approved_at) : '',
    runBy: runByWords(r.owner_roles),
  }));
  const first = matches[0];
  const message = first
    ? `An official ${school.name} account on ${first.platformName}, approved on ${formatUkDate(first.approvedOn)}, for ${first.purpose}`
    : `No approved account of ${school.name} matches`;
  return { school: { id: school.id, name: school.name }, official: matches.length > 0, message, matches };
}
