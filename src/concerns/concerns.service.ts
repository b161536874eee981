import { randomInt, randomUUID } from 'node:crypto';
import { GENERIC_EMAIL, notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import { todayIn } from '../platform/calendar/dates.js';
import { SCHOOL_TIME_ZONE } from '../platform/clock.js';
import { createDataKey, loadDataKey } from '../platform/crypto/data-keys.js';
import { type Keyring, open, seal } from '../platform/crypto/envelope.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { enqueueEmail } from '../platform/notify/email.js';
import { staffRoleLabels } from '../shared/concern-words.js';
import { linkTo } from '../shared/links.js';
import { recordConcernListViewed } from './concern.events.js';
import {
  type ConcernAccessSettings,
  canManageConcernSettings,
  canReportConcern,
  canTriageConcern,
  isConcernLead,
} from './concern.permissions.js';
import { type CloseWarning, closeWarningsFor } from './concern-close.js';
import {
  acknowledgementDeadline,
  defaultAcknowledgementSettings,
  retentionUntil,
} from './concern-deadlines.js';
import { type EvidenceUpload, prepareEvidence } from './concern-evidence.js';
import { type Recipient, routeConcern } from './concern-routing.js';
import {
  concernsAlertedTo,
  findConcern,
  findConcernSettings,
  findPupilsInSchool,
  listActiveStaff,
  lockConcern,
  staffNames,
} from './concerns.repository.js';
import type {
  ConcernDecision,
  ConcernRow,
  ConcernStatus,
  ConcernType,
  PupilRole,
  ReferralAgency,
} from './concerns.table.js';

/** The job queue that escalates an unacknowledged concern to the next level of its chain. */
export const CONCERN_ESCALATE_QUEUE = 'concerns.escalate';

export interface ConcernContext {
  db: Db;
  keyring: Keyring;
  now: Date;
}

/** The narrative of a report, sealed as one value. */
interface ReportContent {
  whatHappened: string;
  childWords: string | null;
  actionsTaken: string | null;
}

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

const contentContext = (concernId: string) => `concern:${concernId}:content`;
const entryContext = (entryId: string) => `concern-entry:${entryId}`;
const actionContext = (actionId: string) => `concern-action:${actionId}`;
const evidenceContext = (evidenceId: string, part: 'original' | 'view' | 'name') =>
  `concern-evidence:${evidenceId}:${part}`;

const notFoundError = () => notFound('ConcernNotFound', 'no such concern');

export async function accessSettingsOf(db: DbExecutor, schoolId: string): Promise<ConcernAccessSettings> {
  const settings = await findConcernSettings(db, schoolId);
  return { headteacherSees: settings?.headteacher_sees ?? 'staff_conduct' };
}

async function alertSettingsOf(db: DbExecutor, schoolId: string) {
  const settings = await findConcernSettings(db, schoolId);
  return {
    urgentAckMinutes: settings?.urgent_ack_minutes ?? defaultAcknowledgementSettings.urgentAckMinutes,
    routineAckWorkingDays:
      settings?.routine_ack_working_days ?? defaultAcknowledgementSettings.routineAckWorkingDays,
    chairOfGovernors:
      settings?.chair_of_governors_email != null
        ? {
            label: settings.chair_of_governors_name ?? 'Chair of governors',
            email: settings.chair_of_governors_email,
          }
        : null,
  };
}

function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? actor.email : `system:${actor.label}`;
}

function actorStaffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.staffId : null;
}

