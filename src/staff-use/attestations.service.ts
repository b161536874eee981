import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { daysBetween } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { type AttestationPeriodKind, describePeriod, NEWCOMER_DAYS, periodOf } from './periods.js';
import { findChecklist, privacyChecklists } from './privacy-checklists.js';
import { canChangeSettings, canReadCompliance, isStaff } from './staff-use.permissions.js';

/** The platforms a self-audit can read (an export file or a public follower list). */
export const selfAuditPlatforms = ['instagram', 'facebook', 'tiktok', 'x', 'bluesky', 'mastodon'] as const;
export type SelfAuditPlatform = (typeof selfAuditPlatforms)[number];
/** A follower list bigger than any person's (Instagram caps following at 7,500; followers are not capped). */
export const MAX_FOLLOWERS = 1_000_000;

/** The school's official numbers and domains live in its check settings (schoolPhones) and school record. */
export interface StaffUseSettings {
  attestationPeriod: AttestationPeriodKind;
}

export async function readStaffUseSettings(db: DbExecutor, schoolId: string): Promise<StaffUseSettings> {
  const row = await db
    .selectFrom('staff_use_settings')
    .select(['attestation_period'])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return { attestationPeriod: row?.attestation_period ?? 'term' };
}

/** SMT, the headteacher or an admin sets how often staff attest (each term or each school year). */
export async function updateStaffUseSettings(
  db: Db,
  actor: Actor,
  input: StaffUseSettings,
  now: Date,
): Promise<StaffUseSettings> {
  if (!isStaff(actor) || !canChangeSettings(actor))
    throw forbidden(
      'StaffUseSettingsForbidden',
      'only SMT, the headteacher and admins change these settings',
    );
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('staff_use_settings')
      .values({
        school_id: actor.schoolId,
        attestation_period: input.attestationPeriod,
        updated_at: now,
        updated_by_staff_id: actor.staffId,
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          attestation_period: input.attestationPeriod,
          updated_at: now,
          updated_by_staff_id: actor.staffId,
        }),
      )
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.settings_updated',
        subject: { type: 'school', id: actor.schoolId },
        data: { attestationPeriod: input.attestationPeriod },
      },
    });
    return { attestationPeriod: input.attestationPeriod };
  });
}

/**
 * "I have set these settings on this platform": the member of staff ticks each setting of the platform's
 * checklist; the attestation counts how many (SMT sees completion, never which). Once per platform per period;
 * attesting again in the same period replaces the counts.
 */
export async function attestPrivacy(
  db: Db,
  actor: Actor,
  input: { platform: string; confirmed: readonly string[] },
  now: Date,
  today: string,
): Promise<{ platform: string; period: string; confirmed: number; total: number; attestedAt: string }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff attests');
  const checklist = findChecklist(input.platform);
  if (!checklist)
    throw invalid('PlatformUnknown', `there is no checklist for ${input.platform}`, [
      `platform: one of ${privacyChecklists.platforms.map((p) => p.id).join(', ')}`,
    ]);
  const known = new Set(checklist.settings.map((s) => s.id));
  const unknown = input.confirmed.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw invalid(
      'SettingUnknown',
      `${checklist.name} has no such setting`,
      unknown.map((id) => `confirmed: ${id} is not a ${checklist.name} setting`),
    );
  const confirmed = new Set(input.confirmed).size;
  if (confirmed === 0)
    throw invalid('NothingConfirmed', 'tick the settings you have set', [
      'confirmed: tick at least one setting',
    ]);
  return db.transaction().execute(async (tx) => {
    const settings = await readStaffUseSettings(tx, actor.schoolId);
    const period = periodOf(today, settings.attestationPeriod);
    const values = {
      checklist_version: privacyChecklists.version,
      settings_confirmed: confirmed,
      settings_total: checklist.settings.length,
      attested_at: now,
    };
    await tx
      .insertInto('privacy_attestations')
      .values({
        school_id: actor.schoolId,
        staff_id: actor.staffId,
        platform: checklist.id,
        period,
        ...values,
      })
      .onConflict((oc) => oc.columns(['school_id', 'staff_id', 'platform', 'period']).doUpdateSet(values))
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.privacy_attested',
        subject: { type: 'staff', id: actor.staffId },
        data: { platform: checklist.id, period, confirmed, total: checklist.settings.length },
      },
    });
    return {
      platform: checklist.id,
      period,
      confirmed,
      total: checklist.settings.length,
      attestedAt: now.toISOString(),
    };
  });
}

