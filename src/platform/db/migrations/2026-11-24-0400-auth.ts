import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // Kept apart from `staff` so reading a person's name never loads their secrets.
  await db.schema
    .createTable('staff_credentials')
    .addColumn('staff_id', 'uuid', (col) => col.primaryKey().references('staff.id'))
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_confirmed_at', 'timestamptz')
    // Set by enrolment start, moved to totp_secret once the person proves their app holds it.
    .addColumn('totp_pending_secret', 'text')
    // The last TOTP time step accepted, so one code cannot be replayed within its window.
    .addColumn('totp_last_step', 'bigint')
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('staff_recovery_codes_staff')
    .on('staff_recovery_codes')
    .column('staff_id')
    .execute();

  // One row per failed sign-in; the key is a hash of email and address, so it holds no personal data.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('attempt_key', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failures_key_at')
    .on('sign_in_failures')
    .columns(['attempt_key', 'at'])
    .execute();

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('password_reset_tokens_staff')
    .on('password_reset_tokens')
    .column('staff_id')
    .execute();

  await db.schema
    .createTable('school_auth_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('require_totp_for_all', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('oidc_issuer', 'text')
    .addColumn('oidc_client_id', 'text')
    .addColumn('oidc_client_secret', 'text')
    .addColumn('oidc_enforces_mfa', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // An OpenID sign-in in flight: what the callback must find to trust the answer (state, nonce, PKCE).
  await db.schema
    .createTable('oidc_flows')
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('code_verifier', 'text', (col) => col.notNull())
    .addColumn('redirect_uri', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();

  // Bound to the session and sent back in a header on every state-changing request.
  await db.schema.alterTable('sessions').addColumn('csrf_token', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('csrf_token').execute();
  await db.schema.dropTable('oidc_flows').execute();
  await db.schema.dropTable('school_auth_settings').execute();
  await db.schema.dropTable('password_reset_tokens').execute();
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.dropTable('staff_recovery_codes').execute();
  await db.schema.dropTable('staff_credentials').execute();
}
