import type { DbExecutor } from '../platform/db/database.js';
import type { SarSubjectKind, SarWithheldItem, SubjectAccessRequestRow } from './sar.table.js';

/** The subject access domain's own table: the requests and their reviews. */

export async function findRequest(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<SubjectAccessRequestRow | undefined> {
  return db
    .selectFrom('subject_access_requests')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

/** The school's requests, newest received first. */
export async function listRequests(db: DbExecutor, schoolId: string): Promise<SubjectAccessRequestRow[]> {
  return db
    .selectFrom('subject_access_requests')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('received_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertRequest(
  db: DbExecutor,
  input: {
    schoolId: string;
    subjectKind: SarSubjectKind;
    subjectId: string;
    receivedOn: string;
    requestedBy: string;
    at: Date;
  },
): Promise<SubjectAccessRequestRow> {
  return db
    .insertInto('subject_access_requests')
    .values({
      school_id: input.schoolId,
      subject_kind: input.subjectKind,
      subject_id: input.subjectId,
      received_on: input.receivedOn,
      requested_by_label: input.requestedBy,
      withheld: '[]',
      review_note: null,
      reviewed_by_label: null,
      reviewed_at: null,
      released_at: null,
      created_at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function saveReview(
  db: DbExecutor,
  id: string,
  review: { withheld: SarWithheldItem[]; note: string | null; by: string; at: Date },
): Promise<SubjectAccessRequestRow> {
  return db
    .updateTable('subject_access_requests')
    .set({
      status: 'reviewed',
      withheld: JSON.stringify(review.withheld),
      review_note: review.note,
      reviewed_by_label: review.by,
      reviewed_at: review.at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markReleased(db: DbExecutor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('subject_access_requests')
    .set({ status: 'released', released_at: at })
    .where('id', '=', id)
    .execute();
}
