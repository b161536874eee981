import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { personalHandlesOf } from './accounts.repository.js';
import { type PersonalHandleView, requireSelf } from './personal-handles.js';
import type { PlatformId } from './platforms.js';

export async function listPersonalHandles(
  db: Db,
  actor: Actor,
  schoolId: string,
): Promise<PersonalHandleView[]> {
  const self = requireSelf(actor, schoolId);
  const rows = await personalHandlesOf(db, schoolId, self.staffId);
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform as PlatformId,
    value: r.value,
    createdAt: r.created_at.toISOString(),
  }));
}
