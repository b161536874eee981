import { buildPupil, buildStaff } from '../people/testing.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import type { StaffActor } from '../platform/http/route-access.js';
import { buildSchool } from '../schools/testing.js';
import type { ConcernContext } from './concern-access.js';
import type { ConcernType, PupilRole } from './concerns.table.js';
import { reportConcern } from './report-concern.js';

/** Test factory: what a concern use case runs with, with a fresh random master key. */
export function buildConcernContext(db: Db, now: Date): ConcernContext {
  return { db, keyring: createKeyring(generateMasterKey()), now };
}

/**
 * Test factory: a concern reported through the real use case (so its alerts, chronology and audit are as in
 * life). Generated words only. Returns its id and reference.
 */
export async function buildConcern(
  ctx: ConcernContext,
  reporter: Actor,
  input: {
    schoolId: string;
    pupils?: { pupilId: string; role: PupilRole }[];
    type?: ConcernType;
    subjectStaffId?: string | null;
    urgency?: 'urgent' | 'routine';
    whatHappened?: string;
  },
): Promise<{ id: string; reference: string }> {
  const type = input.type ?? 'pupil_contact';
  const { id, receipt } = await reportConcern(ctx, reporter, {
    schoolId: input.schoolId,
    type,
    platform: 'Instagram',
    occurredAt: null,
    pupils: input.pupils ?? [],
    subjectStaffId: type === 'staff_conduct' ? (input.subjectStaffId ?? null) : null,
    whatHappened: input.whatHappened ?? 'A message arrived about the quorvent club late at night',
    childWords: null,
    actionsTaken: null,
    toldDslInPerson: false,
    urgency: input.urgency ?? 'routine',
    evidence: [],
  });
  return { id, reference: receipt.reference };
}

/** A school with the people concern tests need: a DSL, a deputy, a headteacher, a teacher and a pupil. */
export interface ConcernSchool {
  schoolId: string;
  dsl: StaffActor;
  deputy: StaffActor;
  head: StaffActor;
  teacher: StaffActor;
  pupilId: string;
}

/** Test factory: a school with its safeguarding leads, a teacher and a pupil (generated names only). */
export async function buildConcernSchool(db: DbExecutor): Promise<ConcernSchool> {
  const schoolId = await buildSchool(db);
  const staff = async (roles: Role[], familyName: string) =>
    (await buildStaff(db, { schoolId, roles, givenName: 'Wrenna', familyName })).actor;
  return {
    schoolId,
    dsl: await staff(['staff', 'dsl'], 'Dslford'),
    deputy: await staff(['staff', 'deputy_dsl'], 'Deputyton'),
    head: await staff(['headteacher'], 'Headley'),
    teacher: await staff(['staff'], 'Teachwell'),
    pupilId: await buildPupil(db, {
      schoolId,
      givenName: 'Corvin',
      familyName: 'Ashdale',
      dateOfBirth: '2012-05-17',
    }),
  };
}

/** The audit events of a type (about one subject when given), oldest first, for assertions. */
export async function auditEventsOf(db: DbExecutor, type: string, subjectId?: string) {
  let query = db
    .selectFrom('audit_events')
    .select(['type', 'subject_id', 'actor_staff_id', 'data'])
    .where('type', '=', type);
  if (subjectId !== undefined) query = query.where('subject_id', '=', subjectId);
  return query.orderBy('seq').execute();
}
