import { randomBytes } from 'node:crypto';
import type { DbExecutor } from '../platform/db/database.js';

/** Test factory: a school (generated name and domain unless given). Returns its id. */
export async function buildSchool(
  db: DbExecutor,
  input: { name?: string; officialEmailDomains?: string[]; website?: string | null } = {},
): Promise<string> {
  const key = randomBytes(3).toString('hex');
  const row = await db
    .insertInto('schools')
    .values({
      name: input.name ?? `Test School ${key}`,
      official_email_domains: input.officialEmailDomains ?? [`school-${key}.example`],
      ...(input.website !== undefined ? { website: input.website } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