/** Appends a chronology entry, with its text sealed under its own data key. */
export async function appendEntry(
  tx: DbExecutor,
  keyring: Keyring,
  input: {
    concern: Pick<ConcernRow, 'id' | 'school_id'>;
    actor: Actor;
    kind: string;
    at: Date;
    text?: string | undefined;
    facts?: Record<string, string | number | boolean | null>;
    correctsEntryId?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  let dataKeyId: string | null = null;
  let content: Buffer | null = null;
  if (input.text !== undefined) {
    const key = await createDataKey(tx, keyring, { schoolId: input.concern.school_id, now: input.at });
    dataKeyId = key.id;
    content = seal(key.key, input.text, entryContext(id));
  }
  await tx
    .insertInto('concern_entries')
    .values({
      id,
      school_id: input.concern.school_id,
      concern_id: input.concern.id,
      at: input.at,
      kind: input.kind,
      author_staff_id: actorStaffId(input.actor),
      author_label: actorLabel(input.actor),
      corrects_entry_id: input.correctsEntryId ?? null,
      facts: JSON.stringify(input.facts ?? {}),
      data_key_id: dataKeyId,
      content,
    })
    .execute();
  return id;
}

/**
 * An urgent alert must not read like a routine one in a list of notifications; an escalated one says why it
 * reached someone outside the usual chain. No content either way: titles are shown and kept unsealed.
 */
export function alertTitle(urgency: 'urgent' | 'routine', level: number): string {
  if (urgency === 'urgent')
    return level === 0
      ? 'URGENT safeguarding concern: acknowledge it now'
      : 'URGENT safeguarding concern escalated to you: nobody has acknowledged it';
  return level === 0
    ? 'A safeguarding concern awaits you'
    : 'A safeguarding concern was escalated to you: nobody has acknowledged it';
}

/** Alerts one level of the chain: in-app and a generic email to staff, a generic email to outside contacts. */
async function alertLevel(
  tx: DbExecutor,
  input: {
    concernId: string;
    schoolId: string;
    urgency: 'urgent' | 'routine';
    level: number;
    recipients: Recipient[];
    now: Date;
  },
): Promise<number> {
  const staffIds = input.recipients.flatMap((r) => (r.kind === 'staff' ? [r.staffId] : []));
  await notify(tx, {
    schoolId: input.schoolId,
    staffIds,
    kind: input.urgency === 'urgent' ? 'concern.awaiting_urgent' : 'concern.awaiting',
    title: alertTitle(input.urgency, input.level),
    link: linkTo('concern', { id: input.concernId }),
    email: true,
    now: input.now,
  });
  for (const r of input.recipients) {
    if (r.kind === 'contact')
      await enqueueEmail(tx, {
        schoolId: input.schoolId,
        to: r.email,
        subject: GENERIC_EMAIL.subject,
        text: GENERIC_EMAIL.text,
        html: GENERIC_EMAIL.html,
        now: input.now,
      });
  }
  if (input.recipients.length > 0)
    await tx
      .insertInto('concern_alerts')
      .values(
        input.recipients.map((r) => ({
          concern_id: input.concernId,
          school_id: input.schoolId,
          level: input.level,
          staff_id: r.kind === 'staff' ? r.staffId : null,
          contact_label: r.kind === 'contact' ? r.label : null,
          alerted_at: input.now,
        })),
      )
      .execute();
  return input.recipients.length;
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
    const key = await createDataKey(tx, ctx.keyring, { schoolId: input.schoolId, now: ctx.now });
    const content: ReportContent = {
      whatHappened: input.whatHappened,
      childWords: input.childWords,
      actionsTaken: input.actionsTaken,
    };
    const reference = newReference(ctx.now);
    await tx
      .insertInto('concerns')
      .values({
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
        decision: null,
        outcome: null,
        retention_until: retentionUntil(pupils.map((p) => p.date_of_birth)),
        created_at: ctx.now,
        updated_at: ctx.now,
        closed_at: null,
      })
      .execute();
    if (input.pupils.length > 0)
      await tx
        .insertInto('concern_pupils')
        .values(
          input.pupils.map((p) => ({
            concern_id: id,
            pupil_id: p.pupilId,
            school_id: input.schoolId,
            role: p.role,
          })),
        )
        .execute();
    for (const file of evidence) {
      const evidenceId = randomUUID();
      const fileKey = await createDataKey(tx, ctx.keyring, { schoolId: input.schoolId, now: ctx.now });
      await tx
        .insertInto('concern_evidence')
        .values({
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
        })
        .execute();
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
        runAt: acknowledgementDeadline(input.urgency, ctx.now, settings),
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

/**
 * The escalation job: when nobody has acknowledged by the deadline, alert the next level of the chain
 * (worked out afresh, so staff changes count), record it, and queue the level after. Idempotent.
 */
export async function escalateConcern(
  ctx: Omit<ConcernContext, 'keyring'> & { keyring: Keyring },
  input: { concernId: string; level: number },
): Promise<{ escalated: boolean }> {
  return ctx.db.transaction().execute((tx) => escalateConcernIn(tx, ctx, input));
}

/** The escalation inside the caller's transaction: the job's own, so the job is marked done with it. */
export async function escalateConcernIn(
  tx: DbExecutor,
  ctx: { keyring: Keyring; now: Date },
  input: { concernId: string; level: number },
): Promise<{ escalated: boolean }> {
  const system: Actor = { kind: 'system', label: 'escalation' };
  const concern = await lockConcern(tx, input.concernId);
  if (!concern || concern.acknowledged_at !== null || concern.status === 'closed')
    return { escalated: false };
  if (concern.escalation_level >= input.level) return { escalated: false };
  const settings = await alertSettingsOf(tx, concern.school_id);
  const chain = routeConcern({
    type: concern.type,
    subjectStaffId: concern.subject_staff_id,
    staff: await listActiveStaff(tx, concern.school_id),
    chairOfGovernors: settings.chairOfGovernors,
  });
  const recipients = chain[input.level];
  if (!recipients) return { escalated: false };
  const alerted = await alertLevel(tx, {
    concernId: concern.id,
    schoolId: concern.school_id,
    urgency: concern.urgency,
    level: input.level,
    recipients,
    now: ctx.now,
  });
  await tx
    .updateTable('concerns')
    .set({ escalation_level: input.level, updated_at: ctx.now })
    .where('id', '=', concern.id)
    .execute();
  await appendEntry(tx, ctx.keyring, {
    concern,
    actor: system,
    kind: 'escalated',
    at: ctx.now,
    facts: { level: input.level, alerted },
  });
  if (chain.length > input.level + 1)
    await enqueueJob(tx, CONCERN_ESCALATE_QUEUE, ctx.now, {
      payload: { concernId: concern.id, level: input.level + 1 },
      runAt: acknowledgementDeadline(concern.urgency, ctx.now, settings),
      uniqueKey: `concern-escalate:${concern.id}:${input.level + 1}`,
    });
  await recordAudit(tx, {
    actor: system,
    schoolId: concern.school_id,
    event: {
      type: 'concern.escalated',
      subject: { type: 'concern', id: concern.id },
      data: { level: input.level, alerted },
    },
    at: ctx.now,
  });
  return { escalated: true };
}

/** Loads a concern the actor may triage, locked when asked; "not found" otherwise, so nothing leaks. */
async function requireVisibleConcern(
  tx: DbExecutor,
  actor: Actor,
  schoolId: string,
  concernId: string,
  options: { lock?: boolean } = {},
): Promise<ConcernRow> {
  if (!isConcernLead(actor)) throw notFoundError();
  const concern = options.lock
    ? await lockConcern(tx, concernId)
    : await findConcern(tx, schoolId, concernId);
  if (!concern || concern.school_id !== schoolId) throw notFoundError();
  if (
    !canTriageConcern(
      actor,
      { schoolId, type: concern.type, subjectStaffId: concern.subject_staff_id },
      await accessSettingsOf(tx, schoolId),
    )
  )
    throw notFoundError();
  return concern;
}

export const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export interface ConcernSummary {
  id: string;
  reference: string;
  type: ConcernType;
  urgency: 'urgent' | 'routine';
  status: ConcernStatus;
  reportedAt: string;
  acknowledgedAt: string | null;
  acknowledgeBy: string | null;
  escalationLevel: number;
  assignedStaffId: string | null;
  openActions: number;
  overdueActions: number;
  overdueFollowUps: number;
  legalHold: boolean;
  /** False for a concern that was escalated to someone who may not read it: they see its alert only. */
  canRead: boolean;
}

/** The DSL dashboard: every concern the actor may see, newest first, with timers and overdue work. */
export async function listConcerns(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; today: string; status?: ConcernStatus | undefined },
): Promise<ConcernSummary[]> {
  if (!isConcernLead(actor) || (actor.kind === 'staff' && actor.schoolId !== input.schoolId))
    throw forbidden('ConcernListForbidden', 'the concern dashboard is for safeguarding leads');
  return ctx.db.transaction().execute(async (tx) => {
    const access = await accessSettingsOf(tx, input.schoolId);
    const alert = await alertSettingsOf(tx, input.schoolId);
    let query = tx.selectFrom('concerns').selectAll().where('school_id', '=', input.schoolId);
    if (input.status) query = query.where('status', '=', input.status);
    const all = await query.orderBy('created_at', 'desc').limit(500).execute();
    const readable = new Set(
      all
        .filter((c) =>
          canTriageConcern(
            actor,
            { schoolId: c.school_id, type: c.type, subjectStaffId: c.subject_staff_id },
            access,
          ),
        )
        .map((c) => c.id),
    );
    // Someone a concern escalated to must see it to act on it, even where they may not read it.
    const alerted =
      actor.kind === 'staff'
        ? await concernsAlertedTo(
            tx,
            actor.staffId,
            all.filter((c) => !readable.has(c.id)).map((c) => c.id),
          )
        : new Set<string>();
    const rows = all.filter((c) => readable.has(c.id) || alerted.has(c.id));
    const ids = rows.filter((r) => readable.has(r.id)).map((r) => r.id);
    const actions = ids.length
      ? await tx
          .selectFrom('concern_actions')
          .select(['concern_id', 'due_on', 'completed_at'])
          .where('concern_id', 'in', ids)
          .execute()
      : [];
    const referrals = ids.length
      ? await tx
          .selectFrom('concern_referrals')
          .select(['concern_id', 'follow_up_on'])
          .where('concern_id', 'in', ids)
          .execute()
      : [];
    await recordConcernListViewed(tx, {
      actor,
      schoolId: input.schoolId,
      view: 'dashboard',
      count: rows.length,
      at: ctx.now,
    });
    return rows.map((c) => {
      const open = actions.filter((a) => a.concern_id === c.id && a.completed_at === null);
      return {
        id: c.id,
        reference: c.reference,
        type: c.type,
        urgency: c.urgency,
        status: c.status,
        reportedAt: c.created_at.toISOString(),
        acknowledgedAt: c.acknowledged_at?.toISOString() ?? null,
        acknowledgeBy:
          c.acknowledged_at === null
            ? acknowledgementDeadline(c.urgency, c.created_at, alert).toISOString()
            : null,
        escalationLevel: c.escalation_level,
        assignedStaffId: c.assigned_staff_id,
        openActions: open.length,
        overdueActions: open.filter((a) => a.due_on < input.today).length,
        overdueFollowUps:
          c.status === 'closed'
            ? 0
            : referrals.filter(
                (r) => r.concern_id === c.id && r.follow_up_on !== null && r.follow_up_on < input.today,
              ).length,
        legalHold: c.legal_hold,
        canRead: readable.has(c.id),
      };
    });
  });
}

/** The reporter's own receipts: reference, type and status only, never the leads' work. */
export async function listMyReceipts(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string },
): Promise<Receipt[]> {
  if (actor.kind !== 'staff' || actor.schoolId !== input.schoolId)
    throw forbidden('ConcernReceiptsForbidden', 'receipts are for the member of staff who reported');
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('concerns')
      .select(['reference', 'type', 'status', 'created_at'])
      .where('school_id', '=', input.schoolId)
      .where('reporter_staff_id', '=', actor.staffId)
      .orderBy('created_at', 'desc')
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.receipts_viewed',
        subject: { type: 'staff', id: actor.staffId },
        data: { count: rows.length },
      },
      at: ctx.now,
    });
    return rows.map((r) => ({
      reference: r.reference,
      type: r.type,
      status: r.status,
      reportedAt: r.created_at.toISOString(),
    }));
  });
}

