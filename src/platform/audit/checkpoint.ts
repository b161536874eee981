import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Keyring, MasterKey } from '../crypto/envelope.js';
import type { DbExecutor } from '../db/database.js';
import { canonicalJson, verifyAuditChain } from './audit.js';

/**
 * Signed checkpoints of the audit chains. The hash chain alone proves only that the rows agree with each
 * other: anyone who can write to the database can delete its tail, delete a school's whole chain, or edit a
 * row and recompute every later hash with the public hash function. A checkpoint records a chain's head
 * (hash, row count, last id) at a moment, with an HMAC under a key derived from the master key, which never
 * touches the database. Kept apart from the database (an append-only file, a log line shipped elsewhere),
 * it lets `guardpost audit verify --checkpoint FILE` show that the database still holds the history that
 * was signed: the head hash commits to every row before it.
 */

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export interface AuditCheckpoint {
  v: 1;
  /** Null for the deployment-wide chain. */
  schoolId: string | null;
  headHash: string;
  /** The head's sequence number: how many rows the chain held. */
  rows: number;
  lastId: string;
  /** When the head was read (ISO). */
  at: string;
  /** The master key the MAC key was derived from, so an old checkpoint verifies after rotation. */
  keyId: string;
  /** HMAC-SHA-256 (hex) of the other fields, canonically encoded. */
  mac: string;
}

/** A separate key per purpose: the master key itself never MACs anything. */
function macKeyOf(master: MasterKey): Buffer {
  return Buffer.from(
    hkdfSync('sha256', master.key, Buffer.alloc(0), 'guardpost:audit-checkpoint:mac:v1', 32),
  );
}

function macOf(key: Buffer, fields: Omit<AuditCheckpoint, 'mac'>): string {
  return createHmac('sha256', key).update(canonicalJson(fields)).digest('hex');
}

export function signCheckpoint(
  keyring: Keyring,
  head: { schoolId: string | null; headHash: string; rows: number; lastId: string; at: Date },
): AuditCheckpoint {
  const fields: Omit<AuditCheckpoint, 'mac'> = {
    v: 1,
    schoolId: head.schoolId,
    headHash: head.headHash,
    rows: head.rows,
    lastId: head.lastId,
    at: head.at.toISOString(),
    keyId: keyring.current.id,
  };
  return { ...fields, mac: macOf(macKeyOf(keyring.current), fields) };
}

