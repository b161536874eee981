import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlueskyConnector } from '../connectors/bluesky.connector.js';
import { checkConnectedProfiles } from '../connectors/check-connected-profiles.js';
import { openCredentials } from '../connectors/connection-credentials.js';
import { createConnectorRegistry } from '../connectors/connector-registry.js';
import { DemoConnector } from '../connectors/demo.js';
import { getConnection } from '../connectors/get-connection.js';
import { type RecordedExchange, type Replay, replay } from '../connectors/recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { checkDirectMessages } from './check-direct-messages.js';
import { latestDirectMessageCheck } from './latest-direct-message-check.js';
import { connectedAccountOpener, moderationConnections } from './moderation-connections.js';
import { connectFeed } from './moderation-ingest.js';

// Bluesky's documented exchanges (com.atproto.repo.getRecord for the chat declaration and the profile,
// com.atproto.server.refreshSession and getSession), with a generated DID. Bluesky rotates the refresh token
// on every refresh, so a refreshed session that is dropped leaves Guardpost holding a retired one.
const pds = 'https://pds.example';
const did = 'did:plc:refreshreads00000000000001';
const jwt = (claims: Record<string, unknown>) => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'at+jwt', alg: 'ES256K' })}.${part(claims)}.c2lnbmF0dXJl`;
};
const access = (n: number) => jwt({ scope: 'com.atproto.appPass', sub: did, exp: 1764750000 + n * 7200 });
const refresh = (n: number) => jwt({ scope: 'com.atproto.refresh', sub: did, jti: `refresh-${n}` });
const declarationPath = `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=chat.bsky.actor.declaration&rkey=self`;
const profilePath = `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.actor.profile&rkey=self`;

const expired = (path: string): RecordedExchange => ({
  method: 'GET',
  origin: pds,
  path,
  status: 400,
  body: { error: 'ExpiredToken', message: 'Token has expired' },
});
const refreshedSession = (n: number): RecordedExchange[] => [
  {
    method: 'POST',
    origin: pds,
    path: '/xrpc/com.atproto.server.refreshSession',
    status: 200,
    body: { did, handle: 'news.refresh.example', accessJwt: access(n), refreshJwt: refresh(n) },
  },
  {
    method: 'GET',
    origin: pds,
    path: '/xrpc/com.atproto.server.getSession',
    status: 200,
    body: { did, handle: 'news.refresh.example', active: true },
  },
];
const declaration: RecordedExchange = {
  method: 'GET',
  origin: pds,
  path: declarationPath,
  status: 200,
  body: {
    uri: `at://${did}/chat.bsky.actor.declaration/self`,
    value: { $type: 'chat.bsky.actor.declaration', allowIncoming: 'none' },
  },
};
const profile: RecordedExchange = {
  method: 'GET',
  origin: pds,
  path: profilePath,
  status: 200,
  body: {
    uri: `at://${did}/app.bsky.actor.profile/self`,
    value: { $type: 'app.bsky.actor.profile', displayName: 'Refresh Academy', description: 'News.' },
  },
};

