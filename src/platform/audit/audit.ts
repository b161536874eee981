import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DbExecutor } from '../db/database.js';
import type { AuditEventRow } from './audit.table.js';
import type { AuditEvent } from './events.js';

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so the same content always hashes the same on any engine. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  schoolId: string | null;
  seq: number;
  at: Date;
  actorStaffId: string | null;
  actorLabel: string;
  type: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

/** The hash of one row: the previous row's hash followed by this row's content, canonically encoded. */
export function hashAuditRow(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ ...fields, at: fields.at.toISOString() }))
    .digest('hex');
}

/** The fields of a stored row that its hash covers. */
export function chainedFieldsOf(row: AuditEventRow): ChainedFields {
  return {
    schoolId: row.school_id,
    seq: Number(row.seq),
    at: row.at,
    actorStaffId: row.actor_staff_id,
    actorLabel: row.actor_label,
    type: row.type,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
  };
}

function actorFields(actor: Actor): { actorStaffId: string | null; actorLabel: string } {
  return actor.kind === 'staff'
    ? { actorStaffId: actor.staffId, actorLabel: actor.email }
    : { actorStaffId: null, actorLabel: `system:${actor.label}` };
}

/**
 * Appends one event to the school's chain. Call it inside the use case's transaction: the event then
 * exists exactly when the change does. A transaction-scoped advisory lock serialises writers per chain,
 * so two processes never take the same sequence number.
 */
export async function recordAudit(
  db: DbExecutor,
  input: { actor: Actor; schoolId: string | null; event: AuditEvent; at?: Date },
): Promise<{ seq: number; hash: string }> {
  const chainKey = input.schoolId ?? 'deployment';
  await sql`select pg_advisory_xact_lock(hashtext(${`audit:${chainKey}`}))`.execute(db);
  const last = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where((eb) =>
      input.schoolId === null ? eb('school_id', 'is', null) : eb('school_id', '=', input.schoolId),
    )
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision, because that is what survives the round trip through timestamptz and back.
  const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
  const fields: ChainedFields = {
    schoolId: input.schoolId,
    seq,
    at,
    ...actorFields(input.actor),
    type: input.event.type,
    subjectType: input.event.subject.type,
    subjectId: input.event.subject.id,
    data: input.event.data as Record<string, unknown>,
  };
  const hash = hashAuditRow(prevHash, fields);
  await db
    .insertInto('audit_events')
    .values({
      school_id: fields.schoolId,
      seq,
      at,
      actor_staff_id: fields.actorStaffId,
      actor_label: fields.actorLabel,
      type: fields.type,
      subject_type: fields.subjectType,
      subject_id: fields.subjectId,
      data: JSON.stringify(fields.data),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { seq, hash };
}

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBrokenId: string; firstBrokenSeq: number; reason: string };

/**
 * Re-computes a chain from its first row. Any edited, deleted or inserted row breaks it at that row; the
 * verdict names the first one. Reads in pages so a long chain does not load into memory at once.
 */
export async function verifyAuditChain(
  db: DbExecutor,
  schoolId: string | null,
  /** Called with each row that verified, in order (checkpoints compare their signed heads here). */
  onVerifiedRow?: (row: { seq: number; id: string; hash: string }) => void,
): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  const pageSize = 1000;
  for (;;) {
    const page = await db
      .selectFrom('audit_events')
      .selectAll()
      .where((eb) => (schoolId === null ? eb('school_id', 'is', null) : eb('school_id', '=', schoolId)))
      .where('seq', '>=', String(expectedSeq))
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = (reason: string): ChainVerdict => ({
        ok: false,
        rows,
        firstBrokenId: String(row.id),
        firstBrokenSeq: seq,
        reason,
      });
      if (seq !== expectedSeq)
        return broken(`expected sequence ${expectedSeq}, found ${seq} (a row is missing)`);
      if (row.prev_hash !== prevHash) return broken('its previous-hash does not match the row before it');
      const hash = hashAuditRow(prevHash, chainedFieldsOf(row));
      if (hash !== row.hash) return broken('its content does not match its hash (the row was altered)');
      onVerifiedRow?.({ seq, id: String(row.id), hash: row.hash });
      prevHash = row.hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < pageSize) return { ok: true, rows };
  }
}
