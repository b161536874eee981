import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { searchPupilRows } from './people.repository.js';
import { type PupilSearchResult, pupilSearchPageSize, schoolOf } from './people-views.js';

/** Finds pupils by name (given, preferred or family, each word a prefix) and year, a page at a time. */
export async function searchPupils(
  db: DbExecutor,
  actor: Actor,
  input: {
    schoolId: string;
    q?: string;
    year?: number;
    status?: 'current' | 'left' | 'all';
    offset?: number;
  },
): Promise<PupilSearchResult> {
  const schoolId = schoolOf(actor, input.schoolId);
  const words = (input.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const status = input.status === 'all' ? undefined : (input.status ?? 'current');
  const offset = Math.max(0, input.offset ?? 0);
  const { rows, total } = await searchPupilRows(db, schoolId, {
    words,
    ...(input.year === undefined ? {} : { year: input.year }),
    ...(status ? { status } : {}),
    limit: pupilSearchPageSize,
    offset,
  });
  return {
    pupils: rows.map((p) => ({
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      preferredName: p.preferred_name,
      yearGroup: p.year_group,
      status: p.status,
    })),
    total,
    offset,
    pageSize: pupilSearchPageSize,
  };
}
