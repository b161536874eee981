import type { DbExecutor } from '../platform/db/database.js';

export async function currentPolicyHash(db: DbExecutor, schoolId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('policy_versions')
    .select('document_hash')
    .where('school_id', '=', schoolId)
    .where('is_current', '=', true)
    .executeTakeFirst();
  return row?.document_hash;
}
