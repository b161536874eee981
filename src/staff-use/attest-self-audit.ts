import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { periodOf } from './periods.js';
import { isStaff } from './staff-use.permissions.js';
import { readStaffUseSettings } from './update-staff-use-settings.js';
/** The platforms a self-audit can read (an export file or a public follower list). */
export const selfAuditPlatforms = ['instagram', 'facebook', 'tiktok', 'x', 'bluesky', 'mastodon'] as const;

export type SelfAuditPlatform = (typeof selfAuditPlatforms)[number];

/** A follower list bigger than any person's (Instagram caps following at 7,500; followers are not capped). */
export const MAX_FOLLOWERS = 1_000_000;

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