/** Whether the checkpoint's MAC holds under the key it names (which may be a previous master key). */
export function checkpointSignature(
  keyring: Keyring,
  checkpoint: AuditCheckpoint,
): 'valid' | 'invalid' | 'key-missing' {
  const master = keyring.byId.get(checkpoint.keyId);
  if (!master) return 'key-missing';
  const { mac, ...fields } = checkpoint;
  const expected = Buffer.from(macOf(macKeyOf(master), fields), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

export interface ChainHead {
  schoolId: string | null;
  headHash: string;
  rows: number;
  lastId: string;
}

/** The last row of every chain that has one, read in one statement so the heads are from one moment. */
export async function readChainHeads(db: DbExecutor): Promise<ChainHead[]> {
  const result = await sql<{ id: string; school_id: string | null; seq: string; hash: string }>`
    select distinct on (coalesce(school_id, '00000000-0000-0000-0000-000000000000'::uuid))
      id, school_id, seq, hash
    from audit_events
    order by coalesce(school_id, '00000000-0000-0000-0000-000000000000'::uuid), seq desc`.execute(db);
  return result.rows.map((r) => ({
    schoolId: r.school_id,
    headHash: r.hash,
    rows: Number(r.seq),
    lastId: String(r.id),
  }));
}

interface LineLogger {
  info(details: object, message: string): void;
}

/**
 * Signs every chain's head now, appends one JSON line per chain to the checkpoint file in `dir`, and logs
 * each as a line too (hashes and counts only: nothing of what the events say).
 */
export async function writeAuditCheckpoints(
  db: DbExecutor,
  options: { keyring: Keyring; dir: string; logger: LineLogger; now: Date },
): Promise<{ file: string; checkpoints: AuditCheckpoint[] }> {
  const heads = await readChainHeads(db);
  const checkpoints = heads.map((head) => signCheckpoint(options.keyring, { ...head, at: options.now }));
  const file = path.join(options.dir, CHECKPOINT_FILE);
  if (checkpoints.length > 0) {
    await mkdir(options.dir, { recursive: true });
    // One write in append mode: lines from two processes sharing a folder do not interleave.
    await appendFile(file, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''), {
      flag: 'a',
      mode: 0o640,
    });
  }
  for (const checkpoint of checkpoints)
    options.logger.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
  return { file, checkpoints };
}

const checkpointSchema = z
  .object({
    v: z.literal(1),
    schoolId: z.string().nullable(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    rows: z.number().int().min(1),
    lastId: z.string().min(1),
    at: z.string().datetime(),
    keyId: z.string().min(1),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/**
 * Reads a checkpoint file: JSON lines as written above, or log lines carrying `auditCheckpoint`, so a
 * shipped log works as well as the file. A line that is neither is a problem: the file is evidence.
 */
export function parseCheckpoints(text: string): { checkpoints: AuditCheckpoint[]; badLines: number[] } {
  const checkpoints: AuditCheckpoint[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      badLines.push(index + 1);
      return;
    }
    const candidate =
      typeof value === 'object' && value !== null && 'auditCheckpoint' in value
        ? value.auditCheckpoint
        : value;
    const parsed = checkpointSchema.safeParse(candidate);
    if (parsed.success) checkpoints.push(parsed.data);
    else badLines.push(index + 1);
  });
  return { checkpoints, badLines };
}

export type CheckpointProblemCode =
  | 'CheckpointForged'
  | 'CheckpointKeyMissing'
  | 'ChainDeleted'
  | 'RowsDeletedFromEnd'
  | 'HistoryRewritten'
  | 'ChainBroken';

export interface CheckpointProblem {
  code: CheckpointProblemCode;
  schoolId: string | null;
  /** When the checkpoint concerned was signed. */
  checkpointAt: string;
  message: string;
}

/**
 * Checks the database against checkpoints: each must carry a valid MAC, and its chain must still hold the
 * signed row at the signed position with the signed hash, every row before it intact. Every checkpoint is
 * checked, not only the latest: someone who rewrites history with recomputed hashes gets the forged head
 * signed by the next hourly run, and only the checkpoints from before the rewrite show it. Each chain is
 * read once, however many checkpoints name it.
 */
export async function verifyAgainstCheckpoints(
  db: DbExecutor,
  keyring: Keyring,
  checkpoints: readonly AuditCheckpoint[],
  options: { schoolId?: string | undefined } = {},
): Promise<{ checked: number; problems: CheckpointProblem[] }> {
  const problems: CheckpointProblem[] = [];
  const report = (checkpoint: AuditCheckpoint, code: CheckpointProblemCode, message: string) =>
    problems.push({ code, schoolId: checkpoint.schoolId, checkpointAt: checkpoint.at, message });
  const byChain = new Map<string, AuditCheckpoint[]>();
  for (const checkpoint of checkpoints) {
    if (options.schoolId !== undefined && checkpoint.schoolId !== options.schoolId) continue;
    const signature = checkpointSignature(keyring, checkpoint);
    if (signature === 'key-missing')
      report(
        checkpoint,
        'CheckpointKeyMissing',
        `the checkpoint of ${checkpoint.at} was signed with master key ${checkpoint.keyId}, which is not configured (set it in GUARDPOST_PREVIOUS_MASTER_KEYS)`,
      );
    else if (signature === 'invalid')
      report(
        checkpoint,
        'CheckpointForged',
        `the checkpoint of ${checkpoint.at} does not carry a valid signature`,
      );
    else {
      const key = checkpoint.schoolId ?? 'deployment';
      byChain.set(key, [...(byChain.get(key) ?? []), checkpoint]);
    }
  }
  let checked = 0;
  for (const chain of byChain.values()) {
    const schoolId = chain[0]?.schoolId ?? null;
    const wanted = new Set(chain.map((c) => c.rows));
    const seen = new Map<number, { id: string; hash: string }>();
    const verdict = await verifyAuditChain(db, schoolId, (row) => {
      if (wanted.has(row.seq)) seen.set(row.seq, { id: row.id, hash: row.hash });
    });
    for (const checkpoint of chain) {
      checked++;
      const signedAt = `the checkpoint of ${checkpoint.at}`;
      const row = seen.get(checkpoint.rows);
      if (!verdict.ok && verdict.firstBrokenSeq <= checkpoint.rows) {
        // Said here too, so a checkpoint never reads as holding over a chain that does not.
        report(
          checkpoint,
          'ChainBroken',
          `row seq ${verdict.firstBrokenSeq} (id ${verdict.firstBrokenId}), before ${signedAt}'s head: ${verdict.reason}`,
        );
      } else if (verdict.rows === 0) {
        report(
          checkpoint,
          'ChainDeleted',
          `the whole chain is gone: ${signedAt} signed ${checkpoint.rows} rows`,
        );
      } else if (!row) {
        report(
          checkpoint,
          'RowsDeletedFromEnd',
          `rows were deleted from the end: ${signedAt} signed ${checkpoint.rows} rows ending at id ${checkpoint.lastId}, the database holds ${verdict.rows}`,
        );
      } else if (row.hash !== checkpoint.headHash || row.id !== checkpoint.lastId) {
        report(
          checkpoint,
          'HistoryRewritten',
          `history was rewritten: row seq ${checkpoint.rows} hashes to ${row.hash.slice(0, 16)}…, ${signedAt} signed ${checkpoint.headHash.slice(0, 16)}… (id ${checkpoint.lastId})`,
        );
      }
    }
  }
  return { checked, problems };
}
