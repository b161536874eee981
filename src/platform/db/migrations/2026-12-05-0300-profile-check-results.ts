import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * What the account page says of the daily profile check: when the profile was last read through the
 * platform's API (every read, including those that found nothing new and so add no `connection_profiles`
 * row), and where on the profile the AUP link was found (clause 2.8): the bio, a link field, or a link field
 * the platform itself verified (Mastodon).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('platform_connections').addColumn('profile_read_at', 'timestamptz').execute();
  await db.schema
    .alterTable('connection_profiles')
    .addColumn('aup_link_found_in', 'text', (col) =>
      col.check(sql`aup_link_found_in in ('bio', 'link', 'verified_link')`),
    )
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connection_profiles').dropColumn('aup_link_found_in').execute();
  await db.schema.alterTable('platform_connections').dropColumn('profile_read_at').execute();
}
