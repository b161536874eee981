import { notify } from '../notifications/notify.js';
import type { Actor } from '../platform/auth/roles.js';
import type { IsoDate } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { importPolicy } from './import-policy.js';
import type { PolicyVersionRow } from './policy.table.js';
import { requirePublisher, requireSize } from './policy-publishing.js';
import type { ImportPolicyInput, PolicyVersionView } from './policy-views.js';

/**
 * Publishes a new version from the web app (the same import as `guardpost policy import`) and, in the same
 * transaction, asks every member of staff to read and acknowledge it.
 */
export async function publishPolicyVersion(
  db: Db,
  actor: Actor,
  input: ImportPolicyInput,
  today: IsoDate,
  now: Date,
  /** More of the caller's use case inside the same transaction (a trust template's adoption is recorded). */
  alsoInTransaction?: (tx: DbExecutor, version: PolicyVersionRow) => Promise<void>,
): Promise<PolicyVersionView> {
  requirePublisher(actor, input.schoolId);
  requireSize(input.text);
  return importPolicy(db, actor, input, today, async (tx, version) => {
    const staff = await tx
      .selectFrom('staff_memberships')
      .select('staff_id')
      .where('school_id', '=', input.schoolId)
      .where('status', '=', 'active')
      .execute();
    await notify(tx, {
      schoolId: input.schoolId,
      staffIds: staff.map((s) => s.staff_id),
      kind: 'policy.new_version',
      title: `A new version of the social media policy (${version.label}): please read and acknowledge it`,
      link: linkTo('policy'),
      now,
    });
    await alsoInTransaction?.(tx, version);
  });
}
