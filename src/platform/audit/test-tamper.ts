import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database.js';

/**
 * Runs `edit` as an attacker with superuser rights would: with triggers switched off for the transaction,
 * so the append-only trigger on `audit_events` does not stop it. Tests use it to show that what gets past
 * the database is still caught by the chain and the checkpoints.
 */
export async function tamperWithAuditLog(
  db: Db,
  edit: (tx: Transaction<Database>) => Promise<unknown>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await edit(tx);
  });
}
