import type { DbExecutor } from '../platform/db/database.js';

/**
 * Names for the archive and takedown views, which store ids only: the pupil (name and initials) and the
 * account (platform and handle). Read when a view is built, so a corrected spelling shows everywhere.
 */

export interface PupilLabel {
  name: string;
  initials: string;
}

export async function pupilLabels(
  db: DbExecutor,
  schoolId: string,
  ids: readonly string[],
): Promise<Map<string, PupilLabel>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name', 'preferred_name'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => {
      const given = r.preferred_name ?? r.given_name;
      return [
        r.id,
        {
          name: `${given} ${r.family_name}`,
          initials: `${given.slice(0, 1)}${r.family_name.slice(0, 1)}`.toUpperCase(),
        },
      ];
    }),
  );
}

export async function accountLabels(
  db: DbExecutor,
  ids: readonly string[],
): Promise<Map<string, { platform: string; handle: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'platform', 'handle', 'profile_url', 'identity_key'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  // A website has no handle: its address stands in.
  return new Map(
    rows.map((r) => [r.id, { platform: r.platform, handle: r.handle ?? r.profile_url ?? r.identity_key }]),
  );
}
