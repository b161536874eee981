import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import { type Actor, hasRole } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { findCurrentVersion } from './policy.repository.js';
import type { PolicyVersionRow } from './policy.table.js';

const DAY_MS = 86_400_000;
/** Reminders go after this many days without an acknowledgement of the current version. */
export const REMINDER_DAYS = [7, 14] as const;

export interface AcknowledgementView {
  policyVersionId: string;
  label: string;
  documentHash: string;
  acknowledgedAt: string;
}

function requireStaff(actor: Actor): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff') throw forbidden('StaffOnly', 'only a member of staff acknowledges the policy');
  return actor;
}

async function requireCurrent(db: DbExecutor, schoolId: string): Promise<PolicyVersionRow> {
  const current = await findCurrentVersion(db, schoolId);
  if (!current) throw notFound('PolicyNotFound', 'this school has no current policy version');
  return current;
}

/**
 * "I have read and understood": records the actor's acknowledgement of the exact text of the current
 * version. Acknowledging again is harmless and records nothing new.
 */
export async function acknowledgeCurrentPolicy(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<AcknowledgementView & { alreadyAcknowledged: boolean }> {
  const me = requireStaff(actor);
  return db.transaction().execute(async (tx) => {
    const current = await requireCurrent(tx, me.schoolId);
    const inserted = await tx
      .insertInto('policy_acknowledgements')
      .values({
        school_id: me.schoolId,
        staff_id: me.staffId,
        policy_version_id: current.id,
        document_hash: current.document_hash,
        acknowledged_at: now,
      })
      .onConflict((oc) => oc.columns(['school_id', 'staff_id', 'document_hash']).doNothing())
      .returning('acknowledged_at')
      .executeTakeFirst();
    if (inserted) {
      await recordAudit(tx, {
        actor: me,
        schoolId: me.schoolId,
        at: now,
        event: {
          type: 'policy.acknowledged',
          subject: { type: 'policy_version', id: current.id },
          data: { label: current.label, documentHash: current.document_hash },
        },
      });
    }
    const row =
      inserted ??
      (await tx
        .selectFrom('policy_acknowledgements')
        .select('acknowledged_at')
        .where('school_id', '=', me.schoolId)
        .where('staff_id', '=', me.staffId)
        .where('document_hash', '=', current.document_hash)
        .executeTakeFirstOrThrow());
    return {
      policyVersionId: current.id,
      label: current.label,
      documentHash: current.document_hash,
      acknowledgedAt: row.acknowledged_at.toISOString(),
      alreadyAcknowledged: !inserted,
    };
  });
}

/** Whether the actor has acknowledged the current version, and what they acknowledged before. */
export async function getMyAcknowledgements(
  db: DbExecutor,
  actor: Actor,
): Promise<{
  current: { policyVersionId: string; label: string; documentHash: string } | null;
  acknowledgedCurrent: boolean;
  acknowledgements: AcknowledgementView[];
}> {
  const me = requireStaff(actor);
  const current = await findCurrentVersion(db, me.schoolId);
  const rows = await db
    .selectFrom('policy_acknowledgements')
    .innerJoin('policy_versions', 'policy_versions.id', 'policy_acknowledgements.policy_version_id')
    .select([
      'policy_acknowledgements.policy_version_id',
      'policy_versions.label',
      'policy_acknowledgements.document_hash',
      'policy_acknowledgements.acknowledged_at',
    ])
    .where('policy_acknowledgements.school_id', '=', me.schoolId)
    .where('policy_acknowledgements.staff_id', '=', me.staffId)
    .orderBy('policy_acknowledgements.acknowledged_at', 'desc')
    .execute();
  return {
    current: current
      ? { policyVersionId: current.id, label: current.label, documentHash: current.document_hash }
      : null,
    acknowledgedCurrent: current !== undefined && rows.some((r) => r.document_hash === current.document_hash),
    acknowledgements: rows.map((r) => ({
      policyVersionId: r.policy_version_id,
      label: r.label,
      documentHash: r.document_hash,
      acknowledgedAt: r.acknowledged_at.toISOString(),
    })),
  };
}

export interface AcknowledgementReport {
  policyVersionId: string;
  label: string;
  documentHash: string;
  total: number;
  acknowledged: number;
  /** Share of active staff who have acknowledged, 0–100 with one decimal; 100 when there is nobody. */
  percentage: number;
  staff: { staffId: string; name: string; email: string; acknowledgedAt: string | null }[];
}

/** Who has and has not acknowledged the current version: for SMT, the headteacher and admins. */
export async function getAcknowledgementReport(db: DbExecutor, actor: Actor): Promise<AcknowledgementReport> {
  if (actor.kind !== 'staff' || !hasRole(actor, 'smt', 'headteacher', 'admin'))
    throw forbidden('AcknowledgementReportForbidden', 'only SMT, the headteacher and admins see this');
  const current = await requireCurrent(db, actor.schoolId);
  const rows = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .leftJoin('policy_acknowledgements', (join) =>
      join
        .onRef('policy_acknowledgements.staff_id', '=', 'staff.id')
        .onRef('policy_acknowledgements.school_id', '=', 'staff_memberships.school_id')
        .on('policy_acknowledgements.document_hash', '=', current.document_hash),
    )
    .select([
      'staff.id',
      'staff.given_name',
      'staff.family_name',
      'staff.email',
      'policy_acknowledgements.acknowledged_at',
    ])
    .where('staff_memberships.school_id', '=', actor.schoolId)
    .where('staff_memberships.status', '=', 'active')
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .execute();
  const acknowledged = rows.filter((r) => r.acknowledged_at !== null).length;
  return {
    policyVersionId: current.id,
    label: current.label,
    documentHash: current.document_hash,
    total: rows.length,
    acknowledged,
    percentage: rows.length === 0 ? 100 : Math.round((acknowledged / rows.length) * 1000) / 10,
    staff: rows.map((r) => ({
      staffId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      email: r.email,
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    })),
  };
}

/**
 * Reminds everyone who has not acknowledged their school's current version after 7 and after 14 days
 * (counted from when the version became current, or from when they joined if later). The reminder table's
 * unique key makes each reminder go once per person per text, however often this runs; when both are due
 * at once (a late run), both are recorded but one message goes.
 */
export async function sendAcknowledgementReminders(db: Db, now: Date): Promise<{ reminded: number }> {
  const schools = await db
    .selectFrom('policy_versions')
    .select(['school_id'])
    .where('is_current', '=', true)
    .execute();
  let reminded = 0;
  for (const { school_id: schoolId } of schools) {
    reminded += await db.transaction().execute(async (tx) => {
      const current = await requireCurrent(tx, schoolId);
      const pending = await tx
        .selectFrom('staff_memberships')
        .select(['staff_memberships.staff_id', 'staff_memberships.created_at'])
        .where('staff_memberships.school_id', '=', schoolId)
        .where('staff_memberships.status', '=', 'active')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('policy_acknowledgements')
                .select('policy_acknowledgements.id')
                .whereRef('policy_acknowledgements.staff_id', '=', 'staff_memberships.staff_id')
                .where('policy_acknowledgements.school_id', '=', schoolId)
                .where('policy_acknowledgements.document_hash', '=', current.document_hash),
            ),
          ),
        )
        .execute();
      const due: string[] = [];
      for (const person of pending) {
        const since = Math.max(current.created_at.getTime(), person.created_at.getTime());
        const days = Math.floor((now.getTime() - since) / DAY_MS);
        let sent = false;
        for (const afterDays of REMINDER_DAYS) {
          if (days < afterDays) continue;
          const row = await tx
            .insertInto('policy_acknowledgement_reminders')
            .values({
              school_id: schoolId,
              staff_id: person.staff_id,
              document_hash: current.document_hash,
              after_days: afterDays,
              sent_at: now,
            })
            .onConflict((oc) =>
              oc.columns(['school_id', 'staff_id', 'document_hash', 'after_days']).doNothing(),
            )
            .returning('id')
            .executeTakeFirst();
          if (row) sent = true;
        }
        if (sent) due.push(person.staff_id);
      }
      if (due.length === 0) return 0;
      await notify(tx, {
        schoolId,
        staffIds: due,
        kind: 'policy.acknowledgement_reminder',
        title: `Please read and acknowledge the social media policy (${current.label})`,
        link: linkTo('policy'),
        email: {
          subject: 'Please acknowledge the staff social media policy',
          text: 'The staff social media policy asks for your acknowledgement. Sign in to Guardpost to read it and confirm you have read and understood it.',
          html: '<p>The staff social media policy asks for your acknowledgement.</p><p>Sign in to Guardpost to read it and confirm you have read and understood it.</p>',
        },
        now,
      });
      return due.length;
    });
  }
  return { reminded };
}
