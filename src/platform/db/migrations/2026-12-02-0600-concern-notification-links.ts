import { type Kysely, sql } from 'kysely';

/**
 * Notifications sent before concern pages' links were built from the shared table point at `/concerns/<id>`
 * and `/concerns/transfers`, which open "Page not found": point them at `/safeguarding/…`, where those
 * pages are. Idempotent; the reporter's own pages (`/concerns/report`, `/concerns/mine`) are left alone.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE notifications SET link = '/safeguarding/transfers'
    WHERE kind = 'concern.transfer_due' AND link = '/concerns/transfers'
  `.execute(db);
  await sql`
    UPDATE notifications SET link = '/safeguarding' || link
    WHERE kind LIKE 'concern.%' AND link LIKE '/concerns/%'
      AND link NOT IN ('/concerns/report', '/concerns/mine', '/concerns/transfers')
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(_db: Kysely<any>): Promise<void> {
  // The old links opened no page: there is nothing worth restoring.
}
