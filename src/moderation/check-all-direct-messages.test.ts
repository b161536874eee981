import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { createBlueskyConnector } from '../connectors/bluesky.connector.js';
import { createConnectorRegistry } from '../connectors/connector-registry.js';
import { DemoConnector } from '../connectors/demo.js';
import { type RecordedExchange, type Replay, replay } from '../connectors/recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { type JobHandler, runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { checkAllDirectMessages } from './check-all-direct-messages.js';
import { MODERATION_DM_QUEUE, moderationJobHandlers } from './moderation.jobs.js';
import { connectedAccountOpener, moderationConnections } from './moderation-connections.js';
import { connectFeed } from './moderation-ingest.js';

// Two Bluesky accounts on two PDSs, with generated DIDs; the chat declaration read as Bluesky documents it
// (com.atproto.repo.getRecord), and a 429 as its rate limiter answers one.
const jwt = (claims: Record<string, unknown>) => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'at+jwt', alg: 'ES256K' })}.${part(claims)}.c2lnbmF0dXJl`;
};
const accounts = [
  { pds: 'https://pds-a.example', did: 'did:plc:dmcheckaaaaaaaaaaaaaaaa01', handle: '@news-a.example' },
  { pds: 'https://pds-b.example', did: 'did:plc:dmcheckbbbbbbbbbbbbbbbb02', handle: '@news-b.example' },
];
const declarationPath = (did: string) =>
  `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=chat.bsky.actor.declaration&rkey=self`;
const declaration = (a: (typeof accounts)[number], allowIncoming: string): RecordedExchange => ({
  method: 'GET',
  origin: a.pds,
  path: declarationPath(a.did),
  status: 200,
  body: {
    uri: `at://${a.did}/chat.bsky.actor.declaration/self`,
    value: { $type: 'chat.bsky.actor.declaration', allowIncoming },
  },
});
const [first, second] = accounts as [(typeof accounts)[number], (typeof accounts)[number]];

for (const engine of testEngines()) {
  describe(`the daily direct-message check on ${engine}`, () => {
    let t: TestDb;
    let http: Replay;
    const clock = fixedClock('2026-12-03T07:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    const ids: string[] = [];

    beforeAll(async () => {
      t = await createTestDb(engine);
      const school = await buildConnectorSchool(t.db, clock.now());
      for (const a of accounts) {
        const accountId = await buildRegisteredAccount(t.db, {
          schoolId: school.schoolId,
          ownerIds: [school.owner.actor.staffId],
          platform: 'bluesky',
          handle: a.handle,
        });
        await buildConnection(t.db, keyring, {
          schoolId: school.schoolId,
          accountId,
          platform: 'bluesky',
          baseUrl: a.pds,
          platformAccountId: a.did,
          secrets: {
            accessToken: jwt({ scope: 'com.atproto.appPass', sub: a.did, exp: 1_900_000_000 }),
            refreshToken: jwt({ scope: 'com.atproto.refresh', sub: a.did, jti: `refresh-${a.did}` }),
          },
          now: clock.now(),
        });
        await connectFeed({ db: t.db, now: clock.now() }, school.smt.actor, {
          schoolId: school.schoolId,
          accountId,
          platform: 'bluesky',
        });
        ids.push(accountId);
      }
      http = replay([
        // 07:00: the first PDS is rate-limiting; the second answers.
        {
          method: 'GET',
          origin: first.pds,
          path: declarationPath(first.did),
          status: 429,
          body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
          headers: { 'ratelimit-reset': String(Math.floor(clock.now().getTime() / 1000) + 300) },
        },
        declaration(second, 'none'),
        // The retry: only the first account is read again.
        declaration(first, 'following'),
      ]);
    });
    afterAll(async () => {
      await http?.close();
      await t.destroy();
    });

    it('checks every other account when one fails, fails the job, and the retry checks only those left', async () => {
      const connectors = createConnectorRegistry([
        createBlueskyConnector({ fetch: http.fetch, now: clock.now }),
      ]);
      const connections = moderationConnections(
        new DemoConnector(),
        connectedAccountOpener({ keyring, connectors }),
      );
      const [firstId, secondId] = ids as [string, string];
      const handlers = moderationJobHandlers({
        keyring,
        checkContexts: new CheckContextCache(),
        connections,
      });
      const work = () =>
        runDueJobs({
          db: t.db,
          clock,
          logger: createLogger('silent'),
          workerId: 'dm-check-test',
          handlers: { [MODERATION_DM_QUEUE]: handlers[MODERATION_DM_QUEUE] as JobHandler },
        });

      // 07:00: the first account's platform answers 429; the second is still checked, and the job fails
      // with the count and the code only, to be retried with backoff.
      await enqueueJob(t.db, MODERATION_DM_QUEUE, clock.now());
      await work();
      const job = await t.db
        .selectFrom('jobs')
        .select(['status', 'attempts', 'last_error'])
        .where('queue', '=', MODERATION_DM_QUEUE)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'queued', attempts: 1 });
      expect(job.last_error).toBe(
        'the direct-message check failed for 1 account(s) (rate_limited); a retry checks only those',
      );

      // 08:00: the retry reads only the account left, and the job is done.
      clock.set(new Date('2026-12-03T08:00:00Z'));
      await work();
      expect(
        await t.db
          .selectFrom('jobs')
          .select(['status', 'attempts'])
          .where('queue', '=', MODERATION_DM_QUEUE)
          .executeTakeFirstOrThrow(),
      ).toEqual({ status: 'done', attempts: 2 });
      const checks = await t.db
        .selectFrom('moderation_dm_checks')
        .select(['account_id', 'setting', 'checked_at'])
        .orderBy('checked_at')
        .execute();
      expect(checks.map((c) => [c.account_id, c.setting, c.checked_at.toISOString()])).toEqual([
        [secondId, 'none', '2026-12-03T07:00:00.000Z'],
        [firstId, 'following', '2026-12-03T08:00:00.000Z'],
      ]);
      const origins = http.sent().map((r) => new URL(r.url).origin);
      expect(origins.slice(0, 2).sort()).toEqual([first.pds, second.pds]);
      expect(origins.slice(2)).toEqual([first.pds]);
      http.assertAllUsed();

      // The same day, nothing is left to check.
      expect(await checkAllDirectMessages({ db: t.db, now: clock.now(), connections })).toEqual({
        checked: 0,
        skipped: 2,
        failed: [],
      });
    });
  });
}
