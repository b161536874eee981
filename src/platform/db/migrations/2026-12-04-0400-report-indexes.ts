import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * Indexes for the governors' report and the evidence pack over a trust-sized database (issue 16): each
 * report query reads one school's rows in a time range, so each table it reads gets (school, time).
 */
const indexes: [name: string, table: string, columns: string[]][] = [
  ['posts_school_created', 'posts', ['school_id', 'created_at']],
  ['post_returns_school_at', 'post_returns', ['school_id', 'at']],
  ['post_takedown_tasks_school_created', 'post_takedown_tasks', ['school_id', 'created_at']],
  ['concerns_school_created', 'concerns', ['school_id', 'created_at']],
  ['concern_entries_school_kind_at', 'concern_entries', ['school_id', 'kind', 'at']],
  ['concern_referrals_school_referred', 'concern_referrals', ['school_id', 'referred_on']],
  ['moderation_items_school_received', 'moderation_items', ['school_id', 'received_at']],
  ['policy_acknowledgements_school_hash', 'policy_acknowledgements', ['school_id', 'document_hash']],
  ['privacy_attestations_school_period', 'privacy_attestations', ['school_id', 'period']],
  ['staff_memberships_school', 'staff_memberships', ['school_id']],
  ['accounts_school', 'accounts', ['school_id']],
  ['pupils_school', 'pupils', ['school_id']],
  ['consents_school_seq', 'consents', ['school_id', 'seq']],
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...indexes].reverse()) await db.schema.dropIndex(name).ifExists().execute();
}