export interface ChronologyEntry {
  id: string;
  at: string;
  kind: string;
  author: string;
  /** Null for entries Guardpost made itself (an escalation). */
  authorStaffId: string | null;
  text: string | null;
  facts: Record<string, string | number | boolean | null>;
  correctsEntryId: string | null;
}

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

async function readEntries(tx: DbExecutor, keyring: Keyring, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  const rows = await tx
    .selectFrom('concern_entries')
    .selectAll()
    .where('concern_id', 'in', [...concernIds])
    .orderBy('seq')
    .execute();
  const entries: (ChronologyEntry & { concernId: string })[] = [];
  for (const row of rows) {
    const text =
      row.data_key_id && row.content
        ? open(await loadDataKey(tx, keyring, row.data_key_id), row.content, entryContext(row.id)).toString(
            'utf8',
          )
        : null;
    entries.push({
      id: row.id,
      concernId: row.concern_id,
      at: row.at.toISOString(),
      kind: row.kind,
      author: row.author_label,
      authorStaffId: row.author_staff_id,
      text,
      facts: row.facts,
      correctsEntryId: row.corrects_entry_id,
    });
  }
  return entries;
}

/** Decrypts and assembles one concern; the caller has checked access and audits the read. */
async function assembleDetail(
  tx: DbExecutor,
  keyring: Keyring,
  concern: ConcernRow,
  now: Date,
): Promise<ConcernDetail> {
  const key = await loadDataKey(tx, keyring, concern.data_key_id);
  const content = JSON.parse(
    open(key, concern.content, contentContext(concern.id)).toString('utf8'),
  ) as ReportContent;
  const pupils = await tx
    .selectFrom('concern_pupils')
    .innerJoin('pupils', 'pupils.id', 'concern_pupils.pupil_id')
    .select(['pupils.id', 'pupils.given_name', 'pupils.family_name', 'concern_pupils.role'])
    .where('concern_pupils.concern_id', '=', concern.id)
    .execute();
  const actionRows = await tx
    .selectFrom('concern_actions')
    .selectAll()
    .where('concern_id', '=', concern.id)
    .orderBy('created_at')
    .execute();
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
  const referrals = await tx
    .selectFrom('concern_referrals')
    .selectAll()
    .where('concern_id', '=', concern.id)
    .orderBy('created_at')
    .execute();
  const evidenceRows = await tx
    .selectFrom('concern_evidence')
    .select(['id', 'data_key_id', 'name', 'media_type', 'size_bytes', 'sha256', 'viewing_copy'])
    .where('concern_id', '=', concern.id)
    .orderBy('created_at')
    .execute();
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
    pupils: pupils.map((p) => ({ pupilId: p.id, name: `${p.given_name} ${p.family_name}`, role: p.role })),
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

/** One concern in full, for those who may triage it; the read is audited. */
export async function getConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; purpose?: 'detail' | 'export' },
): Promise<ConcernDetail> {
  if (!isUuid(input.concernId)) throw notFoundError();
  return ctx.db.transaction().execute(async (tx) => {
    const concern = await requireVisibleConcern(tx, actor, input.schoolId, input.concernId);
    const detail = await assembleDetail(tx, ctx.keyring, concern, ctx.now);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event:
        input.purpose === 'export'
          ? {
              type: 'concern.exported',
              subject: { type: 'concern', id: concern.id },
              data: { format: 'pdf' },
            }
          : {
              type: 'concern.viewed',
              subject: { type: 'concern', id: concern.id },
              data: { view: 'detail' },
            },
      at: ctx.now,
    });
    return detail;
  });
}

