import { findPeopleByName, type PersonMatch } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { requireSarHandler } from './sar-views.js';

/**
 * The person picker of a new request: pupils (current or left), carers and staff of the school whose names
 * start with the words typed, through the people domain's name search. Names only; not audited.
 */
export async function findRequestSubjects(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; q: string },
): Promise<PersonMatch[]> {
  requireSarHandler(actor, input.schoolId);
  return findPeopleByName(db, input.schoolId, input.q, 10);
}
