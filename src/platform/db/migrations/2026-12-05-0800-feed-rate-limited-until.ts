import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * Until when a platform asked a feed's reads to wait (its 429's Retry-After). A webhook makes a feed due at
 * once, but never before this: otherwise a burst of comments would hammer a platform that asked for a pause.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('moderation_feeds').addColumn('rate_limited_until', 'timestamptz').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('moderation_feeds').dropColumn('rate_limited_until').execute();
}
