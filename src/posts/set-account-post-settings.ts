import { findAccountForPosting } from '../accounts/accounts.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { parseInput, requireStaff, requiresApproval, uuid } from './post-access.js';
import { postSettingsSchema } from './post-inputs.js';
import { canManagePostSettings } from './posts.permissions.js';
import { upsertPostSettings } from './posts.repository.js';

export async function getAccountPostSettings(db: Db, actor: Actor, schoolId: string, accountId: string) {
  requireStaff(actor, schoolId);
  const account = uuid.safeParse(accountId).success
    ? await findAccountForPosting(db, schoolId, accountId)
    : undefined;
  if (!account) throw notFound('AccountNotFound', 'no such account on the register');
  return { accountId: account.id, requiresApproval: await requiresApproval(db, account.id) };
}

/** SMT, the headteacher or an admin decide whether every post on an account needs approval. */
export async function setAccountPostSettings(
  db: Db,
  actor: Actor,
  input: { schoolId: string; accountId: string; body: unknown },
  clock: Clock,
): Promise<{ accountId: string; requiresApproval: boolean }> {
  if (!canManagePostSettings(actor, input.schoolId) || actor.kind !== 'staff')
    throw forbidden('PostSettingsForbidden', 'posting rules are set by SMT, the headteacher or an admin');
  const { requiresApproval: wanted } = parseInput(postSettingsSchema, input.body);
  return db.transaction().execute(async (tx) => {
    const account = uuid.safeParse(input.accountId).success
      ? await findAccountForPosting(tx, input.schoolId, input.accountId)
      : undefined;
    if (!account) throw notFound('AccountNotFound', 'no such account on the register');
    const now = clock.now();
    await upsertPostSettings(tx, {
      account_id: account.id,
      school_id: input.schoolId,
      requires_approval: wanted,
      updated_by_staff_id: actor.staffId,
      updated_at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.account_settings_updated',
        subject: { type: 'account', id: account.id },
        data: { requiresApproval: wanted },
      },
    });
    return { accountId: account.id, requiresApproval: wanted };
  });
}
