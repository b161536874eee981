import { strToU8, zipSync } from 'fflate';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { collectSubjectData, type SarItem, type SarSubject } from './sar.collect.js';
import { canHandleSar, canReviewSar } from './sar.permissions.js';
import type { SarStatus, SarSubjectKind, SarWithheldItem } from './sar.table.js';
import { renderSarPdf } from './sar-pdf.js';

export interface SarContext {
  db: Db;
  keyring: Keyring;
  clock: Clock;
}

export interface SarView {
  id: string;
  subjectKind: SarSubjectKind;
  subjectId: string;
  subject: SarSubject | null;
  receivedOn: string;
  /** One calendar month from receipt (UK GDPR article 12(3)). */
  dueOn: string;
  status: SarStatus;
  withheld: SarWithheldItem[];
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  releasedAt: string | null;
  /** For the reviewer only: the items as they would go out, each marked if it comes from safeguarding records. */
  items: SarItem[] | null;
}

const labelOf = (actor: Actor) => (actor.kind === 'staff' ? actor.email : `system:${actor.label}`);

function oneMonthAfter(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

async function loadRequest(db: Db, schoolId: string, id: string) {
  const row = await db
    .selectFrom('subject_access_requests')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!row) throw notFound('SarNotFound', 'there is no such subject access request in this school');
  return row;
}

function viewOf(
  row: Awaited<ReturnType<typeof loadRequest>>,
  extra: { subject: SarSubject | null; items: SarItem[] | null },
): SarView {
  return {
    id: row.id,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    subject: extra.subject,
    receivedOn: row.received_on,
    dueOn: oneMonthAfter(row.received_on),
    status: row.status,
    withheld: row.withheld,
    reviewNote: row.review_note,
    reviewedBy: row.reviewed_by_label,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    releasedAt: row.released_at?.toISOString() ?? null,
    items: extra.items,
  };
}

/** Opens a request for a pupil, carer or member of staff. Audited. */
export async function openSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; subjectKind: SarSubjectKind; subjectId: string; receivedOn?: string },
): Promise<SarView> {
  if (!canHandleSar(actor, input.schoolId))
    throw forbidden(
      'SarForbidden',
      'only the DSL, their deputy, the headteacher and admins handle subject access requests',
    );
  const receivedOn = input.receivedOn ?? ctx.clock.today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedOn) || receivedOn > ctx.clock.today())
    throw invalid(
      'SarReceivedOnInvalid',
      'the date the request was received must be a date, not in the future',
    );
  const now = ctx.clock.now();
  // Finding the subject first makes an unknown id a clear refusal, not an empty export later.
  const { subject } = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now },
    { schoolId: input.schoolId, kind: input.subjectKind, subjectId: input.subjectId },
  );
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('subject_access_requests')
      .values({
        school_id: input.schoolId,
        subject_kind: input.subjectKind,
        subject_id: input.subjectId,
        received_on: receivedOn,
        requested_by_label: labelOf(actor),
        withheld: '[]',
        review_note: null,
        reviewed_by_label: null,
        reviewed_at: null,
        released_at: null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'sar.opened',
        subject: { type: 'subject_access_request', id: row.id },
        data: { subjectKind: input.subjectKind, subjectId: input.subjectId },
      },
      at: now,
    });
    return viewOf(row, { subject, items: null });
  });
}

/** A request; the DSL and deputy also get the items to review (reading them is audited per concern). */
export async function getSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<SarView> {
  if (!canHandleSar(actor, input.schoolId))
    throw forbidden(
      'SarForbidden',
      'only the DSL, their deputy, the headteacher and admins handle subject access requests',
    );
  const row = await loadRequest(ctx.db, input.schoolId, input.id);
  if (!canReviewSar(actor, input.schoolId)) return viewOf(row, { subject: null, items: null });
  const data = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now: ctx.clock.now() },
    { schoolId: input.schoolId, kind: row.subject_kind, subjectId: row.subject_id },
  );
  return viewOf(row, data);
}

