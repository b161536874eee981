import { type Kysely, sql } from 'kysely';

/**
 * A version number per school and topic, bumped by the database itself whenever a table behind the topic
 * changes (once per statement, however many rows), so a cache can ask "has this school's roster changed?"
 * with one indexed read instead of counting thousands of rows on every request. Triggers rather than
 * application code, so every writer (imports, edits, the CLI, another server process) bumps it.
 */
const watched = [
  { table: 'pupils', topic: 'roster' },
  { table: 'carers', topic: 'roster' },
  { table: 'carer_pupil_links', topic: 'roster' },
  { table: 'consents', topic: 'consents' },
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('school_change_stamps')
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('topic', 'text', (col) => col.notNull())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('school_change_stamps_pk', ['school_id', 'topic'])
    .execute();

  // Transition tables give the changed rows of the whole statement; each event has its own trigger because
  // an INSERT has no old rows and a DELETE no new ones.
  await sql`
    create function guardpost_bump_school_stamp() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into school_change_stamps (school_id, topic, version)
          select distinct school_id, tg_argv[0], 1 from new_rows
          on conflict (school_id, topic) do update set version = school_change_stamps.version + 1;
      elsif tg_op = 'DELETE' then
        insert into school_change_stamps (school_id, topic, version)
          select distinct school_id, tg_argv[0], 1 from old_rows
          on conflict (school_id, topic) do update set version = school_change_stamps.version + 1;
      else
        insert into school_change_stamps (school_id, topic, version)
          select school_id, tg_argv[0], 1 from new_rows union select school_id, tg_argv[0], 1 from old_rows
          on conflict (school_id, topic) do update set version = school_change_stamps.version + 1;
      end if;
      return null;
    end
    $$`.execute(db);

  for (const { table, topic } of watched) {
    const name = (event: string) => sql.raw(`${table}_stamp_${event}`);
    const on = sql.raw(table);
    const arg = sql.lit(topic);
    await sql`create trigger ${name('insert')} after insert on ${on} referencing new table as new_rows
      for each statement execute function guardpost_bump_school_stamp(${arg})`.execute(db);
    await sql`create trigger ${name('update')} after update on ${on} referencing old table as old_rows new table as new_rows
      for each statement execute function guardpost_bump_school_stamp(${arg})`.execute(db);
    await sql`create trigger ${name('delete')} after delete on ${on} referencing old table as old_rows
      for each statement execute function guardpost_bump_school_stamp(${arg})`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of watched) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql`drop trigger if exists ${sql.raw(`${table}_stamp_${event}`)} on ${sql.raw(table)}`.execute(
        db,
      );
    }
  }
  await sql`drop function if exists guardpost_bump_school_stamp()`.execute(db);
  await db.schema.dropTable('school_change_stamps').execute();
}
