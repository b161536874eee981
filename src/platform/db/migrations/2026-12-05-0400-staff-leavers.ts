import { type Kysely, sql } from 'kysely';

/**
 * Leavers from the roster (issue 14, staff leaving): a membership records the day it ended, and a member of
 * staff may have more than one handover over the years (they left, came back on a later roster, left again),
 * but never two open at once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_memberships').addColumn('left_on', 'date').execute();
  await db.schema.alterTable('staff_handovers').dropConstraint('staff_handovers_once').execute();
  await db.schema
    .createIndex('staff_handovers_one_open')
    .on('staff_handovers')
    .columns(['school_id', 'staff_id'])
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('staff_handovers_one_open').execute();
  await db.schema
    .alterTable('staff_handovers')
    .addUniqueConstraint('staff_handovers_once', ['school_id', 'staff_id'])
    .execute();
  await db.schema.alterTable('staff_memberships').dropColumn('left_on').execute();
}