/** An evidence file (original or the metadata-free viewing copy), decrypted; audited. */
export async function getEvidence(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; evidenceId: string; variant: 'original' | 'view' },
): Promise<{ name: string; mediaType: string; bytes: Buffer; sha256: string }> {
  if (!isUuid(input.concernId) || !isUuid(input.evidenceId)) throw notFoundError();
  return ctx.db.transaction().execute(async (tx) => {
    const concern = await requireVisibleConcern(tx, actor, input.schoolId, input.concernId);
    const row = await tx
      .selectFrom('concern_evidence')
      .selectAll()
      .where('concern_id', '=', concern.id)
      .where('id', '=', input.evidenceId)
      .executeTakeFirst();
    if (!row) throw notFound('EvidenceNotFound', 'no such evidence file');
    const key = await loadDataKey(tx, ctx.keyring, row.data_key_id);
    const useView = input.variant === 'view' && row.viewing_copy !== null;
    const bytes = useView
      ? open(key, row.viewing_copy ?? Buffer.alloc(0), evidenceContext(row.id, 'view'))
      : open(key, row.original, evidenceContext(row.id, 'original'));
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.evidence_viewed',
        subject: { type: 'concern', id: concern.id },
        data: { evidenceId: row.id, variant: useView ? 'view' : 'original' },
      },
      at: ctx.now,
    });
    return {
      name: open(key, row.name, evidenceContext(row.id, 'name')).toString('utf8'),
      mediaType: useView ? (row.viewing_media_type ?? row.media_type) : row.media_type,
      bytes,
      sha256: row.sha256,
    };
  });
}

