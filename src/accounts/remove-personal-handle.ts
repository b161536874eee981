import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { deletePersonalHandle } from './accounts.repository.js';
import { requireSelf } from './personal-handles.js';

export async function removePersonalHandle(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
  clock: Clock,
): Promise<void> {
  const self = requireSelf(actor, schoolId);
  if (!z.uuid().safeParse(id).success) throw notFound('PersonalHandleNotFound', 'no such declared account');
  await db.transaction().execute(async (tx) => {
    const removed = await deletePersonalHandle(tx, schoolId, self.staffId, id);
    if (!removed) throw notFound('PersonalHandleNotFound', 'no such declared account');
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'account.personal_handle_removed',
        subject: { type: 'staff', id: self.staffId },
        data: { platform: removed.platform },
      },
    });
  });
}
