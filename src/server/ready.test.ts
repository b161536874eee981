import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDataKey } from '../platform/crypto/data-keys.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { testEngines } from '../platform/db/test-db.js';
import { insertJob } from '../platform/jobs/jobs.repository.js';
import { MAX_JOB_LAG_SECONDS } from '../platform/ops/readiness.js';
import { createTestApp, type TestApp, testConfig } from './test-app.js';

describe.each(testEngines())('GET /ready on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  async function schoolId(): Promise<string> {
    const row = await t.testDb.db
      .insertInto('schools')
      .values({ name: 'Ready School', official_email_domains: ['ready.example'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('answers 200 with every check passing on a migrated database', async () => {
    // A stored data key under the configured key: the self-check opens it.
    await createDataKey(t.testDb.db, loadKeyring(testConfig), {
      schoolId: await schoolId(),
      now: t.clock.now(),
    });
    const response = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe('ready');
    expect(body.failed).toEqual([]);
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations).toMatchObject({ ok: true, pending: [] });
    expect(body.checks.masterKey.ok).toBe(true);
    expect(body.checks.jobs).toMatchObject({ ok: true, lagSeconds: 0, maxLagSeconds: MAX_JOB_LAG_SECONDS });
  });

  it('answers 503 naming the pending migration when one is not applied', async () => {
    const last = await t.testDb.db
      .selectFrom(sql<{ name: string }>`guardpost_migrations`.as('m'))
      .select('name')
      .orderBy('name', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`delete from guardpost_migrations where name = ${last.name}`.execute(t.testDb.db);
    const response = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.status).toBe('not ready');
    expect(body.failed).toEqual(['migrations']);
    expect(body.checks.migrations).toMatchObject({ ok: false, pending: [last.name] });
  });

  it('answers 503 with the lag when a due job has waited past the limit', async () => {
    const now = t.clock.now();
    const overdueSeconds = MAX_JOB_LAG_SECONDS + 300;
    await insertJob(t.testDb.db, {
      queue: 'email.send',
      runAt: new Date(now.getTime() - overdueSeconds * 1000),
      now: new Date(now.getTime() - overdueSeconds * 1000),
    });
    // A job due in the future is not lag.
    await insertJob(t.testDb.db, { queue: 'email.send', runAt: new Date(now.getTime() + 3_600_000), now });
    const response = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.failed).toEqual(['jobs']);
    expect(body.checks.jobs).toMatchObject({ ok: false, lagSeconds: overdueSeconds });
  });

  it('answers 503 when a stored data key was wrapped by a master key that is not configured', async () => {
    const other = createKeyring(generateMasterKey());
    await createDataKey(t.testDb.db, other, { schoolId: await schoolId(), now: t.clock.now() });
    const response = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.failed).toEqual(['masterKey']);
    // Neither key nor key id is handed out.
    expect(response.body).not.toContain(other.current.id);
  });
});