export type TriageCommand =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; staffId: string }
  | { kind: 'note'; text: string; correctsEntryId: string | null }
  | { kind: 'action'; description: string; ownerStaffId: string; dueOn: string }
  | { kind: 'complete_action'; actionId: string }
  | { kind: 'decision'; decision: ConcernDecision; reasons: string }
  | {
      kind: 'referral';
      agency: ReferralAgency;
      agencyReference: string | null;
      referredOn: string;
      followUpOn: string | null;
      notes: string | null;
    }
  | { kind: 'close'; outcome: string; reasons: string; closeAnywayReason: string | null }
  | { kind: 'reopen'; reasons: string }
  | { kind: 'legal_hold'; legalHold: boolean; reasons: string };

async function requireActiveStaff(tx: DbExecutor, schoolId: string, staffId: string): Promise<void> {
  if (!isUuid(staffId)) throw invalid('StaffUnknown', 'that person is not a member of staff here');
  const staff = await listActiveStaff(tx, schoolId);
  if (!staff.some((s) => s.staffId === staffId))
    throw invalid('StaffUnknown', 'that person is not a member of staff here');
}

/**
 * Every triage step on one concern: one transaction, the concern row locked, a chronology entry and an
 * audit event for each. Reasons are mandatory where KCSIE asks for them (decisions, including not to
 * refer; closing; reopening; legal hold).
 */
