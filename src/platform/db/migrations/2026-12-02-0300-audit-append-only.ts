import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * The audit log is append-only in the database itself, so a bug or a stray SQL session cannot edit or
 * remove history; only someone able to bypass triggers (a superuser) can, and the signed checkpoints
 * kept outside the database catch that. There is no retention delete: if one is ever needed, add it as
 * its own migration that lets a named retention function through (and checkpoints the chain's new
 * start), never by dropping this trigger.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function guardpost_refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % is refused: the audit log is append-only', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`create trigger audit_events_append_only before update or delete on audit_events for each row execute function guardpost_refuse_audit_change()`.execute(
    db,
  );
  await sql`create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function guardpost_refuse_audit_change()`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_events_no_truncate on audit_events`.execute(db);
  await sql`drop trigger audit_events_append_only on audit_events`.execute(db);
  await sql`drop function guardpost_refuse_audit_change()`.execute(db);
}
