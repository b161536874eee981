import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * The acknowledgement deadline a concern was given when it was reported, kept with it: the governors'
 * report and the trust dashboard count late acknowledgements against the deadline that applied, not the
 * one today's settings would give (issue 16: the same range gives the same figures). Concerns reported
 * before this have none; their deadline is worked out from the school's settings as before.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('concerns').addColumn('acknowledgement_due_at', 'timestamptz').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('concerns').dropColumn('acknowledgement_due_at').execute();
}