export async function triageConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; command: TriageCommand },
): Promise<ConcernDetail> {
  if (!isUuid(input.concernId)) throw notFoundError();
  const command = input.command;
  const needsReasons = 'reasons' in command ? command.reasons : undefined;
  if (needsReasons !== undefined && needsReasons.trim().length < 3)
    throw invalid(
      'ReasonsRequired',
      'write down the reasons: KCSIE expects every decision to be recorded with them',
    );
  return ctx.db.transaction().execute(async (tx) => {
    const concern = await requireVisibleConcern(tx, actor, input.schoolId, input.concernId, { lock: true });
    const subject = { type: 'concern' as const, id: concern.id };
    const audit = (event: Parameters<typeof recordAudit>[1]['event']) =>
      recordAudit(tx, { actor, schoolId: input.schoolId, event, at: ctx.now });
    const update = (
      set: Partial<{
        status: ConcernStatus;
        acknowledged_at: Date;
        acknowledged_by: string | null;
        assigned_staff_id: string;
        decision: ConcernDecision;
        outcome: string | null;
        closed_at: Date | null;
        legal_hold: boolean;
      }>,
    ) =>
      tx
        .updateTable('concerns')
        .set({ ...set, updated_at: ctx.now })
        .where('id', '=', concern.id)
        .execute();
    const entry = (
      kind: string,
      text?: string,
      facts?: Record<string, string | number | boolean | null>,
      correctsEntryId?: string | null,
    ) =>
      appendEntry(tx, ctx.keyring, {
        concern,
        actor,
        kind,
        at: ctx.now,
        text,
        facts: facts ?? {},
        correctsEntryId: correctsEntryId ?? null,
      });
    if (
      command.kind !== 'reopen' &&
      command.kind !== 'legal_hold' &&
      command.kind !== 'acknowledge' &&
      concern.status === 'closed'
    )
      throw invalid('ConcernClosed', 'reopen the concern first');

    switch (command.kind) {
      case 'acknowledge': {
        if (concern.acknowledged_at !== null)
          throw invalid('ConcernAlreadyAcknowledged', 'already acknowledged');
        await update({ status: 'open', acknowledged_at: ctx.now, acknowledged_by: actorStaffId(actor) });
        await entry('acknowledged');
        await audit({
          type: 'concern.acknowledged',
          subject,
          data: { afterMinutes: Math.round((ctx.now.getTime() - concern.created_at.getTime()) / 60_000) },
        });
        break;
      }
      case 'assign': {
        await requireActiveStaff(tx, input.schoolId, command.staffId);
        const person = {
          schoolId: input.schoolId,
          type: concern.type,
          subjectStaffId: concern.subject_staff_id,
        };
        const roles =
          (await listActiveStaff(tx, input.schoolId)).find((s) => s.staffId === command.staffId)?.roles ?? [];
        const candidate: Actor = {
          kind: 'staff',
          staffId: command.staffId,
          schoolId: input.schoolId,
          roles,
          email: '',
          name: '',
        };
        if (!canTriageConcern(candidate, person, await accessSettingsOf(tx, input.schoolId)))
          throw invalid('AssigneeCannotSeeConcern', 'assign a safeguarding lead who may see this concern');
        await update({
          assigned_staff_id: command.staffId,
          ...(concern.status === 'new' ? { status: 'open' as const } : {}),
        });
        await entry('assigned', undefined, { staffId: command.staffId });
        await audit({ type: 'concern.assigned', subject, data: { staffId: command.staffId } });
        break;
      }
      case 'note': {
        if (command.text.trim() === '') throw invalid('EntryEmpty', 'write the entry');
        if (command.correctsEntryId !== null) {
          const target = isUuid(command.correctsEntryId)
            ? await tx
                .selectFrom('concern_entries')
                .select('id')
                .where('id', '=', command.correctsEntryId)
                .where('concern_id', '=', concern.id)
                .executeTakeFirst()
            : undefined;
          if (!target) throw invalid('CorrectedEntryUnknown', 'the entry to correct is not in this concern');
        }
        const kind = command.correctsEntryId === null ? 'note' : 'correction';
        const entryId = await entry(kind, command.text, {}, command.correctsEntryId);
        await audit({
          type: 'concern.entry_added',
          subject,
          data: { entryId, kind, correctsEntryId: command.correctsEntryId },
        });
        break;
      }
      case 'action': {
        if (command.description.trim() === '') throw invalid('ActionEmpty', 'describe the action');
        await requireActiveStaff(tx, input.schoolId, command.ownerStaffId);
        const id = randomUUID();
        const key = await createDataKey(tx, ctx.keyring, { schoolId: input.schoolId, now: ctx.now });
        await tx
          .insertInto('concern_actions')
          .values({
            id,
            school_id: input.schoolId,
            concern_id: concern.id,
            data_key_id: key.id,
            content: seal(key.key, command.description, actionContext(id)),
            owner_staff_id: command.ownerStaffId,
            due_on: command.dueOn,
            created_at: ctx.now,
            created_by: actorStaffId(actor),
            completed_at: null,
            completed_by: null,
          })
          .execute();
        await entry('action_added', command.description, {
          actionId: id,
          ownerStaffId: command.ownerStaffId,
          dueOn: command.dueOn,
        });
        await audit({ type: 'concern.action_added', subject, data: { actionId: id, dueOn: command.dueOn } });
        break;
      }
      case 'complete_action': {
        const done = isUuid(command.actionId)
          ? await tx
              .updateTable('concern_actions')
              .set({ completed_at: ctx.now, completed_by: actorStaffId(actor) })
              .where('id', '=', command.actionId)
              .where('concern_id', '=', concern.id)
              .where('completed_at', 'is', null)
              .returning('id')
              .executeTakeFirst()
          : undefined;
        if (!done) throw invalid('ActionUnknown', 'no open action with that id on this concern');
        await entry('action_completed', undefined, { actionId: command.actionId });
        await audit({ type: 'concern.action_completed', subject, data: { actionId: command.actionId } });
        break;
      }
      case 'decision': {
        await update({
          decision: command.decision,
          ...(concern.status === 'new' ? { status: 'open' as const } : {}),
        });
        await entry('decision', command.reasons, { decision: command.decision });
        await audit({ type: 'concern.decision_recorded', subject, data: { decision: command.decision } });
        break;
      }
      case 'referral': {
        const id = randomUUID();
        await tx
          .insertInto('concern_referrals')
          .values({
            id,
            school_id: input.schoolId,
            concern_id: concern.id,
            agency: command.agency,
            agency_reference: command.agencyReference,
            referred_on: command.referredOn,
            follow_up_on: command.followUpOn,
            created_at: ctx.now,
            created_by: actorStaffId(actor),
          })
          .execute();
        await entry('referral', command.notes ?? undefined, {
          referralId: id,
          agency: command.agency,
          agencyReference: command.agencyReference,
          followUpOn: command.followUpOn,
        });
        await audit({
          type: 'concern.referral_added',
          subject,
          data: { referralId: id, agency: command.agency, followUpOn: command.followUpOn },
        });
        break;
      }
      case 'close': {
        if (concern.decision === null)
          throw invalid('DecisionRequired', 'record a decision with its reasons before closing');
        const before = await assembleDetail(tx, ctx.keyring, concern, ctx.now);
        const warnings = before.closeWarnings;
        const anyway = command.closeAnywayReason?.trim() ?? '';
        if (warnings.length > 0 && anyway.length < 3)
          throw invalid(
            'CloseNeedsReason',
            'this concern still has work open: say why it should close anyway',
            warnings.map((w) => w.message),
          );
        await update({ status: 'closed', outcome: command.outcome, closed_at: ctx.now });
        await entry('closed', command.reasons, { outcome: command.outcome });
        if (warnings.length > 0)
          await entry('closed_despite', anyway, { warnings: warnings.map((w) => w.code).join(',') });
        await audit({
          type: 'concern.closed',
          subject,
          data: {
            outcome: command.outcome,
            ...(warnings.length > 0 ? { closedDespite: warnings.map((w) => w.code) } : {}),
          },
        });
        break;
      }
      case 'reopen': {
        if (concern.status !== 'closed')
          throw invalid('ConcernNotClosed', 'only a closed concern can be reopened');
        await update({ status: 'open', closed_at: null });
        await entry('reopened', command.reasons);
        await audit({ type: 'concern.reopened', subject, data: {} });
        break;
      }
      case 'legal_hold': {
        await update({ legal_hold: command.legalHold });
        await entry('legal_hold', command.reasons, { legalHold: command.legalHold });
        await audit({ type: 'concern.legal_hold_set', subject, data: { legalHold: command.legalHold } });
        break;
      }
    }
    const fresh = await lockConcern(tx, concern.id);
    if (!fresh) throw notFoundError();
    return assembleDetail(tx, ctx.keyring, fresh, ctx.now);
  });
}