/**
 * The only thing a follower self-audit stores: the date, the platform, how many followers were checked, how
 * many likely matches there were and whether all were resolved. Never the list, never a match.
 */
export async function attestSelfAudit(
  db: Db,
  actor: Actor,
  input: { platform: string; followersChecked: number; matches: number; allResolved: boolean },
  now: Date,
  today: string,
): Promise<{ id: string; period: string; attestedAt: string }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff attests');
  const problems: string[] = [];
  if (!(selfAuditPlatforms as readonly string[]).includes(input.platform))
    problems.push(`platform: one of ${selfAuditPlatforms.join(', ')}`);
  if (
    !Number.isInteger(input.followersChecked) ||
    input.followersChecked < 0 ||
    input.followersChecked > MAX_FOLLOWERS
  )
    problems.push(`followersChecked: a whole number from 0 to ${MAX_FOLLOWERS}`);
  if (!Number.isInteger(input.matches) || input.matches < 0 || input.matches > input.followersChecked)
    problems.push('matches: a whole number, no more than the followers checked');
  if (input.matches === 0 && !input.allResolved)
    problems.push('allResolved: with no matches there is nothing open');
  if (problems.length > 0) throw invalid('SelfAuditInvalid', 'the attestation is not complete', problems);
  return db.transaction().execute(async (tx) => {
    const settings = await readStaffUseSettings(tx, actor.schoolId);
    const period = periodOf(today, settings.attestationPeriod);
    const row = await tx
      .insertInto('self_audit_attestations')
      .values({
        school_id: actor.schoolId,
        staff_id: actor.staffId,
        platform: input.platform,
        period,
        followers_checked: input.followersChecked,
        matches: input.matches,
        all_resolved: input.allResolved,
        attested_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.self_audit_attested',
        subject: { type: 'staff', id: actor.staffId },
        data: {
          platform: input.platform,
          period,
          followersChecked: input.followersChecked,
          matches: input.matches,
          allResolved: input.allResolved,
        },
      },
    });
    return { id: row.id, period, attestedAt: now.toISOString() };
  });
}

export interface MyStaffUseStatus {
  period: string;
  periodLabel: string;
  policyAcknowledged: boolean;
  /** A newcomer's last day for the three first asks (joined in the last two weeks), or null. */
  newcomerDueOn: string | null;
  privacy: { platform: string; confirmed: number; total: number; attestedAt: string }[];
  selfAudits: {
    platform: string;
    followersChecked: number;
    matches: number;
    allResolved: boolean;
    attestedAt: string;
  }[];
}

async function currentPolicyHash(db: DbExecutor, schoolId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('policy_versions')
    .select('document_hash')
    .where('school_id', '=', schoolId)
    .where('is_current', '=', true)
    .executeTakeFirst();
  return row?.document_hash;
}

/** A member of staff's own record for this period (their own answers' counts, never anyone else's). */
export async function getMyStaffUseStatus(
  db: DbExecutor,
  actor: Actor,
  today: string,
): Promise<MyStaffUseStatus> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff has a record');
  const settings = await readStaffUseSettings(db, actor.schoolId);
  const period = periodOf(today, settings.attestationPeriod);
  const hash = await currentPolicyHash(db, actor.schoolId);
  const acknowledged = hash
    ? await db
        .selectFrom('policy_acknowledgements')
        .select('id')
        .where('school_id', '=', actor.schoolId)
        .where('staff_id', '=', actor.staffId)
        .where('document_hash', '=', hash)
        .executeTakeFirst()
    : undefined;
  const privacy = await db
    .selectFrom('privacy_attestations')
    .select(['platform', 'settings_confirmed', 'settings_total', 'attested_at'])
    .where('school_id', '=', actor.schoolId)
    .where('staff_id', '=', actor.staffId)
    .where('period', '=', period)
    .orderBy('platform')
    .execute();
  const audits = await db
    .selectFrom('self_audit_attestations')
    .select(['platform', 'followers_checked', 'matches', 'all_resolved', 'attested_at'])
    .where('school_id', '=', actor.schoolId)
    .where('staff_id', '=', actor.staffId)
    .where('period', '=', period)
    .orderBy('attested_at', 'desc')
    .execute();
  const membership = await db
    .selectFrom('staff_memberships')
    .select('created_at')
    .where('school_id', '=', actor.schoolId)
    .where('staff_id', '=', actor.staffId)
    .executeTakeFirst();
  const joined = membership?.created_at.toISOString().slice(0, 10);
  const newcomerDueOn =
    joined && daysBetween(joined, today) < NEWCOMER_DAYS
      ? new Date(Date.parse(`${joined}T00:00:00Z`) + NEWCOMER_DAYS * 86_400_000).toISOString().slice(0, 10)
      : null;
  return {
    period,
    periodLabel: describePeriod(period),
    policyAcknowledged: acknowledged !== undefined,
    newcomerDueOn,
    privacy: privacy.map((r) => ({
      platform: r.platform,
      confirmed: r.settings_confirmed,
      total: r.settings_total,
      attestedAt: r.attested_at.toISOString(),
    })),
    selfAudits: audits.map((r) => ({
      platform: r.platform,
      followersChecked: r.followers_checked,
      matches: r.matches,
      allResolved: r.all_resolved,
      attestedAt: r.attested_at.toISOString(),
    })),
  };
}

