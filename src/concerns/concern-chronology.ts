import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/auth/roles.js';
import { createDataKey, loadDataKey } from '../platform/crypto/data-keys.js';
import { type Keyring, open, seal } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { actorLabel, actorStaffId } from './concern-access.js';
import { insertEntry, listEntries } from './concern-record.repository.js';
import { entryContext } from './concern-sealing.js';
import type { ConcernRow } from './concerns.table.js';

export interface ChronologyEntry {
  id: string;
  at: string;
  kind: string;
  author: string;
  /** Null for entries Guardpost made itself (an escalation). */
  authorStaffId: string | null;
  text: string | null;
  facts: Record<string, string | number | boolean | null>;
  correctsEntryId: string | null;
}

/** Appends a chronology entry, with its text sealed under its own data key. */
export async function appendEntry(
  tx: DbExecutor,
  keyring: Keyring,
  input: {
    concern: Pick<ConcernRow, 'id' | 'school_id'>;
    actor: Actor;
    kind: string;
    at: Date;
    text?: string | undefined;
    facts?: Record<string, string | number | boolean | null>;
    correctsEntryId?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  let dataKeyId: string | null = null;
  let content: Buffer | null = null;
  if (input.text !== undefined) {
    const key = await createDataKey(tx, keyring, { schoolId: input.concern.school_id, now: input.at });
    dataKeyId = key.id;
    content = seal(key.key, input.text, entryContext(id));
  }
  await insertEntry(tx, {
    id,
    school_id: input.concern.school_id,
    concern_id: input.concern.id,
    at: input.at,
    kind: input.kind,
    author_staff_id: actorStaffId(input.actor),
    author_label: actorLabel(input.actor),
    corrects_entry_id: input.correctsEntryId ?? null,
    facts: JSON.stringify(input.facts ?? {}),
    data_key_id: dataKeyId,
    content,
  });
  return id;
}

/** The chronology entries of the concerns, their text opened. */
export async function readEntries(
  tx: DbExecutor,
  keyring: Keyring,
  concernIds: readonly string[],
): Promise<(ChronologyEntry & { concernId: string })[]> {
  const rows = await listEntries(tx, concernIds);
  const entries: (ChronologyEntry & { concernId: string })[] = [];
  for (const row of rows) {
    const text =
      row.data_key_id && row.content
        ? open(await loadDataKey(tx, keyring, row.data_key_id), row.content, entryContext(row.id)).toString(
            'utf8',
          )
        : null;
    entries.push({
      id: row.id,
      concernId: row.concern_id,
      at: row.at.toISOString(),
      kind: row.kind,
      author: row.author_label,
      authorStaffId: row.author_staff_id,
      text,
      facts: row.facts,
      correctsEntryId: row.corrects_entry_id,
    });
  }
  return entries;
}