/** A pupil's chronology across every concern the actor may see; audited. Unknown pupils are "not found". */
export async function getPupilChronology(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; pupilId: string; format: 'json' | 'pdf' },
): Promise<{ pupil: { id: string; name: string; dateOfBirth: string | null }; concerns: ConcernDetail[] }> {
  if (
    !isConcernLead(actor) ||
    (actor.kind === 'staff' && actor.schoolId !== input.schoolId) ||
    !isUuid(input.pupilId)
  )
    throw notFound('PupilChronologyNotFound', 'no chronology for that pupil');
  return ctx.db.transaction().execute(async (tx) => {
    const [pupil] = await findPupilsInSchool(tx, input.schoolId, [input.pupilId]);
    if (!pupil) throw notFound('PupilChronologyNotFound', 'no chronology for that pupil');
    const access = await accessSettingsOf(tx, input.schoolId);
    const rows = await tx
      .selectFrom('concerns')
      .innerJoin('concern_pupils', 'concern_pupils.concern_id', 'concerns.id')
      .selectAll('concerns')
      .where('concern_pupils.pupil_id', '=', pupil.id)
      .where('concerns.school_id', '=', input.schoolId)
      .orderBy('concerns.created_at')
      .execute();
    const visible = rows.filter((c) =>
      canTriageConcern(
        actor,
        { schoolId: c.school_id, type: c.type, subjectStaffId: c.subject_staff_id },
        access,
      ),
    );
    const concerns: ConcernDetail[] = [];
    for (const c of visible) concerns.push(await assembleDetail(tx, ctx.keyring, c, ctx.now));
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.pupil_chronology_viewed',
        subject: { type: 'pupil', id: pupil.id },
        data: { format: input.format, concerns: concerns.length },
      },
      at: ctx.now,
    });
    return {
      pupil: {
        id: pupil.id,
        name: `${pupil.given_name} ${pupil.family_name}`,
        dateOfBirth: pupil.date_of_birth,
      },
      concerns,
    };
  });
}

