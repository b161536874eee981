import { pupilNames, staffNames } from '../people/people.queries.js';
import { todayIn } from '../platform/calendar/dates.js';
import { SCHOOL_TIME_ZONE } from '../platform/clock.js';
import { loadDataKey } from '../platform/crypto/data-keys.js';
import { type Keyring, open } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { type ChronologyEntry, readEntries } from './concern-chronology.js';
import { type CloseWarning, closeWarningsFor } from './concern-close-warnings.js';
import { listActions, listEvidence, listReferrals } from './concern-record.repository.js';
import { actionContext, contentContext, evidenceContext, type ReportContent } from './concern-sealing.js';
import { listConcernPupils } from './concerns.repository.js';
import type {
  ConcernDecision,
  ConcernRow,
  ConcernStatus,
  ConcernType,
  PupilRole,
  ReferralAgency,
} from './concerns.table.js';

export interface ConcernDetail {
  id: string;
  reference: string;
  type: ConcernType;
  platform: string;
  occurredAt: string | null;
  urgency: 'urgent' | 'routine';
  status: ConcernStatus;
  toldDslInPerson: boolean;
  reporter: { staffId: string; name: string };
  subjectStaff: { staffId: string; name: string } | null;
  whatHappened: string;
  childWords: string | null;
  actionsTaken: string | null;
  pupils: { pupilId: string; name: string; role: PupilRole }[];
  reportedAt: string;
  acknowledgedAt: string | null;
  assignedStaffId: string | null;
  escalationLevel: number;
  decision: ConcernDecision | null;
  outcome: string | null;
  legalHold: boolean;
  retentionUntil: string | null;
  chronology: ChronologyEntry[];
  actions: {
    id: string;
    description: string;
    ownerStaffId: string;
    dueOn: string;
    completedAt: string | null;
  }[];
  referrals: {
    id: string;
    agency: ReferralAgency;
    agencyReference: string | null;
    referredOn: string;
    followUpOn: string | null;
  }[];
  evidence: {
    id: string;
    name: string;
    mediaType: string;
    size: number;
    sha256: string;
    hasViewingCopy: boolean;
  }[];
  /** What closing now would leave undone: closing then needs a reason, kept in the chronology. */
  closeWarnings: CloseWarning[];
}

/** Decrypts and assembles one concern; the caller has checked access and audits the read. */
export async function assembleDetail(
  tx: DbExecutor,
  keyring: Keyring,
  concern: ConcernRow,
  now: Date,
): Promise<ConcernDetail> {
  const key = await loadDataKey(tx, keyring, concern.data_key_id);
  const content = JSON.parse(
    open(key, concern.content, contentContext(concern.id)).toString('utf8'),
  ) as ReportContent;
  const concernPupils = await listConcernPupils(tx, concern.id);
  const pupilNameOf = await pupilNames(
    tx,
    concernPupils.map((p) => p.pupil_id),
  );
  const actionRows = await listActions(tx, concern.id);
  const actions = [];
  for (const a of actionRows) {
    const description = open(
      await loadDataKey(tx, keyring, a.data_key_id),
      a.content,
      actionContext(a.id),
    ).toString('utf8');
    actions.push({
      id: a.id,
      description,
      ownerStaffId: a.owner_staff_id,
      dueOn: a.due_on,
      completedAt: a.completed_at?.toISOString() ?? null,
    });
  }
  const referrals = await listReferrals(tx, concern.id);
  const evidenceRows = await listEvidence(tx, concern.id);
  const evidence = [];
  for (const e of evidenceRows) {
    const name = open(
      await loadDataKey(tx, keyring, e.data_key_id),
      e.name,
      evidenceContext(e.id, 'name'),
    ).toString('utf8');
    evidence.push({
      id: e.id,
      name,
      mediaType: e.media_type,
      size: e.size_bytes,
      sha256: e.sha256,
      hasViewingCopy: e.viewing_copy !== null,
    });
  }
  const names = await staffNames(tx, [
    concern.reporter_staff_id,
    ...(concern.subject_staff_id ? [concern.subject_staff_id] : []),
  ]);
  return {
    id: concern.id,
    reference: concern.reference,
    type: concern.type,
    platform: concern.platform,
    occurredAt: concern.occurred_at?.toISOString() ?? null,
    urgency: concern.urgency,
    status: concern.status,
    toldDslInPerson: concern.told_dsl_in_person,
    reporter: { staffId: concern.reporter_staff_id, name: names.get(concern.reporter_staff_id) ?? '' },
    subjectStaff: concern.subject_staff_id
      ? { staffId: concern.subject_staff_id, name: names.get(concern.subject_staff_id) ?? '' }
      : null,
    whatHappened: content.whatHappened,
    childWords: content.childWords,
    actionsTaken: content.actionsTaken,
    pupils: concernPupils.flatMap((p) => {
      const name = pupilNameOf.get(p.pupil_id);
      return name === undefined ? [] : [{ pupilId: p.pupil_id, name, role: p.role }];
    }),
    reportedAt: concern.created_at.toISOString(),
    acknowledgedAt: concern.acknowledged_at?.toISOString() ?? null,
    assignedStaffId: concern.assigned_staff_id,
    escalationLevel: concern.escalation_level,
    decision: concern.decision,
    outcome: concern.outcome,
    legalHold: concern.legal_hold,
    retentionUntil: concern.retention_until,
    chronology: (await readEntries(tx, keyring, [concern.id])).map(({ concernId: _c, ...entry }) => entry),
    actions,
    referrals: referrals.map((r) => ({
      id: r.id,
      agency: r.agency,
      agencyReference: r.agency_reference,
      referredOn: r.referred_on,
      followUpOn: r.follow_up_on,
    })),
    evidence,
    closeWarnings:
      concern.status === 'closed'
        ? []
        : closeWarningsFor({
            openActions: actions.filter((a) => a.completedAt === null).length,
            followUps: referrals.map((r) => r.follow_up_on),
            assignedStaffId: concern.assigned_staff_id,
            today: todayIn(SCHOOL_TIME_ZONE, now),
          }),
  };
}