export interface StaffCompliance {
  period: string;
  periodLabel: string;
  total: number;
  percentages: { policyAcknowledged: number; privacyAttested: number; selfAudited: number };
  staff: {
    staffId: string;
    name: string;
    policyAcknowledged: boolean;
    /** Platforms attested this period: a count, never which settings. */
    privacyPlatforms: number;
    /** A self-audit this period with every likely match resolved. */
    selfAudited: boolean;
  }[];
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/**
 * Completion for SMT, the headteacher and admins: by person, for one period, whether they acknowledged the
 * current policy, attested privacy settings and completed a self-audit. No answer, list or match is read.
 */
export async function getStaffCompliance(
  db: Db,
  actor: Actor,
  input: { period?: string | undefined },
  now: Date,
  today: string,
): Promise<StaffCompliance> {
  if (!isStaff(actor) || !canReadCompliance(actor))
    throw forbidden('ComplianceForbidden', 'only SMT, the headteacher and admins see staff completion');
  return db.transaction().execute(async (tx) => {
    const settings = await readStaffUseSettings(tx, actor.schoolId);
    const period = input.period ?? periodOf(today, settings.attestationPeriod);
    const hash = (await currentPolicyHash(tx, actor.schoolId)) ?? '';
    const people = await tx
      .selectFrom('staff_memberships')
      .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
      .select(['staff.id', 'staff.given_name', 'staff.family_name'])
      .where('staff_memberships.school_id', '=', actor.schoolId)
      .where('staff_memberships.status', '=', 'active')
      .orderBy('staff.family_name')
      .orderBy('staff.given_name')
      .execute();
    const acknowledged = new Set(
      (
        await tx
          .selectFrom('policy_acknowledgements')
          .select('staff_id')
          .where('school_id', '=', actor.schoolId)
          .where('document_hash', '=', hash)
          .execute()
      ).map((r) => r.staff_id),
    );
    const privacy = new Map<string, number>();
    for (const r of await tx
      .selectFrom('privacy_attestations')
      .select('staff_id')
      .where('school_id', '=', actor.schoolId)
      .where('period', '=', period)
      .execute())
      privacy.set(r.staff_id, (privacy.get(r.staff_id) ?? 0) + 1);
    const audited = new Set(
      (
        await tx
          .selectFrom('self_audit_attestations')
          .select('staff_id')
          .where('school_id', '=', actor.schoolId)
          .where('period', '=', period)
          .where('all_resolved', '=', true)
          .execute()
      ).map((r) => r.staff_id),
    );
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.compliance_viewed',
        subject: { type: 'school', id: actor.schoolId },
        data: { period },
      },
    });
    const staff = people.map((p) => ({
      staffId: p.id,
      name: `${p.given_name} ${p.family_name}`,
      policyAcknowledged: acknowledged.has(p.id),
      privacyPlatforms: privacy.get(p.id) ?? 0,
      selfAudited: audited.has(p.id),
    }));
    return {
      period,
      periodLabel: describePeriod(period),
      total: staff.length,
      percentages: {
        policyAcknowledged: percent(staff.filter((s) => s.policyAcknowledged).length, staff.length),
        privacyAttested: percent(staff.filter((s) => s.privacyPlatforms > 0).length, staff.length),
        selfAudited: percent(staff.filter((s) => s.selfAudited).length, staff.length),
      },
      staff,
    };
  });
}
