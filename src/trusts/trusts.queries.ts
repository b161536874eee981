import type { DbExecutor } from '../platform/db/database.js';
import { listTrustRows, listTrustSchoolIds } from './trusts.repository.js';

/** Every trust with the ids of its schools (the CLI's `trust list`). */
export async function listTrusts(
  db: DbExecutor,
): Promise<{ id: string; name: string; schoolIds: string[] }[]> {
  const trusts = await listTrustRows(db);
  const result = [];
  for (const trust of trusts) {
    result.push({ id: trust.id, name: trust.name, schoolIds: await listTrustSchoolIds(db, trust.id) });
  }
  return result;
}
