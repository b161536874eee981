import { listActiveStaff } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import type { ConcernContext } from './concern-access.js';
import { alertLevel, alertSettingsOf, CONCERN_ESCALATE_QUEUE } from './concern-alerting.js';
import { appendEntry } from './concern-chronology.js';
import { acknowledgementDeadline } from './concern-deadlines.js';
import { routeConcern } from './concern-routing.js';
import { lockConcern, updateConcern } from './concerns.repository.js';

/**
 * The escalation job: when nobody has acknowledged by the deadline, alert the next level of the chain
 * (worked out afresh, so staff changes count), record it, and queue the level after. Idempotent.
 */
export async function escalateConcern(
  ctx: ConcernContext,
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
  await updateConcern(tx, concern.id, { escalation_level: input.level, updated_at: ctx.now });
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
