import { randomInt, randomUUID } from 'node:crypto';
import { findPupilsInSchool, listActiveStaff } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { createDataKey } from '../platform/crypto/data-keys.js';
import { seal } from '../platform/crypto/envelope.js';
import { forbidden, invalid } from '../platform/errors.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import type { ConcernContext } from './concern-access.js';
import { alertLevel, alertSettingsOf, CONCERN_ESCALATE_QUEUE } from './concern-alerting.js';
import { appendEntry } from './concern-chronology.js';
import { acknowledgementDeadline, retentionUntil } from './concern-deadlines.js';
import { type EvidenceUpload, prepareEvidence } from './concern-evidence.js';
import { insertEvidence } from './concern-record.repository.js';
import { routeConcern } from './concern-routing.js';
import { contentContext, evidenceContext, type ReportContent } from './concern-sealing.js';
import { canReportConcern } from './concerns.permissions.js';
import { insertConcern, insertConcernPupils } from './concerns.repository.js';
import type { ConcernStatus, ConcernType, PupilRole } from './concerns.table.js';

export interface ReportInput {
  type: ConcernType;
  platform: string;
  occurredAt: Date | null;
  pupils: { pupilId: string; role: PupilRole }[];
  subjectStaffId: string | null;
  whatHappened: string;
  childWords: string | null;
  actionsTaken: string | null;
  toldDslInPerson: boolean;
  urgency: 'urgent' | 'routine';
  evidence: EvidenceUpload[];
  /** Fields from which characters that cannot be stored were removed before the report reached us. */
  cleanedFields?: string[];
}

export interface Receipt {
  reference: string;
  type: ConcernType;
  status: ConcernStatus;
  reportedAt: string;
}

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newReference(now: Date): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `C-${now.getUTCFullYear()}-${code}`;
}

/**
 * A member of staff reports a concern (clauses 1.2 and 1.3). One transaction holds the concern, its sealed
 * narrative and evidence, the first alerts (in-app, and the email jobs) and the escalation job: if the
 * server dies after the commit, the alerts still go when any worker next runs.
 */
export async function reportConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: ReportInput & { schoolId: string },
): Promise<{ id: string; receipt: Receipt }> {
  if (!canReportConcern(actor, input.schoolId) || actor.kind !== 'staff')
    throw forbidden('ConcernReportForbidden', 'report concerns in the school you are working in');
  if (input.whatHappened.trim() === '') throw invalid('ConcernNarrativeMissing', 'say what happened');
  const pupilIds = input.pupils.map((p) => p.pupilId);
  if (new Set(pupilIds).size !== pupilIds.length)
    throw invalid('ConcernPupilRepeated', 'name each pupil once, with their own role');
  if (input.type === 'staff_conduct' && input.subjectStaffId === actor.staffId)
    throw invalid('ConcernAboutSelf', 'a report about your own conduct goes to the headteacher in person');
  const evidence = await prepareEvidence(input.evidence);
  const id = randomUUID();

  return ctx.db.transaction().execute(async (tx) => {
    const pupils = await findPupilsInSchool(tx, input.schoolId, pupilIds);
    if (pupils.length !== pupilIds.length)
      throw invalid('ConcernPupilUnknown', 'a pupil named is not on the roll');
    const staff = await listActiveStaff(tx, input.schoolId);
    if (input.subjectStaffId !== null && !staff.some((s) => s.staffId === input.subjectStaffId))
      throw invalid('ConcernSubjectUnknown', 'the adult named is not a member of staff here');
    const settings = await alertSettingsOf(tx, input.schoolId);
    const acknowledgementDue = acknowledgementDeadline(input.urgency, ctx.now, settings);
    const key = await createDataKey(tx, ctx.keyring, { schoolId: input.schoolId, now: ctx.now });
    const content: ReportContent = {
      whatHappened: input.whatHappened,
      childWords: input.childWords,
      actionsTaken: input.actionsTaken,
    };
    const reference = newReference(ctx.now);
    await insertConcern(tx, {
      id,
      school_id: input.schoolId,
      reference,
      type: input.type,
      platform: input.platform,
      occurred_at: input.occurredAt,
      urgency: input.urgency,
      told_dsl_in_person: input.toldDslInPerson,
      reporter_staff_id: actor.staffId,
      subject_staff_id: input.type === 'staff_conduct' ? input.subjectStaffId : null,
      data_key_id: key.id,
      content: seal(key.key, JSON.stringify(content), contentContext(id)),
      assigned_staff_id: null,
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledgement_due_at: acknowledgementDue,
      decision: null,
      outcome: null,
      retention_until: retentionUntil(pupils.map((p) => p.date_of_birth)),
      created_at: ctx.now,
      updated_at: ctx.now,
      closed_at: null,
    });
    await insertConcernPupils(
      tx,
      input.pupils.map((p) => ({
        concern_id: id,
        pupil_id: p.pupilId,
        school_id: input.schoolId,
        role: p.role,
      })),
    );
    for (const file of evidence) {
      const evidenceId = randomUUID();
      const fileKey = await createDataKey(tx, ctx.keyring, { schoolId: input.schoolId, now: ctx.now });
      await insertEvidence(tx, {
        id: evidenceId,
        school_id: input.schoolId,
        concern_id: id,
        data_key_id: fileKey.id,
        name: seal(fileKey.key, file.name, evidenceContext(evidenceId, 'name')),
        media_type: file.mediaType,
        size_bytes: file.size,
        sha256: file.sha256,
        original: seal(fileKey.key, file.original, evidenceContext(evidenceId, 'original')),
        viewing_copy: file.viewingCopy
          ? seal(fileKey.key, file.viewingCopy, evidenceContext(evidenceId, 'view'))
          : null,
        viewing_media_type: file.viewingMediaType,
        uploaded_by: actor.staffId,
        created_at: ctx.now,
      });
    }
    const concern = { id, school_id: input.schoolId };
    await appendEntry(tx, ctx.keyring, {
      concern,
      actor,
      kind: 'reported',
      at: ctx.now,
      facts: {
        urgency: input.urgency,
        toldDslInPerson: input.toldDslInPerson,
        evidence: evidence.length,
        // Kept with the record, so whoever reads it knows the text is not exactly as typed.
        ...(input.cleanedFields?.length ? { charactersRemovedFrom: input.cleanedFields.join(', ') } : {}),
      },
    });
    const chain = routeConcern({
      type: input.type,
      subjectStaffId: input.subjectStaffId,
      staff,
      chairOfGovernors: settings.chairOfGovernors,
    });
    const alerted = await alertLevel(tx, {
      concernId: id,
      schoolId: input.schoolId,
      urgency: input.urgency,
      level: 0,
      recipients: chain[0] ?? [],
      now: ctx.now,
    });
    if (chain.length > 1)
      await enqueueJob(tx, CONCERN_ESCALATE_QUEUE, ctx.now, {
        payload: { concernId: id, level: 1 },
        runAt: acknowledgementDue,
        uniqueKey: `concern-escalate:${id}:1`,
      });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.reported',
        subject: { type: 'concern', id },
        data: {
          concernType: input.type,
          urgency: input.urgency,
          pupils: input.pupils.length,
          evidence: evidence.length,
          alerted,
        },
      },
      at: ctx.now,
    });
    return {
      id,
      receipt: { reference, type: input.type, status: 'new', reportedAt: ctx.now.toISOString() },
    };
  });
}
