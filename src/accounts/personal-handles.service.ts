import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { parseOrInvalid } from '../schools/schools.service.js';
import { deletePersonalHandle, insertPersonalHandle, personalHandlesOf } from './accounts.repository.js';
import { identityFromHandle, identityFromUrl, identityOf } from './identity.js';
import { type PlatformId, platformIds } from './platforms.js';

/**
 * Personal accounts a member of staff declares privately (clause 2.1), so that none is ever registered as
 * an educational account. Only the member of staff sees their own list; the register's check says only
 * "this is declared as personal". The handle is not written to the audit log.
 */
export const personalHandleSchema = z
  .object({
    platform: z.enum(platformIds),
    value: z.string().trim().min(1).max(2000),
  })
  .strict();

export interface PersonalHandleView {
  id: string;
  platform: PlatformId;
  value: string;
  createdAt: string;
}

function requireSelf(actor: Actor, schoolId: string): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || actor.schoolId !== schoolId)
    throw forbidden(
      'PersonalHandlesForbidden',
      'personal handles are declared by the member of staff themselves',
    );
  return actor;
}

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

export async function declarePersonalHandle(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  clock: Clock,
): Promise<PersonalHandleView> {
  const self = requireSelf(actor, schoolId);
  const data = parseOrInvalid(personalHandleSchema, input, 'InvalidPersonalHandle');
  const looksLikeAddress = /^[a-z][a-z0-9+.-]*:\/\//i.test(data.value) || data.value.includes('/');
  const identity = looksLikeAddress
    ? identityOf(data.platform, { profileUrl: data.value })
    : data.platform === 'other'
      ? identityFromUrl(data.value)
      : identityFromHandle(data.platform, data.value);
  if (!identity.ok) throw invalid('InvalidPersonalHandle', identity.problem);
  return db.transaction().execute(async (tx) => {
    const row = await insertPersonalHandle(tx, {
      schoolId,
      staffId: self.staffId,
      platform: data.platform,
      value: data.value,
      identityKey: identity.identity.key,
    });
    if (!row) throw invalid('PersonalHandleExists', 'you have already declared this account');
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'account.personal_handle_declared',
        subject: { type: 'staff', id: self.staffId },
        data: { platform: data.platform },
      },
    });
    return { id: row.id, platform: data.platform, value: row.value, createdAt: row.created_at.toISOString() };
  });
}

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
