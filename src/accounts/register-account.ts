import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { checkPeopleAndIdentity, validateInput } from './account-checks.js';
import { type AccountView, loadView } from './account-view.js';
import { canRegisterAccount } from './accounts.permissions.js';
import { insertAccount, replaceOwners } from './accounts.repository.js';
import type { AccountsDeps } from './accounts-deps.js';

/**
 * Registers an educational account as a draft, owned by the member of staff registering it (clause 2.1).
 * Refusals cite their clause; findings on the purpose and About text are stored with their clauses.
 */
export async function registerAccount(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  deps: AccountsDeps,
): Promise<AccountView> {
  if (!canRegisterAccount(actor, schoolId) || actor.kind !== 'staff')
    throw forbidden('AccountForbidden', 'only a member of staff of the school registers an account');
  const valid = await validateInput(db, schoolId, input, deps);
  return db.transaction().execute(async (tx) => {
    await checkPeopleAndIdentity(tx, schoolId, actor.staffId, valid);
    const row = await insertAccount(tx, {
      school_id: schoolId,
      platform: valid.identity.platform,
      handle: valid.handle,
      profile_url: valid.identity.profileUrl,
      identity_key: valid.identity.key,
      purpose_kind: valid.data.purposeKind,
      purpose: valid.data.purpose,
      linked_email: valid.data.linkedEmail,
      audience: valid.data.audience,
      about_text: valid.data.aboutText ?? null,
      about_findings: JSON.stringify(valid.findings),
      attests_no_direct_messages: valid.data.attestsNoDirectMessages,
      attests_aup_link: valid.data.attestsAupLink,
      created_by_staff_id: actor.staffId,
      submitted_at: null,
      approved_at: null,
      approved_by_staff_id: null,
      approval_expires_on: null,
      expiry_reminder_sent_for: null,
      aup_status: null,
      aup_checked_at: null,
    });
    await replaceOwners(tx, row.id, actor.staffId, valid.data.coOwnerStaffIds);
    await recordAudit(tx, {
      actor,
      schoolId,
      at: deps.clock.now(),
      event: {
        type: 'account.registered',
        subject: { type: 'account', id: row.id },
        data: { platform: row.platform, identityKey: row.identity_key },
      },
    });
    return loadView(tx, actor, row);
  });
}
