import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function guardpost_refuse_post_archive_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % is refused: a publication record is immutable', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`.execute(db);

  // Per-account posting rules (clause 2.2): the accounts register has none of its own.
  await db.schema
    .createTable('post_account_settings')
    .addColumn('account_id', 'uuid', (col) => col.primaryKey().references('accounts.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('requires_approval', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('updated_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('author_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('links', 'jsonb', (col) => col.notNull())
    .addColumn('tagged_pupil_ids', 'jsonb', (col) => col.notNull())
    .addColumn('no_identifiable_pupils', 'boolean', (col) => col.notNull())
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('draft', 'awaiting_approval', 'ready', 'published')`),
    )
    .addColumn('verdict', 'text', (col) => col.notNull().check(sql`verdict in ('pass', 'review', 'block')`))
    .addColumn('findings', 'jsonb', (col) => col.notNull())
    .addColumn('checked_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('posts_school_status').on('posts').columns(['school_id', 'status']).execute();

  // Only the re-encoded bytes (no metadata) are kept, with their SHA-256 and a small thumbnail.
  await db.schema
    .createTable('post_photos')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('post_id', 'uuid', (col) => col.notNull().references('posts.id'))
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('content', 'bytea', (col) => col.notNull())
    .addColumn('thumbnail', 'bytea', (col) => col.notNull())
    .addColumn('width', 'integer', (col) => col.notNull())
    .addColumn('height', 'integer', (col) => col.notNull())
    .addColumn('added_at', 'timestamptz', (col) => col.notNull())
    .addColumn('removed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('post_photos_post').on('post_photos').columns(['post_id']).execute();

  await db.schema
    .createTable('post_approvals')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('post_id', 'uuid', (col) => col.notNull().references('posts.id'))
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('approver_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('verdict', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('post_archive')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('post_id', 'uuid', (col) => col.notNull().unique().references('posts.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('author_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('published_by_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('published_at', 'timestamptz', (col) => col.notNull())
    .addColumn('published_url', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('links', 'jsonb', (col) => col.notNull())
    .addColumn('photos', 'jsonb', (col) => col.notNull())
    .addColumn('tagged_pupil_ids', 'jsonb', (col) => col.notNull())
    .addColumn('tagged_pupils', 'jsonb', (col) => col.notNull())
    .addColumn('no_identifiable_pupils', 'boolean', (col) => col.notNull())
    .addColumn('verdict', 'text', (col) => col.notNull())
    .addColumn('findings', 'jsonb', (col) => col.notNull())
    .addColumn('rule_ids', 'jsonb', (col) => col.notNull())
    .addColumn('approvals', 'jsonb', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('post_archive_school_published')
    .on('post_archive')
    .columns(['school_id', 'published_at'])
    .execute();
  await sql`create trigger post_archive_immutable before update or delete on post_archive for each row execute function guardpost_refuse_post_archive_change()`.execute(
    db,
  );

  // Retroactive re-check: a published post featuring a pupil whose consent stopped holding.
  await db.schema
    .createTable('post_takedown_tasks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('archive_id', 'uuid', (col) => col.notNull().references('post_archive.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('consent_id', 'uuid', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('due_at', 'timestamptz', (col) => col.notNull())
    .addColumn('removed_at', 'timestamptz')
    .addColumn('removed_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('note', 'text')
    .addUniqueConstraint('post_takedown_tasks_once', ['archive_id', 'consent_id'])
    .execute();
  await db.schema
    .createIndex('post_takedown_tasks_open')
    .on('post_takedown_tasks')
    .columns(['school_id', 'removed_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_takedown_tasks').execute();
  await db.schema.dropTable('post_archive').execute();
  await db.schema.dropTable('post_approvals').execute();
  await db.schema.dropTable('post_photos').execute();
  await db.schema.dropTable('posts').execute();
  await db.schema.dropTable('post_account_settings').execute();
  await sql`drop function guardpost_refuse_post_archive_change()`.execute(db);
}
