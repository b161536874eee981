import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { parseOrInvalid } from '../schools/school-view.js';
import { insertPersonalHandle } from './accounts.repository.js';
import { identityFromHandle, identityFromUrl, identityOf } from './identity.js';
import { type PersonalHandleView, personalHandleSchema, requireSelf } from './personal-handles.js';

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
