import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { feedConnectedAccounts } from './feed-connected-accounts.js';

for (const engine of testEngines()) {
  describe(`comment feeds of connected accounts on ${engine}`, () => {
    let t: TestDb;
    const now = new Date('2026-12-01T10:00:00Z');
    const keyring = createKeyring(generateMasterKey());

    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('gives a newly connected account a feed read from now on, once, and none to a disconnected one', async () => {
      const school = await buildConnectorSchool(t.db, now);
      const connected = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@news',
      });
      const gone = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@sport',
      });
      for (const accountId of [connected, gone])
        await buildConnection(t.db, keyring, {
          schoolId: school.schoolId,
          accountId,
          platform: 'mastodon',
          baseUrl: 'https://mastodon.example',
          now,
        });
      await t.db
        .updateTable('platform_connections')
        .set({ status: 'disconnected', credentials_key_id: null, credentials_sealed: null })
        .where('account_id', '=', gone)
        .execute();

      expect(await feedConnectedAccounts(t.db, now)).toBe(1);
      expect(await feedConnectedAccounts(t.db, new Date(now.getTime() + 60_000))).toBe(0);
      const feeds = await t.db.selectFrom('moderation_feeds').selectAll().execute();
      expect(feeds).toHaveLength(1);
      expect(feeds[0]).toMatchObject({
        account_id: connected,
        school_id: school.schoolId,
        platform: 'mastodon',
        cursor: null,
        status: 'active',
      });
      expect(feeds[0]?.next_read_at).toEqual(now);
    });
  });
}
