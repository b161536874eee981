import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { createConnectorRegistry } from './connector-registry.js';
import { markConnectionFailed, openConnection, storeRefreshedCredentials } from './open-connection.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount, inertConnector } from './testing.js';

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
  describe(`platform connections on ${engine}`, () => {
    let t: TestDb;
    const clock = fixedClock('2026-12-03T09:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    const deps = { keyring, connectors: createConnectorRegistry([inertConnector('mastodon')]) };
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, clock.now());
    });
    afterAll(async () => {
      await t.destroy();
    });

    async function connected(handle: string, secrets = {}) {
      const accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId, school.coOwner.actor.staffId],
        platform: 'mastodon',
        handle,
      });
      const row = await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'mastodon',
        baseUrl: 'https://mastodon.example',
        handle,
        secrets: {
          accessToken: 'tok-1',
          refreshToken: 'ref-1',
          clientId: 'cid',
          clientSecret: 'csec',
          ...secrets,
        },
        now: clock.now(),
      });
      return { accountId, row };
    }

    it('keeps tokens sealed at rest and opens them for the connector', async () => {
      const { accountId, row } = await connected('@news');
      expect(row.status).toBe('connected');
      expect(Buffer.from(row.credentials_sealed ?? []).toString('latin1')).not.toContain('tok-1');
      const opened = await t.db.transaction().execute((tx) => openConnection(tx, deps, accountId));
      expect(opened.connector.platform).toBe('mastodon');
      expect(opened.credentials).toEqual({
        baseUrl: 'https://mastodon.example',
        accessToken: 'tok-1',
        refreshToken: 'ref-1',
        accountId: '109000000000000001',
        clientId: 'cid',
        clientSecret: 'csec',
      });
    });

    it('does not open tokens copied onto another account', async () => {
      const first = await connected('@first');
      const second = await connected('@second');
      await t.db
        .updateTable('platform_connections')
        .set({
          credentials_key_id: first.row.credentials_key_id,
          credentials_sealed: first.row.credentials_sealed,
        })
        .where('id', '=', second.row.id)
        .execute();
      const error = await errorOf(
        t.db.transaction().execute((tx) => openConnection(tx, deps, second.accountId)),
      );
      expect(error.code).toBe('ConnectionCredentialsUnreadable');
    });

    it('stores refreshed tokens sealed, keeping a refresh token the platform did not replace', async () => {
      const { accountId, row } = await connected('@refresh', {
        expiresAt: new Date('2026-12-03T10:00:00Z'),
      });
      const expiresAt = new Date('2026-12-03T12:00:00Z');
      await t.db.transaction().execute((tx) =>
        storeRefreshedCredentials(tx, deps, {
          connectionId: row.id,
          refreshed: { accessToken: 'tok-2', expiresAt },
          now: clock.now(),
        }),
      );
      const opened = await t.db.transaction().execute((tx) => openConnection(tx, deps, accountId));
      expect(opened.credentials.accessToken).toBe('tok-2');
      expect(opened.credentials.refreshToken).toBe('ref-1');
      expect(opened.credentials.expiresAt?.toISOString()).toBe(expiresAt.toISOString());
      expect(opened.connection.token_expires_at?.toISOString()).toBe(expiresAt.toISOString());
      const events = await t.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('subject_id', '=', accountId)
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.type)).toEqual(['connection.connected', 'connection.token_refreshed']);
      expect(JSON.stringify(events)).not.toContain('tok-');
    });

    it('marks a revoked connection failed once, telling owners and SMT in the app and by email', async () => {
      const { accountId, row } = await connected('@revoked');
      const fail = () =>
        t.db.transaction().execute((tx) =>
          markConnectionFailed(tx, {
            connectionId: row.id,
            code: 'token_revoked',
            reason: 'The platform says the access token was revoked.',
            now: clock.now(),
          }),
        );
      expect(await fail()).toEqual({ marked: true });
      expect(await fail()).toEqual({ marked: false });
      const notified = await t.db
        .selectFrom('notifications')
        .select(['staff_id', 'kind', 'link'])
        .where('kind', '=', 'accounts.connection_failed')
        .execute();
      expect(new Set(notified.map((n) => n.staff_id))).toEqual(
        new Set([school.owner.actor.staffId, school.coOwner.actor.staffId, school.smt.actor.staffId]),
      );
      expect(notified.every((n) => n.link === `/accounts/${accountId}`)).toBe(true);
      const mail = await t.db.selectFrom('email_outbox').select(['to_address', 'subject']).execute();
      expect(mail).toHaveLength(3);
      const error = await errorOf(t.db.transaction().execute((tx) => openConnection(tx, deps, accountId)));
      expect(error.code).toBe('ConnectionNotConnected');
      expect(error.message).toContain('revoked');
      expect((await verifyAuditChain(t.db, school.schoolId)).ok).toBe(true);
    });

    it('says when an account has no connection, or no connector on this server', async () => {
      const accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'bluesky',
        handle: '@none',
      });
      const none = await errorOf(t.db.transaction().execute((tx) => openConnection(tx, deps, accountId)));
      expect(none.code).toBe('ConnectionNotFound');
      await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'bluesky',
        baseUrl: 'https://bsky.social',
        now: clock.now(),
      });
      const missing = await errorOf(t.db.transaction().execute((tx) => openConnection(tx, deps, accountId)));
      expect(missing.code).toBe('ConnectorMissing');
    });
  });
}
