import { rosterPupils } from '../people/people.queries.js';
import type { DbExecutor } from '../platform/db/database.js';

/**
 * Names for the archive and takedown views, which store ids only: the pupil (name and initials) and the
 * account (platform and handle). Read when a view is built, so a corrected spelling shows everywhere.
 */

export { accountLabels } from '../accounts/accounts.queries.js';

export interface PupilLabel {
  name: string;
  initials: string;
}

export async function pupilLabels(
  db: DbExecutor,
  schoolId: string,
  ids: readonly string[],
): Promise<Map<string, PupilLabel>> {
  const pupils = await rosterPupils(db, schoolId, ids);
  return new Map(
    [...pupils.values()].map((p) => {
      const given = p.preferredName ?? p.givenName;
      return [
        p.id,
        {
          name: `${given} ${p.familyName}`,
          initials: `${given.slice(0, 1)}${p.familyName.slice(0, 1)}`.toUpperCase(),
        },
      ];
    }),
  );
}
