import { z } from 'zod';
import { notify } from '../notifications/notify.js';
import { staffIdsWithRoles } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { getSchool } from '../schools/schools.queries.js';
import { linkTo } from '../shared/links.js';
import { canViewAccount } from './accounts.permissions.js';
import {
  approvedAccountIds,
  findAccount,
  insertAupCheck,
  ownersOf,
  setAupStatus,
} from './accounts.repository.js';
import type { AccountAupCheckTable, AupResult } from './accounts.table.js';
import { type AupCheckOptions, checkAupLink } from './aup-check.js';
import type { PlatformId } from './platforms.js';

export type AupTrigger = AccountAupCheckTable['trigger'];

export interface AupCheckView {
  accountId: string;
  result: AupResult;
  previous: AupResult | null;
  reason: string;
  checkedUrl: string | null;
  checkedAt: string;
}

/**
 * Checks one account's AUP link now (clause 2.8) and stores the result with its reason and time. The page
 * is fetched before the transaction (the network is slow; a transaction must not wait on it). When a link
 * that was found has gone, the owners and SMT are told.
 */
export async function verifyAccountAup(
  db: Db,
  actor: Actor,
  schoolId: string,
  accountId: string,
  options: AupCheckOptions & { clock: Clock; trigger: AupTrigger },
): Promise<AupCheckView> {
  if (actor.kind === 'staff' && actor.schoolId !== schoolId)
    throw forbidden('AccountForbidden', 'accounts of another school cannot be reached from here');
  const row = z.uuid().safeParse(accountId).success ? await findAccount(db, schoolId, accountId) : undefined;
  if (!row) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = await ownersOf(db, schoolId, [row.id]);
  const people = {
    schoolId,
    ownerIds: owners.map((o) => o.staffId),
    ownerManagerIds: owners.flatMap((o) => (o.managerStaffId ? [o.managerStaffId] : [])),
  };
  if (!canViewAccount(actor, people)) throw notFound('AccountNotFound', 'no such account on the register');
  const school = await getSchool(db, schoolId);
  const outcome = await checkAupLink(
    {
      platform: row.platform as PlatformId,
      identityKey: row.identity_key,
      profileUrl: row.profile_url ?? '',
      aupUrl: school.aupUrl,
      attested: row.attests_aup_link,
    },
    options,
  );
  const now = options.clock.now();
  const previous = row.aup_status;
  await db.transaction().execute(async (tx) => {
    await insertAupCheck(tx, {
      account_id: row.id,
      result: outcome.result,
      reason: outcome.reason,
      checked_url: outcome.checkedUrl,
      trigger: options.trigger,
      checked_at: now,
    });
    await setAupStatus(tx, row.id, outcome.result, now);
    await recordAudit(tx, {
      actor,
      schoolId,
      at: now,
      event: {
        type: 'account.aup_checked',
        subject: { type: 'account', id: row.id },
        data: { result: outcome.result, previous, trigger: options.trigger },
      },
    });
    if (previous === 'found' && outcome.result === 'not_found') {
      const smt = await staffIdsWithRoles(tx, schoolId, ['smt', 'headteacher']);
      await notify(tx, {
        schoolId,
        staffIds: [...new Set([...people.ownerIds, ...smt])],
        kind: 'accounts.aup_link_missing',
        title: 'The AUP link has gone from a school social media account’s About page (clause 2.8)',
        link: linkTo('account', { id: row.id }),
        email: {
          subject: 'A school social media account needs its AUP link back',
          text: 'The link to the ICT Acceptable Use Policy is no longer on the About page of a school social media account (policy clause 2.8). Sign in to Guardpost to see which.',
        },
        now,
      });
    }
  });
  return {
    accountId: row.id,
    result: outcome.result,
    previous,
    reason: outcome.reason,
    checkedUrl: outcome.checkedUrl,
    checkedAt: now.toISOString(),
  };
}

/**
 * Re-checks every approved account (of one school, or all): the weekly job and `guardpost accounts verify
 * --all`. One account failing to fetch is a result (could not check), never a failed run.
 */
export async function recheckApprovedAccounts(
  db: Db,
  actor: Actor,
  options: AupCheckOptions & { clock: Clock; trigger: AupTrigger; schoolId?: string },
): Promise<AupCheckView[]> {
  const results: AupCheckView[] = [];
  for (const account of await approvedAccountIds(db, options.schoolId)) {
    results.push(await verifyAccountAup(db, actor, account.school_id, account.id, options));
  }
  return results;
}
