import type { Actor } from '../platform/auth/roles.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { SealedSecrets } from './connection-credentials.js';
import type { PlatformConnectionRow } from './connections.table.js';
import { type Connector, ConnectorError, type ConnectorPlatformId } from './connector.js';
import { saveConnection } from './save-connection.js';

/** Test factory: a school with an account owner, a second owner, SMT and a colleague who owns nothing. */
export async function buildConnectorSchool(
  db: DbExecutor,
  now: Date,
): Promise<{
  schoolId: string;
  owner: TestSignIn;
  coOwner: TestSignIn;
  smt: TestSignIn;
  colleague: TestSignIn;
}> {
  const schoolId = (
    await db
      .insertInto('schools')
      .values({ name: 'Connector Academy', official_email_domains: ['connector.example'] })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const owner = await signInAs(db, {
    schoolId,
    roles: ['staff'],
    givenName: 'Orla',
    familyName: 'Quell',
    now,
  });
  const coOwner = await signInAs(db, {
    schoolId,
    roles: ['staff'],
    givenName: 'Ced',
    familyName: 'Marrow',
    now,
  });
  const smt = await signInAs(db, {
    schoolId,
    roles: ['smt'],
    givenName: 'Sade',
    familyName: 'Brannock',
    now,
  });
  const colleague = await signInAs(db, {
    schoolId,
    roles: ['staff'],
    givenName: 'Tam',
    familyName: 'Ostrey',
    now,
  });
  return { schoolId, owner, coOwner, smt, colleague };
}

/**
 * Test factory: a register entry in the given state (approved by default), owned by these people. Written
 * straight to the table: the register's own workflow is tested in accounts/.
 */
export async function buildRegisteredAccount(
  db: DbExecutor,
  input: {
    schoolId: string;
    ownerIds: readonly string[];
    platform: string;
    handle: string;
    status?: 'approved' | 'submitted' | 'suspended' | 'retired';
    linkedEmail?: string;
  },
): Promise<string> {
  const id = (
    await db
      .insertInto('accounts')
      .values({
        school_id: input.schoolId,
        platform: input.platform,
        handle: input.handle,
        profile_url: null,
        identity_key: `${input.platform}:${input.handle.toLowerCase()}`,
        purpose_kind: 'department',
        purpose: 'Department news for families',
        linked_email: input.linkedEmail ?? 'media@connector.example',
        audience: ['families'],
        about_text: null,
        about_findings: '[]',
        attests_no_direct_messages: true,
        attests_aup_link: true,
        status: input.status ?? 'approved',
        created_by_staff_id: input.ownerIds[0] ?? '',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('account_owners')
    .values(
      input.ownerIds.map((staffId, index) => ({
        account_id: id,
        staff_id: staffId,
        is_primary: index === 0,
      })),
    )
    .execute();
  return id;
}

/** Test factory: a working connection for an account, tokens sealed as in production. */
export async function buildConnection(
  db: DbExecutor,
  keyring: Keyring,
  input: {
    schoolId: string;
    accountId: string;
    platform: string;
    baseUrl: string;
    platformAccountId?: string;
    handle?: string;
    secrets?: Partial<SealedSecrets>;
    actor?: Actor;
    now: Date;
  },
): Promise<PlatformConnectionRow> {
  return saveConnection(db, keyring, {
    schoolId: input.schoolId,
    accountId: input.accountId,
    platform: input.platform,
    baseUrl: input.baseUrl,
    platformAccountId: input.platformAccountId ?? '109000000000000001',
    handle: input.handle ?? '@news',
    secrets: { accessToken: 'test-access-token', ...input.secrets },
    actor: input.actor ?? { kind: 'system', label: 'test' },
    now: input.now,
  });
}

/**
 * Test factory: a connector that declares nothing and refuses every call, for tests of the storage and
 * permission around connections (what a platform does is tested against its recordings).
 */
export function inertConnector(platform: ConnectorPlatformId): Connector {
  const refuse = async (): Promise<never> => {
    throw new ConnectorError(platform, 'not_supported', `the test connector for ${platform} does nothing`);
  };
  return {
    platform,
    name: `${platform} (test)`,
    capabilities: {
      publish: false,
      publishPhotos: false,
      publishTextOnly: false,
      readComments: [],
      hide: false,
      unhide: false,
      delete: false,
      report: false,
      block: false,
      limitReplies: false,
      directMessageSettingReadable: false,
      profileReadable: false,
      notes: [],
    },
    publish: refuse,
    fetchComments: refuse,
    hideComment: refuse,
    unhideComment: refuse,
    deleteComment: refuse,
    reportAuthor: refuse,
    blockAuthor: refuse,
    limitReplies: refuse,
    readProfile: refuse,
    readDirectMessageSetting: refuse,
  };
}
