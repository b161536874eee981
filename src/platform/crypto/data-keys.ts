import { randomUUID } from 'node:crypto';
import type { Db, DbExecutor } from '../db/database.js';
import { generateDataKey, type Keyring, unwrapDataKey, wrapDataKey } from './envelope.js';

/** Creates and stores a fresh data key for one record (inside the caller's transaction). */
export async function createDataKey(
  db: DbExecutor,
  keyring: Keyring,
  input: { schoolId: string; now: Date },
): Promise<{ id: string; key: Buffer }> {
  const id = randomUUID();
  const { key, wrapped } = generateDataKey(keyring, id);
  await db
    .insertInto('data_keys')
    .values({
      id,
      school_id: input.schoolId,
      master_key_id: wrapped.masterKeyId,
      wrapped_key: wrapped.wrapped,
      created_at: input.now,
      rewrapped_at: null,
    })
    .execute();
  return { id, key };
}

/**
 * Several data keys of one school at once, one per record as `createDataKey` gives, in one insert: a page of
 * sealed records (a moderation page's disclosures) costs one round trip instead of one per record.
 */
export async function createDataKeys(
  db: DbExecutor,
  keyring: Keyring,
  input: { schoolId: string; now: Date; count: number },
): Promise<{ id: string; key: Buffer }[]> {
  if (input.count <= 0) return [];
  const made = Array.from({ length: input.count }, () => {
    const id = randomUUID();
    return { id, ...generateDataKey(keyring, id) };
  });
  await db
    .insertInto('data_keys')
    .values(
      made.map(({ id, wrapped }) => ({
        id,
        school_id: input.schoolId,
        master_key_id: wrapped.masterKeyId,
        wrapped_key: wrapped.wrapped,
        created_at: input.now,
        rewrapped_at: null,
      })),
    )
    .execute();
  return made.map(({ id, key }) => ({ id, key }));
}

/** Loads and unwraps a data key. */
export async function loadDataKey(db: DbExecutor, keyring: Keyring, id: string): Promise<Buffer> {
  const row = await db
    .selectFrom('data_keys')
    .select(['master_key_id', 'wrapped_key'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return unwrapDataKey(keyring, id, {
    masterKeyId: row.master_key_id,
    wrapped: Buffer.from(row.wrapped_key),
  });
}

export interface RotationResult {
  rewrapped: number;
  alreadyCurrent: number;
  currentKeyId: string;
}

/**
 * Re-wraps every data key not yet under the current master key, in small transactions (each row locked
 * while it is re-wrapped), so a rotation can be stopped and run again. Content is never re-encrypted.
 */
export async function rotateDataKeys(
  db: Db,
  keyring: Keyring,
  now: Date,
  batchSize = 200,
): Promise<RotationResult> {
  let rewrapped = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('data_keys')
        .select(['id', 'master_key_id', 'wrapped_key'])
        .where('master_key_id', '<>', keyring.current.id)
        .orderBy('seq')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        const key = unwrapDataKey(keyring, row.id, {
          masterKeyId: row.master_key_id,
          wrapped: Buffer.from(row.wrapped_key),
        });
        const next = wrapDataKey(keyring, row.id, key);
        await tx
          .updateTable('data_keys')
          .set({ master_key_id: next.masterKeyId, wrapped_key: next.wrapped, rewrapped_at: now })
          .where('id', '=', row.id)
          .execute();
      }
      return rows.length;
    });
    rewrapped += done;
    if (done < batchSize) break;
  }
  const current = await db
    .selectFrom('data_keys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('master_key_id', '=', keyring.current.id)
    .executeTakeFirstOrThrow();
  return { rewrapped, alreadyCurrent: Number(current.n) - rewrapped, currentKeyId: keyring.current.id };
}
