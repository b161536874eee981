import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function guardpost_refuse_consent_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % is refused: consent records are superseded, never rewritten or deleted', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`.execute(db);

  // Batches of consents imported from the MIS (counts only, never names).
  await db.schema
    .createTable('consent_imports')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('actor_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('counts', 'jsonb', (col) => col.notNull())
    .execute();

  // One-time e-signature links: the token is only ever stored hashed (the id is its SHA-256).
  await db.schema
    .createTable('consent_links')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('carer_id', 'uuid', (col) => col.notNull().references('carers.id'))
    .addColumn('purpose', 'text', (col) =>
      col.notNull().check(sql`purpose in ('social_media', 'website', 'press')`),
    )
    .addColumn('created_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('consent_links_pupil')
    .on('consent_links')
    .columns(['school_id', 'pupil_id'])
    .execute();

  // Append-only: a new decision is a new row that supersedes the older ones for the same pupil and purpose.
  await db.schema
    .createTable('consents')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('purpose', 'text', (col) =>
      col.notNull().check(sql`purpose in ('social_media', 'website', 'press')`),
    )
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('granted', 'refused', 'withdrawn')`),
    )
    .addColumn('carer_id', 'uuid', (col) => col.references('carers.id'))
    .addColumn('method', 'text', (col) =>
      col.notNull().check(sql`method in ('uploaded_form', 'e_signature')`),
    )
    .addColumn('evidence_reference', 'text')
    .addColumn('evidence_sha256', 'text')
    .addColumn('signature_name', 'text')
    .addColumn('signed_at', 'timestamptz')
    .addColumn('signed_ip', 'text')
    .addColumn('link_id', 'text', (col) => col.references('consent_links.id'))
    .addColumn('import_id', 'uuid', (col) => col.references('consent_imports.id'))
    .addColumn('given_on', 'date', (col) => col.notNull())
    .addColumn('expires_on', 'date', (col) => col.notNull())
    .addColumn('recorded_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('recorded_by_label', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint(
      'consents_written_evidence',
      sql`(method = 'uploaded_form' and (evidence_reference is not null or evidence_sha256 is not null))
        or (method = 'e_signature' and signature_name is not null and signed_at is not null and signed_ip is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('consents_pupil_purpose')
    .on('consents')
    .columns(['school_id', 'pupil_id', 'purpose', 'seq'])
    .execute();
  await sql`create trigger consents_append_only before update or delete on consents for each row execute function guardpost_refuse_consent_change()`.execute(
    db,
  );

  // When a granted consent stopped holding (withdrawn, expired, pupil left) and the hook fired: once each.
  await db.schema
    .createTable('consent_losses')
    .addColumn('consent_id', 'uuid', (col) => col.primaryKey().references('consents.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('lost_on', 'date', (col) => col.notNull())
    .addColumn('noted_at', 'timestamptz', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consent_losses').execute();
  await db.schema.dropTable('consents').execute();
  await db.schema.dropTable('consent_links').execute();
  await db.schema.dropTable('consent_imports').execute();
  await sql`drop function guardpost_refuse_consent_change()`.execute(db);
}
