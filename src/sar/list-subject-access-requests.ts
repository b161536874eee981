import { carerNames, pupilNames, staffNames } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { listRequests } from './sar.repository.js';
import type { SarStatus, SarSubjectKind } from './sar.table.js';
import { oneMonthAfter, requireSarHandler } from './sar-views.js';

/** A request in the school's list: whose, when, its state and what the review withheld and why. */
export interface SarListItem {
  id: string;
  subjectKind: SarSubjectKind;
  subjectId: string;
  /** Null when the person is no longer on the school's records. */
  subjectName: string | null;
  receivedOn: string;
  dueOn: string;
  status: SarStatus;
  /** How many items the review withheld, and the reasons given (the items themselves stay on the request). */
  withheldCount: number;
  withheldReasons: string[];
  reviewedBy: string | null;
  releasedAt: string | null;
}

/**
 * The school's subject access requests with their state, newest first, for whoever handles them. Reading
 * the list reads no one's data but names, so it is not audited (opening one is).
 */
export async function listSubjectAccessRequests(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string },
): Promise<SarListItem[]> {
  requireSarHandler(actor, input.schoolId);
  const rows = await listRequests(db, input.schoolId);
  const idsOf = (kind: SarSubjectKind) =>
    rows.filter((r) => r.subject_kind === kind).map((r) => r.subject_id);
  const names: Record<SarSubjectKind, Map<string, string>> = {
    pupil: await pupilNames(db, idsOf('pupil')),
    carer: await carerNames(db, input.schoolId, idsOf('carer')),
    staff: await staffNames(db, idsOf('staff')),
  };
  return rows.map((r) => ({
    id: r.id,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectName: names[r.subject_kind].get(r.subject_id) ?? null,
    receivedOn: r.received_on,
    dueOn: oneMonthAfter(r.received_on),
    status: r.status,
    withheldCount: r.withheld.length,
    withheldReasons: [...new Set(r.withheld.map((w) => w.reason))],
    reviewedBy: r.reviewed_by_label,
    releasedAt: r.released_at?.toISOString() ?? null,
  }));
}