/**
 * The safeguarding review: the DSL or deputy decides what is withheld (each with its reason, e.g. "would
 * be likely to cause serious harm", "identifies a third party who has not consented") and records it
 * before anything can be released. Every safeguarding item must be looked at: this step is required.
 */
export async function reviewSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; id: string; withheld: SarWithheldItem[]; note: string | null },
): Promise<SarView> {
  if (!canReviewSar(actor, input.schoolId))
    throw forbidden('SarReviewForbidden', 'only the DSL or their deputy makes the safeguarding review');
  const row = await loadRequest(ctx.db, input.schoolId, input.id);
  if (row.status === 'released') throw conflict('SarAlreadyReleased', 'this request was already released');
  const now = ctx.clock.now();
  const data = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now },
    { schoolId: input.schoolId, kind: row.subject_kind, subjectId: row.subject_id },
  );
  const known = new Set(data.items.map((i) => i.id));
  const problems: string[] = [];
  for (const w of input.withheld) {
    if (!known.has(w.itemId)) problems.push(`${w.itemId}: no such item in this request`);
    if (w.reason.trim().length < 5) problems.push(`${w.itemId}: say why it is withheld`);
  }
  if (problems.length > 0)
    throw invalid('SarReviewInvalid', 'the review cannot be recorded as given', problems);
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('subject_access_requests')
      .set({
        status: 'reviewed',
        withheld: JSON.stringify(input.withheld.map((w) => ({ itemId: w.itemId, reason: w.reason.trim() }))),
        review_note: input.note?.trim() || null,
        reviewed_by_label: labelOf(actor),
        reviewed_at: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'sar.reviewed',
        subject: { type: 'subject_access_request', id: row.id },
        data: { items: data.items.length, withheld: input.withheld.length },
      },
      at: now,
    });
    return viewOf(updated, data);
  });
}

/**
 * The export: a zip of `personal-data.json` and `personal-data.pdf`, without what the review withheld.
 * Only after the review; audited as released.
 */
export async function exportSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<{ fileName: string; zip: Buffer }> {
  if (!canHandleSar(actor, input.schoolId))
    throw forbidden(
      'SarForbidden',
      'only the DSL, their deputy, the headteacher and admins handle subject access requests',
    );
  const row = await loadRequest(ctx.db, input.schoolId, input.id);
  if (row.status === 'awaiting_review')
    throw conflict(
      'SarNotReviewed',
      'the DSL must make the safeguarding review before the export can be released',
    );
  const now = ctx.clock.now();
  const data = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now },
    { schoolId: input.schoolId, kind: row.subject_kind, subjectId: row.subject_id },
  );
  const withheld = new Set(row.withheld.map((w) => w.itemId));
  const items = data.items.filter((i) => !withheld.has(i.id));
  const school = await ctx.db
    .selectFrom('schools')
    .select('name')
    .where('id', '=', input.schoolId)
    .executeTakeFirstOrThrow();
  const releasedAt = now.toISOString();
  const json = {
    subject: { kind: data.subject.kind, name: data.subject.name },
    school: school.name,
    preparedAt: releasedAt,
    note: "Other people's details are replaced by their role in square brackets; some information may have been withheld where the law allows it.",
    items: items.map(({ safeguarding, ...item }) => item),
  };
  const pdf = await renderSarPdf({ subject: data.subject, items, releasedAt, school: school.name });
  const zip = Buffer.from(
    zipSync({
      'personal-data.json': strToU8(`${JSON.stringify(json, null, 2)}\n`),
      'personal-data.pdf': new Uint8Array(pdf),
    }),
  );
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('subject_access_requests')
      .set({ status: 'released', released_at: now })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'sar.released',
        subject: { type: 'subject_access_request', id: row.id },
        data: { items: items.length, withheld: data.items.length - items.length, format: 'zip' },
      },
      at: now,
    });
  });
  return { fileName: `subject-access-${releasedAt.slice(0, 10)}.zip`, zip };
}
