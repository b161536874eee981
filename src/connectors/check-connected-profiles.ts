import { accountForConnection } from '../accounts/account-for-connection.js';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { getSchool } from '../schools/schools.queries.js';
import { linkTo } from '../shared/links.js';
import { connectorCredentialsOf, openCredentials } from './connection-credentials.js';
import {
  insertConnectionProfile,
  latestConnectionProfile,
  listConnectedConnections,
  updateConnection,
} from './connections.repository.js';
import type { PlatformConnectionRow } from './connections.table.js';
import { ConnectorError, type ProfileSnapshot } from './connector.js';
import {
  breaksConnection,
  type ConnectionDeps,
  markConnectionFailed,
  storeRefreshedCredentials,
} from './open-connection.js';
import { changedProfileFields, checkProfile, type ProfileCheck, type ProfileField } from './profile-check.js';

export interface ProfileCheckOutcome {
  accountId: string;
  platform: string;
  outcome: 'recorded' | 'unchanged' | 'failed';
  changed: ProfileField[];
  check: ProfileCheck | null;
}

/** When the daily profile check runs (school time, Europe/London): the worker's schedule and the account page's "next check". */
export const PROFILE_CHECK_SCHEDULE = '30 6 * * *';

const actor = { kind: 'system', label: 'connector-profile-check' } as const;
const fieldNames: Record<ProfileField, string> = {
  display_name: 'display name',
  bio: 'bio',
  avatar: 'profile picture',
  links: 'links',
};

/**
 * The daily profile check (issue 13, clauses 2.1 and 2.8): each connected account whose platform exposes
 * its profile is read through its connector (no scraping), checked for the AUP link and an official school
 * email, and recorded in `connection_profiles` when first read or when anything changed. A change of bio,
 * name, picture or links, or a lost AUP link or official email, tells the owners and SMT; every check is
 * audited (which fields, never their text). A connection the platform no longer accepts is marked failed.
 */
export async function checkConnectedProfiles(
  db: Db,
  deps: ConnectionDeps & { clock: Clock },
): Promise<ProfileCheckOutcome[]> {
  const outcomes: ProfileCheckOutcome[] = [];
  for (const row of await listConnectedConnections(db)) {
    const connector = deps.connectors.connectorFor(row.platform);
    if (!connector?.capabilities.profileReadable || !row.credentials_key_id || !row.credentials_sealed)
      continue;
    const secrets = await openCredentials(db, deps.keyring, {
      ...row,
      credentials_key_id: row.credentials_key_id,
      credentials_sealed: row.credentials_sealed,
    });
    let profile: ProfileSnapshot;
    try {
      // Read before the transaction: a transaction never waits on the network.
      profile = await connector.readProfile(connectorCredentialsOf(row, secrets));
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const now = deps.clock.now();
      // A token refreshed before the read failed is kept with the failure (the old one may be spent).
      if (breaksConnection(error) || error.refreshed)
        await db.transaction().execute(async (tx) => {
          await storeRefreshedCredentials(tx, deps, {
            connectionId: row.id,
            refreshed: error.refreshed,
            now,
          });
          if (breaksConnection(error))
            await markConnectionFailed(tx, {
              connectionId: row.id,
              code: error.code,
              reason: error.message,
              now,
            });
        });
      outcomes.push({
        accountId: row.account_id,
        platform: row.platform,
        outcome: 'failed',
        changed: [],
        check: null,
      });
      continue;
    }
    outcomes.push(
      await db
        .transaction()
        .execute((tx) => recordProfile(tx, deps, { connection: row, profile, now: deps.clock.now() })),
    );
  }
  return outcomes;
}

async function recordProfile(
  tx: DbExecutor,
  deps: Pick<ConnectionDeps, 'keyring'>,
  input: { connection: PlatformConnectionRow; profile: ProfileSnapshot; now: Date },
): Promise<ProfileCheckOutcome> {
  const { connection, profile, now } = input;
  await storeRefreshedCredentials(tx, deps, {
    connectionId: connection.id,
    refreshed: profile.refreshed,
    now,
  });
  const school = await getSchool(tx, connection.school_id);
  const check = checkProfile(profile, school);
  const previous = await latestConnectionProfile(tx, connection.account_id);
  const changed = previous ? changedProfileFields(previous, profile) : [];
  const lost = [
    ...(previous?.aup_link === 'found' && check.aupLink === 'not_found' ? ['the link to the AUP (2.8)'] : []),
    ...(previous?.official_email === 'found' && check.officialEmail === 'not_found'
      ? ['the official school email (2.1)']
      : []),
  ];
  const record =
    !previous ||
    changed.length > 0 ||
    previous.aup_link !== check.aupLink ||
    (previous.aup_link_found_in ?? null) !== check.aupLinkFoundIn ||
    previous.official_email !== check.officialEmail;
  // Every read is dated, including one that found nothing new (and so adds no row below).
  await updateConnection(tx, connection.id, { profile_read_at: now });
  if (record)
    await insertConnectionProfile(tx, {
      school_id: connection.school_id,
      account_id: connection.account_id,
      display_name: profile.displayName,
      bio: profile.bio,
      links: JSON.stringify(profile.links),
      avatar_url: profile.avatarUrl,
      changed_fields: JSON.stringify(changed),
      aup_link: check.aupLink,
      aup_link_found_in: check.aupLinkFoundIn,
      official_email: check.officialEmail,
      read_at: now,
    });
  const subject = { type: 'account', id: connection.account_id } as const;
  await recordAudit(tx, {
    actor,
    schoolId: connection.school_id,
    at: now,
    event: {
      type: 'connection.profile_checked',
      subject,
      data: { platform: connection.platform, aupLink: check.aupLink, officialEmail: check.officialEmail },
    },
  });
  if (changed.length > 0)
    await recordAudit(tx, {
      actor,
      schoolId: connection.school_id,
      at: now,
      event: {
        type: 'connection.profile_changed',
        subject,
        data: { platform: connection.platform, fields: changed },
      },
    });
  if (changed.length > 0 || lost.length > 0) {
    const account = await accountForConnection(tx, connection.school_id, connection.account_id);
    const what = [
      ...(changed.length > 0 ? [`its ${changed.map((f) => fieldNames[f]).join(', ')} changed`] : []),
      ...(lost.length > 0 ? [`it no longer shows ${lost.join(' or ')}`] : []),
    ].join('; ');
    if (account)
      await notify(tx, {
        schoolId: connection.school_id,
        staffIds: [...new Set([...account.ownerIds, ...account.seniorLeaderIds])],
        kind: 'accounts.profile_changed',
        title: `The profile of ${connection.handle} on ${connection.platform} changed`,
        body: `Read through the platform: ${what}. Check it still meets the policy.`,
        link: linkTo('account', { id: connection.account_id }),
        email: {
          subject: 'A school social media account’s profile changed',
          text: `The profile of a school social media account changed (${what}). Sign in to Guardpost to see which.`,
        },
        now,
      });
  }
  return {
    accountId: connection.account_id,
    platform: connection.platform,
    outcome: record ? 'recorded' : 'unchanged',
    changed,
    check,
  };
}
