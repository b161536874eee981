import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * Retention. Safeguarding records, consents and the publication archive refuse UPDATE and DELETE; once a
 * retention rule says a record must go, the daily retention job has to be able to destroy it. The guard
 * functions now let a DELETE through only inside a transaction that has set `guardpost.retention_purge`
 * (transaction-local), which only the retention job does, after checking holds and writing its tombstone in
 * the same transaction. UPDATE stays refused everywhere. The audit log's guard is not changed: audit rows
 * are kept for the whole period (see src/retention/retention.rules.ts).
 *
 * Legal holds: a hold on one record or on everything about one pupil stops the job destroying it.
 */
const guards = [
  {
    fn: 'guardpost_refuse_change',
    message: 'safeguarding records are never rewritten or deleted',
  },
  {
    fn: 'guardpost_refuse_consent_change',
    message: 'consent records are superseded, never rewritten or deleted',
  },
  {
    fn: 'guardpost_refuse_post_archive_change',
    message: 'a publication record is immutable',
  },
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const guard of guards) {
    await sql
      .raw(`
    create or replace function ${guard.fn}() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and coalesce(current_setting('guardpost.retention_purge', true), '') = 'on' then
        return old;
      end if;
      raise exception '% on % is refused: ${guard.message}', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`)
      .execute(db);
  }

  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    // 'pupil': everything about the pupil; otherwise the record kind ('concern', 'consent', 'post_archive').
    .addColumn('target_kind', 'text', (col) => col.notNull())
    .addColumn('target_id', 'uuid', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('placed_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('placed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('lifted_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('lift_reason', 'text')
    .execute();
  await db.schema
    .createIndex('legal_holds_target')
    .on('legal_holds')
    .columns(['school_id', 'target_kind', 'target_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legal_holds').execute();
  for (const guard of guards) {
    await sql
      .raw(`
    create or replace function ${guard.fn}() returns trigger language plpgsql as $$
    begin
      raise exception '% on % is refused: ${guard.message}', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`)
      .execute(db);
  }
}
