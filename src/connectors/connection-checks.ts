import { sql } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import { nextRunAfter, parseScheduleSpec } from '../platform/jobs/schedule-spec.js';
import { PROFILE_CHECK_SCHEDULE } from './check-connected-profiles.js';
import type { AupLinkPlace, PlatformConnectionRow } from './connections.table.js';
import type { Connector, DirectMessageSetting } from './connector.js';
import type { ProfileField } from './profile-check.js';

const profileFields: readonly string[] = ['display_name', 'bio', 'avatar', 'links'] satisfies ProfileField[];

/**
 * What the platform's own API last said about a connected account, for its page (issue 13): the daily
 * profile check (the AUP link, clause 2.8; the official school email, clause 2.1; the last change) and,
 * where the platform lets us read it, the direct-message setting (clause 2.7). Read-only.
 */

export interface ProfileCheckView {
  /** Whether the account's platform lets Guardpost read the profile through its API. */
  readable: boolean;
  /** When the daily check last read the profile; null when it never has. */
  lastReadAt: string | null;
  /** When the daily check next runs (06:30 school time). */
  nextCheckAt: string;
  aupLink: { found: boolean; foundIn: AupLinkPlace | null } | null;
  officialEmail: { found: boolean } | null;
  /** The last read that found a change: which fields, and when. */
  lastChange: { fields: ProfileField[]; at: string } | null;
}

export interface DirectMessageCheckView {
  /** Whether the account's platform lets Guardpost read who may message it. */
  readable: boolean;
  /** The last reading of the setting through the platform; null when there has been none. */
  lastCheck: { setting: DirectMessageSetting; studentsCanMessage: boolean; checkedAt: string } | null;
}

/**
 * The last direct-message setting read through the platform for an account. The check and its results
 * belong to moderation, a floor above connectors, so the composition root hands this reader in.
 */
export type LatestDirectMessageCheck = (
  db: DbExecutor,
  accountId: string,
) => Promise<DirectMessageCheckView['lastCheck']>;

const profileSchedule = parseScheduleSpec(PROFILE_CHECK_SCHEDULE);

/** The profile check as the account page shows it. */
export async function profileCheckView(
  db: DbExecutor,
  input: {
    accountId: string;
    connector: Connector | undefined;
    connection: PlatformConnectionRow | undefined;
    now: Date;
  },
): Promise<ProfileCheckView> {
  const latest = await db
    .selectFrom('connection_profiles')
    .select(['aup_link', 'aup_link_found_in', 'official_email', 'read_at'])
    .where('account_id', '=', input.accountId)
    .orderBy('read_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  // The first read is a baseline, not a change; a change is a later row that names its fields.
  const change = await db
    .selectFrom('connection_profiles')
    .select(['changed_fields', 'read_at'])
    .where('account_id', '=', input.accountId)
    .where(sql<boolean>`changed_fields <> '[]'::jsonb`)
    .orderBy('read_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastReadAt = input.connection?.profile_read_at ?? latest?.read_at ?? null;
  return {
    readable: input.connector?.capabilities.profileReadable ?? false,
    lastReadAt: lastReadAt?.toISOString() ?? null,
    nextCheckAt: nextRunAfter(profileSchedule, input.now).toISOString(),
    aupLink: latest
      ? {
          found: latest.aup_link === 'found',
          foundIn: latest.aup_link === 'found' ? latest.aup_link_found_in : null,
        }
      : null,
    officialEmail: latest ? { found: latest.official_email === 'found' } : null,
    lastChange: change
      ? {
          fields: change.changed_fields.filter((f): f is ProfileField => profileFields.includes(f)),
          at: change.read_at.toISOString(),
        }
      : null,
  };
}

/** The direct-message setting as the account page shows it. */
export async function directMessageCheckView(
  db: DbExecutor,
  input: {
    accountId: string;
    connector: Connector | undefined;
    latest: LatestDirectMessageCheck | undefined;
  },
): Promise<DirectMessageCheckView> {
  const readable = input.connector?.capabilities.directMessageSettingReadable ?? false;
  return {
    readable,
    lastCheck: readable && input.latest ? await input.latest(db, input.accountId) : null,
  };
}
