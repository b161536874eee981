import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { canHandleSar } from './sar.permissions.js';
import { findRequest } from './sar.repository.js';
import type { SarStatus, SarSubjectKind, SarWithheldItem, SubjectAccessRequestRow } from './sar.table.js';
import type { SarItem, SarSubject } from './sar-collect.js';

/** What every subject access use case runs with, built once by the composition root or a test. */
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

export const labelOf = (actor: Actor) => (actor.kind === 'staff' ? actor.email : `system:${actor.label}`);

/** The day one calendar month after `isoDate` (the last day of a shorter month). */
export function oneMonthAfter(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

export function requireSarHandler(actor: Actor, schoolId: string): void {
  if (!canHandleSar(actor, schoolId))
    throw forbidden(
      'SarForbidden',
      'only the DSL, their deputy, the headteacher and admins handle subject access requests',
    );
}

export async function loadRequest(db: Db, schoolId: string, id: string): Promise<SubjectAccessRequestRow> {
  const row = await findRequest(db, schoolId, id);
  if (!row) throw notFound('SarNotFound', 'there is no such subject access request in this school');
  return row;
}

export function viewOf(
  row: SubjectAccessRequestRow,
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
