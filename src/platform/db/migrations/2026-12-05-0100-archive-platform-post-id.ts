import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * The platform's own id of a published post (a Mastodon status id, a Bluesky AT URI, a Facebook post id),
 * kept in the immutable archive record beside its address when Guardpost published it through a connector
 * (issue 13). Null for a post published by hand, where only the address is known, and for older records.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('post_archive').addColumn('platform_post_id', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('post_archive').dropColumn('platform_post_id').execute();
}
