import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, notFound } from '../platform/errors.js';
import { lockedAccount } from './account-access.js';
import { checkPeopleAndIdentity, validateInput } from './account-checks.js';
import { type AccountView, loadView } from './account-view.js';
import { canEditAccount, canRegisterAccount, canViewAccount } from './accounts.permissions.js';
import { replaceOwners, updateAccountRow } from './accounts.repository.js';
import type { AccountsDeps } from './accounts-deps.js';

/** Edits a draft or an account sent back for changes; the owners only. */
export async function updateAccount(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
  input: unknown,
  deps: AccountsDeps,
): Promise<AccountView> {
  if (!canRegisterAccount(actor, schoolId))
    throw forbidden('AccountForbidden', 'not a member of this school');
  const valid = await validateInput(db, schoolId, input, deps);
  return db.transaction().execute(async (tx) => {
    const { row, people } = await lockedAccount(tx, actor, schoolId, id);
    if (!canViewAccount(actor, people)) throw notFound('AccountNotFound', 'no such account on the register');
    if (!canEditAccount(actor, people)) throw forbidden('NotAnOwner', 'only the account’s owners edit it');
    if (row.status !== 'draft' && row.status !== 'changes_requested')
      throw conflict(
        'AccountNotEditable',
        `an account that is ${row.status.replace('_', ' ')} cannot be edited`,
      );
    const primary = row.created_by_staff_id;
    await checkPeopleAndIdentity(tx, schoolId, primary, valid, row.id);
    const next = {
      platform: valid.identity.platform,
      handle: valid.handle,
      profile_url: valid.identity.profileUrl,
      identity_key: valid.identity.key,
      purpose_kind: valid.data.purposeKind,
      purpose: valid.data.purpose,
      linked_email: valid.data.linkedEmail,
      audience: valid.data.audience,
      about_text: valid.data.aboutText ?? null,
      attests_no_direct_messages: valid.data.attestsNoDirectMessages,
      attests_aup_link: valid.data.attestsAupLink,
    };
    const fields = Object.entries(next)
      .filter(([key, value]) => JSON.stringify(row[key as keyof typeof next]) !== JSON.stringify(value))
      .map(([key]) => key);
    const updated = await updateAccountRow(tx, row.id, {
      ...next,
      about_findings: JSON.stringify(valid.findings),
    });
    await replaceOwners(tx, row.id, primary, valid.data.coOwnerStaffIds);
    await recordAudit(tx, {
      actor,
      schoolId,
      at: deps.clock.now(),
      event: { type: 'account.updated', subject: { type: 'account', id: row.id }, data: { fields } },
    });
    return loadView(tx, actor, updated);
  });
}