for (const engine of testEngines()) {
  describe(`tokens refreshed while reading the DM setting and the profile on ${engine}`, () => {
    let t: TestDb;
    let http: Replay;
    const clock = fixedClock('2026-12-03T07:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    let accountId = '';
    let owner: Awaited<ReturnType<typeof buildConnectorSchool>>['owner']['actor'];
    let deps: { keyring: typeof keyring; connectors: ReturnType<typeof createConnectorRegistry> };

    beforeAll(async () => {
      t = await createTestDb(engine);
      const school = await buildConnectorSchool(t.db, clock.now());
      owner = school.owner.actor;
      accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'bluesky',
        handle: '@news.refresh.example',
      });
      await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'bluesky',
        baseUrl: pds,
        platformAccountId: did,
        secrets: { accessToken: access(0), refreshToken: refresh(0) },
        now: clock.now(),
      });
      http = replay([
        // The DM check: the session has expired, so it is refreshed and the read retried; the next check
        // must send the refreshed token.
        expired(declarationPath),
        ...refreshedSession(1),
        declaration,
        declaration,
        // The profile check: the refreshed token has expired in turn; the next read sends the new one.
        expired(profilePath),
        ...refreshedSession(2),
        profile,
        profile,
      ]);
      deps = {
        keyring,
        connectors: createConnectorRegistry([createBlueskyConnector({ fetch: http.fetch, now: clock.now })]),
      };
      await connectFeed({ db: t.db, now: clock.now() }, school.smt.actor, {
        schoolId: school.schoolId,
        accountId,
        platform: 'bluesky',
      });
    });
    afterAll(async () => {
      await http?.close();
      await t.destroy();
    });

    const stored = async () => {
      const row = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return openCredentials(t.db, keyring, {
        ...row,
        credentials_key_id: row.credentials_key_id ?? '',
        credentials_sealed: row.credentials_sealed ?? Buffer.alloc(0),
      });
    };

    it('the second DM check sends the token the first one refreshed, and it is stored with the result', async () => {
      const connections = moderationConnections(new DemoConnector(), connectedAccountOpener(deps));
      const dm = () => checkDirectMessages({ db: t.db, now: clock.now(), connections }, accountId);
      expect(await dm()).toEqual({ source: 'platform', setting: 'none', studentsCanMessage: false });
      expect(await stored()).toMatchObject({ accessToken: access(1), refreshToken: refresh(1) });
      expect(await dm()).toEqual({ source: 'platform', setting: 'none', studentsCanMessage: false });
      expect(http.sent().map((r) => [r.method, new URL(r.url).pathname, r.authorization])).toEqual([
        ['GET', '/xrpc/com.atproto.repo.getRecord', `Bearer ${access(0)}`],
        ['POST', '/xrpc/com.atproto.server.refreshSession', `Bearer ${refresh(0)}`],
        ['GET', '/xrpc/com.atproto.server.getSession', `Bearer ${access(1)}`],
        ['GET', '/xrpc/com.atproto.repo.getRecord', `Bearer ${access(1)}`],
        ['GET', '/xrpc/com.atproto.repo.getRecord', `Bearer ${access(1)}`],
      ]);
      // The refresh and the result it came with were written together.
      const checks = await t.db
        .selectFrom('moderation_dm_checks')
        .select(['setting', 'checked_at'])
        .where('account_id', '=', accountId)
        .execute();
      expect(checks).toHaveLength(2);
      const refreshes = await t.db
        .selectFrom('audit_events')
        .select('at')
        .where('subject_id', '=', accountId)
        .where('type', '=', 'connection.token_refreshed')
        .execute();
      expect(refreshes).toHaveLength(1);
      // The account page shows the last reading, with the clause's answer.
      const view = await getConnection(t.db, owner, accountId, {
        ...deps,
        clock,
        directMessageChecks: latestDirectMessageCheck,
      });
      expect(view.directMessages).toEqual({
        readable: true,
        lastCheck: { setting: 'none', studentsCanMessage: false, checkedAt: '2026-12-03T07:00:00.000Z' },
      });
    });

    it('the second profile read sends the token the first one refreshed', async () => {
      clock.set(new Date('2026-12-03T09:30:00Z'));
      expect((await checkConnectedProfiles(t.db, { ...deps, clock })).map((o) => o.outcome)).toEqual([
        'recorded',
      ]);
      expect(await stored()).toMatchObject({ accessToken: access(2), refreshToken: refresh(2) });
      clock.set(new Date('2026-12-04T06:30:00Z'));
      expect((await checkConnectedProfiles(t.db, { ...deps, clock })).map((o) => o.outcome)).toEqual([
        'unchanged',
      ]);
      expect(
        http
          .sent()
          .slice(5)
          .map((r) => [r.method, new URL(r.url).pathname, r.authorization]),
      ).toEqual([
        ['GET', '/xrpc/com.atproto.repo.getRecord', `Bearer ${access(1)}`],
        ['POST', '/xrpc/com.atproto.server.refreshSession', `Bearer ${refresh(1)}`],
        ['GET', '/xrpc/com.atproto.server.getSession', `Bearer ${access(2)}`],
        ['GET', '/xrpc/com.atproto.repo.getRecord', `Bearer ${access(2)}`],
        ['GET', '/xrpc/com.atproto.repo.getRecord', `Bearer ${access(2)}`],
      ]);
      http.assertAllUsed();
    });
  });
}