export interface ConcernSettings {
  urgentAckMinutes: number;
  routineAckWorkingDays: number;
  headteacherSees: 'staff_conduct' | 'all';
  chairOfGovernorsName: string | null;
  chairOfGovernorsEmail: string | null;
}

export async function getConcernSettings(
  ctx: ConcernContext,
  actor: Actor,
  schoolId: string,
): Promise<ConcernSettings> {
  if (!canManageConcernSettings(actor, schoolId))
    throw forbidden('ConcernSettingsForbidden', 'for the DSL and the headteacher');
  const row = await findConcernSettings(ctx.db, schoolId);
  return {
    urgentAckMinutes: row?.urgent_ack_minutes ?? defaultAcknowledgementSettings.urgentAckMinutes,
    routineAckWorkingDays:
      row?.routine_ack_working_days ?? defaultAcknowledgementSettings.routineAckWorkingDays,
    headteacherSees: row?.headteacher_sees ?? 'staff_conduct',
    chairOfGovernorsName: row?.chair_of_governors_name ?? null,
    chairOfGovernorsEmail: row?.chair_of_governors_email ?? null,
  };
}

export async function updateConcernSettings(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; changes: Partial<ConcernSettings> },
): Promise<ConcernSettings> {
  if (!canManageConcernSettings(actor, input.schoolId))
    throw forbidden('ConcernSettingsForbidden', 'for the DSL and the headteacher');
  const current = await getConcernSettings(ctx, actor, input.schoolId);
  const next = { ...current, ...input.changes };
  await ctx.db.transaction().execute(async (tx) => {
    const values = {
      urgent_ack_minutes: next.urgentAckMinutes,
      routine_ack_working_days: next.routineAckWorkingDays,
      headteacher_sees: next.headteacherSees,
      chair_of_governors_name: next.chairOfGovernorsName,
      chair_of_governors_email: next.chairOfGovernorsEmail?.toLowerCase() ?? null,
      updated_at: ctx.now,
    };
    await tx
      .insertInto('concern_settings')
      .values({ school_id: input.schoolId, ...values })
      .onConflict((oc) => oc.column('school_id').doUpdateSet(values))
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.settings_updated',
        subject: { type: 'school', id: input.schoolId },
        data: { fields: Object.keys(input.changes).sort() },
      },
      at: ctx.now,
    });
  });
  return next;
}

const staffRoleOrder: Role[] = ['headteacher', 'dsl', 'deputy_dsl', 'smt', 'manager', 'admin', 'staff'];

/**
 * Names and roles of the staff a concern record mentions (reporter, authors, owners, assignees), for the PDF:
 * a receiving agency reads people, not ids. Staff no longer in the school keep their name, role "former staff".
 */
export async function namePeopleInRecord(
  db: DbExecutor,
  schoolId: string,
  concerns: readonly ConcernDetail[],
): Promise<Map<string, { name: string; role: string }>> {
  const ids = new Set<string>();
  for (const c of concerns) {
    ids.add(c.reporter.staffId);
    if (c.subjectStaff) ids.add(c.subjectStaff.staffId);
    if (c.assignedStaffId) ids.add(c.assignedStaffId);
    for (const e of c.chronology) {
      if (e.authorStaffId) ids.add(e.authorStaffId);
      for (const key of ['staffId', 'ownerStaffId'] as const) {
        const value = e.facts[key];
        if (typeof value === 'string') ids.add(value);
      }
    }
    for (const a of c.actions) ids.add(a.ownerStaffId);
  }
  const wanted = [...ids].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .leftJoin('staff_memberships', (join) =>
      join
        .onRef('staff_memberships.staff_id', '=', 'staff.id')
        .on('staff_memberships.school_id', '=', schoolId),
    )
    .select([
      'staff.id',
      'staff.given_name',
      'staff.family_name',
      'staff_memberships.roles',
      'staff_memberships.status',
    ])
    .where('staff.id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((r) => {
      const role = r.status === 'active' ? staffRoleOrder.find((x) => r.roles?.includes(x)) : undefined;
      return [
        r.id,
        { name: `${r.given_name} ${r.family_name}`, role: role ? staffRoleLabels[role] : 'former staff' },
      ];
    }),
  );
}

/** The person exporting, as the PDF's footer names them. */
export function exporterOf(actor: Actor): { name: string; role: string } {
  if (actor.kind === 'system') return { name: 'Guardpost', role: actor.label };
  const role = staffRoleOrder.find((x) => actor.roles.includes(x)) ?? 'staff';
  return { name: actor.name || actor.email, role: staffRoleLabels[role] };
}
