import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * Subject access requests: who asked about whom, the safeguarding review (what the DSL withheld and why)
 * and when the export was released. The export itself is built again from the data on release, never stored.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subject_access_requests')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('subject_kind', 'text', (col) =>
      col.notNull().check(sql`subject_kind in ('pupil', 'carer', 'staff')`),
    )
    .addColumn('subject_id', 'uuid', (col) => col.notNull())
    .addColumn('received_on', 'date', (col) => col.notNull())
    .addColumn('requested_by_label', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('awaiting_review')
        .check(sql`status in ('awaiting_review', 'reviewed', 'released')`),
    )
    // [{ itemId, reason }]: what the DSL withheld and why (never shown to the requester).
    .addColumn('withheld', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by_label', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('released_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('subject_access_requests_school')
    .on('subject_access_requests')
    .columns(['school_id', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subject_access_requests').execute();
}
