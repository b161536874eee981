import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import {
  completeConnection,
  disconnectAccount,
  finishConnectionFromCallback,
  refreshExpiringTokens,
  startConnection,
} from './connect-account.js';
import { createConnectorRegistry } from './connector-registry.js';
import { getConnection } from './get-connection.js';
import { createMastodonConnector, mastodonScopes } from './mastodon.connector.js';
import { openConnection } from './open-connection.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from './testing.js';
import { createYoutubeConnector } from './youtube.connector.js';

const origin = 'https://mastodon.example';
const callbackUrl = 'https://guardpost.school.example/api/connections/callback';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

for (const engine of testEngines()) {
  describe(`connecting accounts on ${engine}`, () => {
    let t: TestDb;
    const clock = fixedClock('2026-12-03T09:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let current: Replay | undefined;

    function depsWith(exchanges: RecordedExchange[]) {
      current = replay(exchanges);
      const now = () => clock.now();
      const connectors = createConnectorRegistry([
        createMastodonConnector({ fetch: current.fetch, now }),
        createYoutubeConnector({
          fetch: current.fetch,
          now,
          app: { clientId: 'cid.apps.googleusercontent.com', clientSecret: 'gsecret' },
        }),
      ]);
      return { keyring, connectors, clock, callbackUrl };
    }

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, clock.now());
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('connects an approved Mastodon account by OAuth, and disconnecting revokes the token at the instance', async () => {
      const accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@news',
      });
      const deps = depsWith([
        {
          method: 'POST',
          origin,
          path: '/api/v1/apps',
          status: 200,
          body: { client_id: 'cid-1', client_secret: 'csecret-1' },
        },
        {
          method: 'POST',
          origin,
          path: '/oauth/token',
          status: 200,
          body: { access_token: 'tok-new', token_type: 'Bearer', scope: mastodonScopes },
        },
        {
          method: 'GET',
          origin,
          path: '/api/v1/accounts/verify_credentials',
          status: 200,
          body: { id: '109000000000000001', acct: 'news', display_name: 'News' },
        },
        { method: 'POST', origin, path: '/oauth/revoke', status: 200, body: {} },
      ]);
      const { authorizeUrl } = await startConnection(
        t.db,
        school.owner.actor,
        { accountId, baseUrl: 'mastodon.example' },
        deps,
      );
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      expect(new URL(authorizeUrl).searchParams.get('redirect_uri')).toBe(callbackUrl);
      const stranger = await errorOf(
        completeConnection(t.db, school.colleague.actor, { state, code: 'c' }, deps),
      );
      expect(stranger.code).toBe('ConnectionStateInvalid');
      await completeConnection(t.db, school.owner.actor, { state, code: 'code-1' }, deps);
      const replayed = await errorOf(
        completeConnection(t.db, school.owner.actor, { state, code: 'code-1' }, deps),
      );
      expect(replayed.code).toBe('ConnectionStateInvalid');
      const view = await getConnection(t.db, school.smt.actor, accountId, deps);
      expect(view).toMatchObject({
        status: 'connected',
        handle: '@news@mastodon.example',
        abilities: { connect: true, disconnect: true },
      });
      const opened = await t.db.transaction().execute((tx) => openConnection(tx, deps, accountId));
      expect(opened.credentials).toMatchObject({
        accessToken: 'tok-new',
        clientId: 'cid-1',
        clientSecret: 'csecret-1',
      });
      const gone = await disconnectAccount(
        t.db,
        school.smt.actor,
        { accountId, reason: 'Account handed to the new head of year' },
        deps,
      );
      expect(gone).toMatchObject({ status: 'disconnected', revokedAtPlatform: 'yes' });
      expect(Object.fromEntries(new URLSearchParams(current?.sent()[3]?.body))).toEqual({
        client_id: 'cid-1',
        client_secret: 'csecret-1',
        token: 'tok-new',
      });
      const row = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect([row.credentials_sealed, row.credentials_key_id]).toEqual([null, null]);
      const events = await t.db
        .selectFrom('audit_events')
        .select('type')
        .where('subject_id', '=', accountId)
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.type)).toEqual([
        'connection.started',
        'connection.connected',
        'connection.disconnected',
      ]);
      current?.assertAllUsed();
    });
    it('the callback lands the person back on the account with what came of it, even when it failed', async () => {
      const accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@callback',
      });
      const deps = depsWith([
        {
          method: 'POST',
          origin,
          path: '/api/v1/apps',
          status: 200,
          body: { client_id: 'cid-2', client_secret: 'csecret-2' },
        },
      ]);
      const { authorizeUrl } = await startConnection(
        t.db,
        school.owner.actor,
        { accountId, baseUrl: 'mastodon.example' },
        deps,
      );
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      expect(
        await finishConnectionFromCallback(t.db, school.owner.actor, { state, error: 'access_denied' }, deps),
      ).toEqual({ accountId, outcome: 'refused' });
      // Used once: coming back again says the link has expired, still on the same account.
      expect(
        await finishConnectionFromCallback(t.db, school.owner.actor, { state, code: 'late' }, deps),
      ).toEqual({ accountId, outcome: 'expired' });
      // Someone else's link names no account to them; a state never issued names none either.
      expect(
        await finishConnectionFromCallback(t.db, school.colleague.actor, { state, code: 'x' }, deps),
      ).toEqual({ accountId: null, outcome: 'expired' });
      expect(
        await finishConnectionFromCallback(
          t.db,
          school.owner.actor,
          { state: 'never-issued-state-value', code: 'x' },
          deps,
        ),
      ).toEqual({ accountId: null, outcome: 'expired' });
      expect((await getConnection(t.db, school.owner.actor, accountId, deps)).status).toBe('never');
    });

    it('connects only approved accounts, and only for their owners and SMT', async () => {
      const deps = depsWith([]);
      const submitted = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@pending',
        status: 'submitted',
      });
      expect(
        (
          await errorOf(
            startConnection(t.db, school.owner.actor, { accountId: submitted, baseUrl: origin }, deps),
          )
        ).code,
      ).toBe('AccountNotApproved');
      const approved = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@club',
      });
      expect(
        (
          await errorOf(
            startConnection(t.db, school.colleague.actor, { accountId: approved, baseUrl: origin }, deps),
          )
        ).code,
      ).toBe('ConnectionForbidden');
      // A colleague who may not see the account's page does not see its connection either.
      expect((await errorOf(getConnection(t.db, school.colleague.actor, approved, deps))).code).toBe(
        'AccountNotFound',
      );
      expect(current?.sent()).toEqual([]);
    });

    it('refreshes tokens before they expire, and marks a refused refresh failed for owners and SMT', async () => {
      const tokenOrigin = 'https://oauth2.googleapis.com';
      const ok = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'youtube',
        handle: '@fernhill',
      });
      const revoked = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.coOwner.actor.staffId],
        platform: 'youtube',
        handle: '@fernhill2',
      });
      for (const [accountId, refreshToken] of [
        [ok, '1//good'],
        [revoked, '1//gone'],
      ] as const)
        await buildConnection(t.db, keyring, {
          schoolId: school.schoolId,
          accountId,
          platform: 'youtube',
          baseUrl: 'https://www.googleapis.com',
          secrets: { refreshToken, expiresAt: new Date('2026-12-03T09:10:00Z') },
          now: clock.now(),
        });
      const deps = depsWith([
        {
          method: 'POST',
          origin: tokenOrigin,
          path: '/token',
          status: 200,
          body: { access_token: 'ya29.fresh', expires_in: 3600 },
        },
        {
          method: 'POST',
          origin: tokenOrigin,
          path: '/token',
          status: 400,
          body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        },
      ]);
      expect(await refreshExpiringTokens(t.db, deps)).toEqual({ refreshed: 1, failed: 1 });
      const opened = await t.db.transaction().execute((tx) => openConnection(tx, deps, ok));
      expect(opened.credentials.accessToken).toBe('ya29.fresh');
      expect(opened.connection.token_expires_at?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
      const failed = await t.db
        .selectFrom('platform_connections')
        .select(['status', 'last_error'])
        .where('account_id', '=', revoked)
        .executeTakeFirstOrThrow();
      expect(failed.status).toBe('failed');
      const told = await t.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('kind', '=', 'accounts.connection_failed')
        .execute();
      expect(new Set(told.map((n) => n.staff_id))).toEqual(
        new Set([school.coOwner.actor.staffId, school.smt.actor.staffId]),
      );
    });
  });
}
