import { type Actor, hasRole } from '../auth/roles.js';
import type { DbExecutor } from '../db/database.js';
import { forbidden, invalid } from '../errors.js';
import { recordAudit } from './audit.js';
import type { AuditEventRow } from './audit.table.js';

export interface AuditFilters {
  /** An event type (`policy.acknowledged`) or a family (`policy.*`). */
  type?: string | undefined;
  /** A staff id, or part of the actor label (an email, `system:cli`). */
  actor?: string | undefined;
  /** ISO date or date-time; `from` inclusive, `to` exclusive (a bare `to` date includes that day). */
  from?: string | undefined;
  to?: string | undefined;
  /** `type:id` (`policy_version:…`) or a subject type alone. */
  subject?: string | undefined;
}

export interface AuditEventView {
  id: string;
  seq: number;
  at: string;
  actorStaffId: string | null;
  actor: string;
  type: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  hash: string;
}

export function toAuditView(row: AuditEventRow): AuditEventView {
  return {
    id: String(row.id),
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actorStaffId: row.actor_staff_id,
    actor: row.actor_label,
    type: row.type,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
    hash: row.hash,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(value: string, name: string, endOfDay: boolean, problems: string[]): Date | undefined {
  const date = new Date(DATE.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    problems.push(`${name}: not an ISO date or date-time`);
    return undefined;
  }
  return endOfDay && DATE.test(value) ? new Date(date.getTime() + 86_400_000) : date;
}

function requireAdmin(actor: Actor): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || !hasRole(actor, 'admin'))
    throw forbidden('AuditAdminOnly', 'only an admin may read the audit log');
  return actor;
}

/** Reads one page of the school's audit log, newest first; the cursor is the last sequence number seen. */
async function queryPage(
  db: DbExecutor,
  schoolId: string,
  filters: AuditFilters,
  page: { limit: number; beforeSeq?: number | undefined },
): Promise<AuditEventRow[]> {
  const problems: string[] = [];
  const from = filters.from ? parseInstant(filters.from, 'from', false, problems) : undefined;
  const to = filters.to ? parseInstant(filters.to, 'to', true, problems) : undefined;
  if (problems.length > 0) throw invalid('InvalidAuditFilter', 'the audit filter cannot be read', problems);
  let query = db.selectFrom('audit_events').selectAll().where('school_id', '=', schoolId);
  if (filters.type) {
    query = filters.type.endsWith('.*')
      ? query.where('type', 'like', `${filters.type.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`)
      : query.where('type', '=', filters.type);
  }
  if (filters.actor) {
    const actor = filters.actor;
    query = UUID.test(actor)
      ? query.where('actor_staff_id', '=', actor)
      : query.where('actor_label', 'ilike', `%${actor.replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (filters.subject) {
    const [type, ...rest] = filters.subject.split(':');
    query = query.where('subject_type', '=', type ?? '');
    if (rest.length > 0) query = query.where('subject_id', '=', rest.join(':'));
  }
  if (from) query = query.where('at', '>=', from);
  if (to) query = query.where('at', '<', to);
  if (page.beforeSeq !== undefined) query = query.where('seq', '<', String(page.beforeSeq));
  return query.orderBy('seq', 'desc').limit(page.limit).execute();
}

function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,15}$/.test(cursor)) throw invalid('InvalidCursor', 'the cursor is not one this API gave out');
  return Number(cursor);
}

/** Admins browse their own school's audit log; nobody sees another school's. */
export async function listAuditEvents(
  db: DbExecutor,
  actor: Actor,
  input: AuditFilters & { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  const admin = requireAdmin(actor);
  const rows = await queryPage(db, admin.schoolId, input, {
    limit: input.limit + 1,
    beforeSeq: parseCursor(input.cursor),
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditView),
    nextCursor: rows.length > input.limit && last ? String(last.seq) : null,
  };
}

const CSV_COLUMNS = ['seq', 'at', 'actor', 'type', 'subject_type', 'subject_id', 'data', 'hash'] as const;

/**
 * One CSV field, RFC 4180 quoted. A leading `=`, `+`, `-` or `@` gets an apostrophe so a spreadsheet
 * shows the text instead of running it as a formula.
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(view: AuditEventView): string {
  return `${[
    view.seq,
    view.at,
    view.actor,
    view.type,
    view.subjectType,
    view.subjectId,
    JSON.stringify(view.data),
    view.hash,
  ]
    .map(csvField)
    .join(',')}\r\n`;
}

/**
 * Records the export in the chain first (who exported what), then yields the CSV page by page, so a
 * long log never sits in memory whole.
 */
export async function exportAuditCsv(
  db: DbExecutor,
  actor: Actor,
  filters: AuditFilters,
  now: Date,
): Promise<AsyncGenerator<string>> {
  const admin = requireAdmin(actor);
  // Validate the filter before the export is recorded, so a refused export leaves no trace of success.
  await queryPage(db, admin.schoolId, filters, { limit: 1 });
  const recorded: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string') recorded[key] = value;
  const { seq } = await recordAudit(db, {
    actor: admin,
    schoolId: admin.schoolId,
    at: now,
    event: {
      type: 'audit.exported',
      subject: { type: 'school', id: admin.schoolId },
      data: { filters: recorded },
    },
  });
  return (async function* () {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    // The export shows the log as it stood when it was asked for, its own record included.
    let beforeSeq: number | undefined = seq + 1;
    for (;;) {
      const rows = await queryPage(db, admin.schoolId, filters, { limit: 500, beforeSeq });
      for (const row of rows) yield csvRow(toAuditView(row));
      const last = rows.at(-1);
      if (rows.length < 500 || !last) return;
      beforeSeq = Number(last.seq);
    }
  })();
}
