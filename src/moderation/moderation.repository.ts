import { sql } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';

export async function findModerationSettings(db: DbExecutor, schoolId: string) {
  const row = await db
    .selectFrom('moderation_settings')
    .selectAll()
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return {
    readEveryMinutes: row?.read_every_minutes ?? 2,
    slaWorkingMinutes: row?.sla_working_minutes ?? 60,
    outOfHoursHide: row?.out_of_hours_hide ?? false,
  };
}

export async function findFeed(db: DbExecutor, accountId: string) {
  return db.selectFrom('moderation_feeds').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function findItem(db: DbExecutor, itemId: string) {
  return db.selectFrom('moderation_items').selectAll().where('id', '=', itemId).executeTakeFirst();
}

export async function lockItem(db: DbExecutor, itemId: string) {
  return db
    .selectFrom('moderation_items')
    .selectAll()
    .where('id', '=', itemId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findSnapshot(db: DbExecutor, itemId: string) {
  return db.selectFrom('moderation_snapshots').selectAll().where('item_id', '=', itemId).executeTakeFirst();
}

/** Active members of the school holding one of these roles. */
export async function staffHolding(db: DbExecutor, schoolId: string, wanted: readonly string[]) {
  const rows = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.id', 'staff.email', 'staff_memberships.roles'])
    .where('staff_memberships.school_id', '=', schoolId)
    .where('staff_memberships.status', '=', 'active')
    .execute();
  return rows.filter((r) => r.roles.some((role) => wanted.includes(role)));
}

/** The owners of an account, for telling them its connection failed. */
export async function accountOwnerIds(db: DbExecutor, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('account_owners')
    .select('staff_id')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((r) => r.staff_id);
}

export async function accountLabels(db: DbExecutor, schoolId: string) {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'platform', 'handle', 'purpose'])
    .where('school_id', '=', schoolId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.handle ?? r.purpose]));
}

export async function addCheckedCount(db: DbExecutor, schoolId: string, day: string, checked: number) {
  if (checked === 0) return;
  await db
    .insertInto('moderation_daily_counts')
    .values({ school_id: schoolId, day, checked })
    .onConflict((oc) =>
      oc
        .columns(['school_id', 'day'])
        .doUpdateSet({ checked: sql`moderation_daily_counts.checked + ${checked}` }),
    )
    .execute();
}

/** Gives each account a comment feed read from `now` on; an account that has one keeps it as it is. */
export async function insertFeeds(
  db: DbExecutor,
  feeds: readonly { accountId: string; schoolId: string; platform: string }[],
  now: Date,
): Promise<number> {
  if (feeds.length === 0) return 0;
  const added = await db
    .insertInto('moderation_feeds')
    .values(
      feeds.map((f) => ({
        account_id: f.accountId,
        school_id: f.schoolId,
        platform: f.platform,
        cursor: null,
        failure: null,
        next_read_at: now,
        last_read_at: null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('account_id').doNothing())
    .returning('account_id')
    .execute();
  return added.length;
}

/**
 * A platform said these accounts have new comments (a webhook, a streamed mention): their active feeds become
 * due now, except one whose platform asked us to wait (a 429 sets `rate_limited_until`), which keeps its wait.
 * Returns the feeds made due, with when each was last read.
 */
export async function makeFeedsDueNow(db: DbExecutor, accountIds: readonly string[], now: Date) {
  if (accountIds.length === 0) return [];
  return db
    .updateTable('moderation_feeds')
    .set({ next_read_at: now })
    .where('account_id', 'in', accountIds)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('rate_limited_until', 'is', null), eb('rate_limited_until', '<=', now)]))
    .returning(['account_id', 'last_read_at'])
    .execute();
}
