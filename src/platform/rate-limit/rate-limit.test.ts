import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppWith, createTestApp, type TestApp, testConfig } from '../../server/test-app.js';
import { signInAs, type TestSignIn } from '../auth/test-session.js';
import { createDb } from '../db/create-db.js';
import type { Db } from '../db/database.js';
import { testEngines } from '../db/test-db.js';
import { createLogger } from '../logger.js';
import { counterKey, hitCounter, readCounters, stateOf } from './counters.js';
import { RATE_LIMIT_SWEEP_QUEUE, rateLimitJobHandlers, rateLimitSchedules } from './rate-limit.jobs.js';

const MINUTE = 60_000;

for (const engine of testEngines()) {
  describe(`rate limit counters on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let teacher: TestSignIn;
    // A second app on the same database: on PostgreSQL through its own connection pool, as another
    // server process would be; PGlite lives in one process, so there it shares the handle.
    let second: { app: FastifyInstance; db: Db; own: boolean };

    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Counting School', official_email_domains: ['counting.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      teacher = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
      const url = t.testDb.databaseUrl;
      const db = url ? createDb({ databaseUrl: url, poolSize: 2 }) : t.testDb.db;
      const app = await buildAppWith(testConfig, {
        db,
        dbEngine: engine,
        logger: createLogger('silent'),
        clock: t.clock,
      });
      await app.ready();
      second = { app, db, own: url !== undefined };
    });
    afterAll(async () => {
      await second.app.close();
      if (second.own) await second.db.destroy();
      await t.close();
    });

    it('counts hits in a window that starts at the first hit and restarts once it is over', async () => {
      const db = t.testDb.db;
      const id = { scope: 'test.window', key: counterKey('window') };
      const start = t.clock.now();
      const hits: number[] = [];
      for (let i = 0; i < 3; i++) {
        hits.push(
          (await hitCounter(db, { ...id, now: new Date(start.getTime() + i * 1000), windowMs: MINUTE })).hits,
        );
      }
      expect(hits).toEqual([1, 2, 3]);
      const live = await readCounters(db, [id], new Date(start.getTime() + 30_000));
      expect(stateOf(live, id)).toEqual({ hits: 3, expiresAt: new Date(start.getTime() + MINUTE) });
      expect((await readCounters(db, [id], new Date(start.getTime() + MINUTE))).size).toBe(0);
      const later = await hitCounter(db, {
        ...id,
        now: new Date(start.getTime() + MINUTE),
        windowMs: MINUTE,
      });
      expect(later).toEqual({ hits: 1, expiresAt: new Date(start.getTime() + 2 * MINUTE) });
    });

    it('holds a counter for its cool-down from the hit that reaches lockAfter', async () => {
      const id = { scope: 'test.lock', key: counterKey('lock') };
      const start = t.clock.now().getTime();
      let state = { hits: 0, expiresAt: new Date(0) };
      for (let i = 0; i < 3; i++) {
        state = await hitCounter(t.testDb.db, {
          ...id,
          now: new Date(start + i * 5 * MINUTE),
          windowMs: 15 * MINUTE,
          lockAfter: 3,
          lockMs: 30 * MINUTE,
        });
      }
      // Third hit at +10 min: held until +40 min, not the window's end at +15 min.
      expect(state).toEqual({ hits: 3, expiresAt: new Date(start + 40 * MINUTE) });
    });

    it('never loses a hit to concurrency: 40 at once count 1 to 40', async () => {
      const id = { scope: 'test.concurrent', key: counterKey('concurrent') };
      const now = t.clock.now();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          hitCounter(i % 2 === 0 ? t.testDb.db : second.db, { ...id, now, windowMs: MINUTE }),
        ),
      );
      expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    });

    it('shares the per-address sign-in limit between two app instances on one database', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const app = i % 2 === 0 ? t.app : second.app;
        const response = await app.inject({
          method: 'POST',
          url: '/api/session',
          remoteAddress: '192.0.2.44',
          payload: { email: `shared-${i}@counting.example`, password: 'a guess at a password' },
        });
        statuses.push(response.statusCode);
      }
      // 30 a minute from one address in total, not 30 per process.
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      const row = await t.testDb.db
        .selectFrom('rate_limit_counters')
        .select(['scope', 'hits'])
        .where('scope', '=', 'http:POST /api/session')
        .where('key', '=', counterKey('192.0.2.44'))
        .executeTakeFirstOrThrow();
      expect(row.hits).toBe(31);
    });

    it('shares an account lock-out between two app instances', async () => {
      const email = 'locked-across@counting.example';
      for (let i = 0; i < 10; i++) {
        const app = i % 2 === 0 ? t.app : second.app;
        const response = await app.inject({
          method: 'POST',
          url: '/api/session',
          remoteAddress: `198.51.100.${i + 1}`,
          payload: { email, password: `wrong ${i}` },
        });
        expect(response.json().error.code).toBe('InvalidCredentials');
      }
      for (const app of [t.app, second.app]) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/session',
          remoteAddress: '198.51.100.200',
          payload: { email, password: 'wrong again' },
        });
        expect(response.statusCode).toBe(429);
        expect(response.json().error.code).toBe('AccountLocked');
      }
    });

    it('adds no counter and no limit to POST /api/checks and GET /api/posts', async () => {
      const before = await t.testDb.db
        .selectFrom('rate_limit_counters')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 5; i++) {
        const check = await t.app.inject({
          method: 'POST',
          url: '/api/checks',
          headers: teacher.headers,
          payload: { kind: 'post', text: 'Our Year 8 science fair was a great success this afternoon.' },
        });
        expect(check.statusCode).toBe(200);
        expect(check.headers['x-ratelimit-limit']).toBeUndefined();
        const posts = await t.app.inject({ method: 'GET', url: '/api/posts', headers: teacher.headers });
        expect(posts.statusCode).toBe(200);
        expect(posts.headers['x-ratelimit-limit']).toBeUndefined();
      }
      const after = await t.testDb.db
        .selectFrom('rate_limit_counters')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('sweeps expired counters on a schedule and keeps live ones', async () => {
      const db = t.testDb.db;
      const now = t.clock.now();
      const old = { scope: 'test.sweep', key: counterKey('old') };
      const live = { scope: 'test.sweep', key: counterKey('live') };
      await hitCounter(db, { ...old, now: new Date(now.getTime() - 2 * MINUTE), windowMs: MINUTE });
      await hitCounter(db, { ...live, now, windowMs: MINUTE });
      expect(rateLimitSchedules.map((s) => s.queue)).toContain(RATE_LIMIT_SWEEP_QUEUE);
      const sweep = rateLimitJobHandlers[RATE_LIMIT_SWEEP_QUEUE];
      if (!sweep) throw new Error('no sweep handler');
      await sweep({
        db,
        clock: t.clock,
        logger: createLogger('silent'),
        job: { id: 'sweep', queue: RATE_LIMIT_SWEEP_QUEUE, payload: {}, attempt: 1, maxAttempts: 1 },
        completeInTransaction: (work) => db.transaction().execute(work),
      });
      const keys = await db
        .selectFrom('rate_limit_counters')
        .select('key')
        .where('scope', '=', 'test.sweep')
        .execute();
      expect(keys.map((k) => k.key)).toEqual([live.key]);
      const expired = await db
        .selectFrom('rate_limit_counters')
        .select('key')
        .where('expires_at', '<=', now)
        .execute();
      expect(expired).toHaveLength(0);
    });
  });
}
