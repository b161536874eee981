import { type Kysely, sql } from 'kysely';

/**
 * A carer may withdraw or refuse consent by phone, by email or in person: the school must act at once and
 * the signed confirmation (its reference) can follow as a later decision. A grant still needs written
 * evidence. `told_by` says how the carer told the school.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('consents')
    .addColumn('told_by', 'text', (col) => col.check(sql`told_by in ('phone', 'email', 'in_person')`))
    .execute();
  await sql`alter table consents drop constraint consents_method_check`.execute(db);
  await sql`alter table consents add constraint consents_method_check
    check (method in ('uploaded_form', 'e_signature', 'carer_told'))`.execute(db);
  await sql`alter table consents drop constraint consents_written_evidence`.execute(db);
  await sql`alter table consents add constraint consents_written_evidence check (
    (method = 'uploaded_form' and (evidence_reference is not null or evidence_sha256 is not null))
    or (method = 'e_signature' and signature_name is not null and signed_at is not null and signed_ip is not null)
    or (method = 'carer_told' and told_by is not null and state in ('refused', 'withdrawn')))`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table consents drop constraint consents_written_evidence`.execute(db);
  await sql`alter table consents add constraint consents_written_evidence check (
    (method = 'uploaded_form' and (evidence_reference is not null or evidence_sha256 is not null))
    or (method = 'e_signature' and signature_name is not null and signed_at is not null and signed_ip is not null))`.execute(
    db,
  );
  await sql`alter table consents drop constraint consents_method_check`.execute(db);
  await sql`alter table consents add constraint consents_method_check
    check (method in ('uploaded_form', 'e_signature'))`.execute(db);
  await db.schema.alterTable('consents').dropColumn('told_by').execute();
}
