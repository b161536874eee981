import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // A school's OpenID client secret, sealed like safeguarding content: its own data key (wrapped by the
  // master key, so `guardpost keys rotate` re-wraps it) and AES-256-GCM ciphertext. SQL cannot encrypt, so
  // the plain-text column stays for now, nullable: the app seals any value left in it at start (and on
  // the first read) and clears it in the same transaction.
  await db.schema
    .alterTable('school_auth_settings')
    .addColumn('oidc_client_secret_key_id', 'uuid', (col) => col.references('data_keys.id'))
    .execute();
  await db.schema
    .alterTable('school_auth_settings')
    .addColumn('oidc_client_secret_sealed', 'bytea')
    .execute();
  await db.schema
    .alterTable('school_auth_settings')
    .addCheckConstraint(
      'school_auth_settings_oidc_secret_sealed_whole',
      sql`(oidc_client_secret_key_id is null) = (oidc_client_secret_sealed is null)`,
    )
    .execute();
  // Never in both places: a sealed secret and a plain one cannot sit on the same row.
  await db.schema
    .alterTable('school_auth_settings')
    .addCheckConstraint(
      'school_auth_settings_oidc_secret_once',
      sql`oidc_client_secret is null or oidc_client_secret_sealed is null`,
    )
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  // Going back loses sealed secrets (the old schema can only hold plain text): schools set theirs again.
  await db.schema
    .alterTable('school_auth_settings')
    .dropConstraint('school_auth_settings_oidc_secret_once')
    .execute();
  await db.schema
    .alterTable('school_auth_settings')
    .dropConstraint('school_auth_settings_oidc_secret_sealed_whole')
    .execute();
  await db.schema.alterTable('school_auth_settings').dropColumn('oidc_client_secret_sealed').execute();
  await db.schema.alterTable('school_auth_settings').dropColumn('oidc_client_secret_key_id').execute();
}
