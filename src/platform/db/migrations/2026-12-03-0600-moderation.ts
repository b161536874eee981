import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * Comment moderation (issue 13): each connected account's feed and cursor, the school's moderation
 * settings, the queue of comments that need a person, their snapshots (immutable, taken before any action;
 * a possible disclosure sealed), the actions taken, the daily count of comments checked, and the direct
 * message checks of clause 2.7.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderation_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('read_every_minutes', 'integer', (col) => col.notNull().defaultTo(2))
    .addColumn('sla_working_minutes', 'integer', (col) => col.notNull().defaultTo(60))
    .addColumn('out_of_hours_hide', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('moderation_feeds')
    .addColumn('account_id', 'uuid', (col) => col.primaryKey().references('accounts.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('cursor', 'text')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .addColumn('failure', 'text')
    .addColumn('next_read_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_read_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('moderation_items')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('platform_comment_id', 'text', (col) => col.notNull())
    .addColumn('platform_post_id', 'text')
    .addColumn('author_platform_id', 'text', (col) => col.notNull())
    .addColumn('verdict', 'text', (col) => col.notNull())
    .addColumn('findings', 'jsonb', (col) => col.notNull())
    .addColumn('clauses', 'jsonb', (col) => col.notNull())
    .addColumn('disclosure', 'boolean', (col) => col.notNull())
    .addColumn('concern_draft', 'text')
    .addColumn('concern_id', 'uuid')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('hidden', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('arrived_at', 'timestamptz', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('actioned_at', 'timestamptz')
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('retry_at', 'timestamptz')
    .addUniqueConstraint('moderation_items_comment', ['account_id', 'platform_comment_id'])
    .execute();
  await db.schema
    .createIndex('moderation_items_school_state')
    .on('moderation_items')
    .columns(['school_id', 'state', 'received_at'])
    .execute();

  await sql`
    create function guardpost_refuse_moderation_snapshot_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % is refused: a comment snapshot is immutable', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`.execute(db);
  await db.schema
    .createTable('moderation_snapshots')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('item_id', 'uuid', (col) => col.notNull().unique().references('moderation_items.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('taken_at', 'timestamptz', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('content', 'jsonb')
    .addColumn('data_key_id', 'uuid')
    .addColumn('sealed_content', 'bytea')
    .execute();
  await sql`create trigger moderation_snapshots_immutable before update or delete on moderation_snapshots for each row execute function guardpost_refuse_moderation_snapshot_change()`.execute(
    db,
  );

  await db.schema
    .createTable('moderation_actions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('item_id', 'uuid', (col) => col.notNull().references('moderation_items.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('actor_staff_id', 'uuid')
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute();
  await sql`create trigger moderation_actions_immutable before update or delete on moderation_actions for each row execute function guardpost_refuse_moderation_snapshot_change()`.execute(
    db,
  );

  await db.schema
    .createTable('moderation_daily_counts')
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('checked', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('moderation_daily_counts_pk', ['school_id', 'day'])
    .execute();

  await db.schema
    .createTable('moderation_dm_checks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('setting', 'text')
    .addColumn('students_can_message', 'boolean')
    .addColumn('checked_at', 'timestamptz', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('moderation_dm_checks').execute();
  await db.schema.dropTable('moderation_daily_counts').execute();
  await db.schema.dropTable('moderation_actions').execute();
  await db.schema.dropTable('moderation_snapshots').execute();
  await sql`drop function guardpost_refuse_moderation_snapshot_change()`.execute(db);
  await db.schema.dropTable('moderation_items').execute();
  await db.schema.dropTable('moderation_feeds').execute();
  await db.schema.dropTable('moderation_settings').execute();
}
