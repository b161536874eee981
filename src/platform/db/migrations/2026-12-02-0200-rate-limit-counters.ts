import type { Kysely } from 'kysely';

/**
 * Attempt and rate-limit counters kept in the database, so every server process sharing it counts against
 * the same limits. One row per scope and key (hashed: no email or address is stored); the window restarts
 * when it has expired, and a lock-out pushes `expires_at` to the end of its cool-down. The per-address
 * sign-in failure log they replace is dropped (at worst, a failure count in progress starts again).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('window_start', 'timestamptz', (col) => col.notNull())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['scope', 'key'])
    .execute();
  // The sweep job deletes expired rows by this index.
  await db.schema
    .createIndex('rate_limit_counters_expires_idx')
    .on('rate_limit_counters')
    .column('expires_at')
    .execute();
  await db.schema.dropTable('sign_in_failures').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
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
  await db.schema.dropTable('rate_limit_counters').execute();
}
