import type { RosterInput } from '../checks/engine/roster-index.js';
import type { PupilConsent } from '../checks/engine/types.js';
import { parseSimpleRosterText, simpleRosterColumns } from '../people/roster-parse.js';

/** The documented simple roster CSV's columns; `consent` is optional. */
export const rosterColumns = simpleRosterColumns;

export interface RosterFile {
  roster: RosterInput;
  /** Photo / social-media consent per pupil external id, from the optional `consent` column. */
  consents: Map<string, PupilConsent>;
}

/**
 * The simple roster CSV (with an optional `consent` column such as `photo:granted` or
 * `photo:granted:2026-08-31`) shaped for the check engine. The one parser lives in `people/`; any problem
 * rejects the whole file with `RosterFileInvalid`, one `file:line:column` line per problem.
 */
export function parseRosterFile(text: string, file = 'roster.csv'): RosterFile {
  // Stateless checks ignore staff rows, so a staff row without an email is no problem here.
  const parsed = parseSimpleRosterText(text, file, { staffEmailRequired: false });
  const consents = new Map<string, PupilConsent>();
  for (const p of parsed.pupils) if (p.consent) consents.set(p.externalId, p.consent);
  return {
    roster: {
      pupils: parsed.pupils.map((p) => ({
        id: p.externalId,
        givenName: p.givenName,
        familyName: p.familyName,
        status: p.status,
        ...(p.preferredName ? { preferredName: p.preferredName } : {}),
        ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
        ...(p.leftOn ? { leftOn: p.leftOn } : {}),
      })),
      carers: parsed.carers.map((c) => ({
        id: c.externalId,
        givenName: c.givenName,
        familyName: c.familyName,
        pupilIds: c.links.map((l) => l.pupilExternalId),
      })),
      staff: parsed.staff.map((m) => ({ givenName: m.givenName, familyName: m.familyName })),
    },
    consents,
  };
}
