import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformHttp } from '../connectors/platform-http.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { insertJob } from '../platform/jobs/jobs.repository.js';
import { countConnectorError } from '../platform/ops/metrics.js';
import { createTestApp, type TestApp } from './test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample line, e.g. `guardpost_jobs_queued{queue="email.send"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every label value in the exposition text. */
function labelValues(text: string): string[] {
  return [...text.matchAll(/[a-z_]+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
}

describe.each(testEngines())('GET /metrics on %s', (engine) => {
  let t: TestApp;
  let teacher: TestSignIn;

  beforeAll(async () => {
    t = await createTestApp(engine, undefined, { metricsToken: TOKEN });
    const school = await t.testDb.db
      .insertInto('schools')
      .values({ name: 'Metrics School', official_email_domains: ['metrics.example'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    teacher = await signInAs(t.testDb.db, {
      schoolId: school.id,
      roles: ['staff'],
      email: 'pat.teacher@metrics.example',
      now: t.clock.now(),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a scrape without the token, or with a wrong one', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('MetricsTokenRequired');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('labels latency by route pattern and never by ids or emails from paths and queries', async () => {
    const id = 'c0ffee00-1111-4222-8333-444455556666';
    const email = 'jo.parent@family.example';
    for (const url of [
      `/api/people/pupils/${id}?email=${encodeURIComponent(email)}`,
      `/api/nowhere/${email}`,
      `/${id}/${email}?q=${email}`,
      `/api/concerns/${id}`,
      '/health',
    ])
      await t.app.inject({ method: 'GET', url, headers: teacher.headers });
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain(
      'guardpost_http_request_duration_seconds_count{method="GET",route="/health",status="2xx"} 1',
    );
    expect(text).toContain('route="unmatched"');
    const values = labelValues(text);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(value).not.toContain(id);
      expect(value).not.toContain('@');
      expect(value).not.toContain('pat.teacher');
    }
  });

  it('counts checks answered by POST /api/checks', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/metrics', headers: auth });
    const start = sample(before.body, 'guardpost_checks_total') ?? 0;
    for (let i = 0; i < 3; i += 1) {
      const check = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: teacher.headers,
        payload: { kind: 'post', text: `Well done to the choir, concert ${i}` },
      });
      expect(check.statusCode).toBe(200);
    }
    const after = await t.app.inject({ method: 'GET', url: '/metrics', headers: auth });
    expect(sample(after.body, 'guardpost_checks_total')).toBe(start + 3);
  });

  it('reports job depth and lag by queue, emails by state and connector errors by platform', async () => {
    const now = t.clock.now();
    await insertJob(t.testDb.db, { queue: 'metrics.test', runAt: new Date(now.getTime() - 90_000), now });
    await insertJob(t.testDb.db, { queue: 'metrics.test', runAt: new Date(now.getTime() + 90_000), now });
    await t.testDb.db
      .insertInto('email_outbox')
      .values([
        {
          to_address: 'a@metrics.example',
          subject: 's',
          text_body: 'b',
          html_body: null,
          last_error: null,
          message_id: 'm1',
          created_at: now,
          sent_at: now,
          status: 'sent',
        },
        {
          to_address: 'b@metrics.example',
          subject: 's',
          text_body: 'b',
          html_body: null,
          last_error: 'connection refused',
          message_id: null,
          created_at: now,
          sent_at: null,
        },
        {
          to_address: 'c@metrics.example',
          subject: 's',
          text_body: 'b',
          html_body: null,
          last_error: null,
          message_id: null,
          created_at: now,
          sent_at: null,
        },
      ])
      .execute();
    countConnectorError('test-platform');
    // A real connector call the platform refuses is counted where every call passes.
    const mastodon = createPlatformHttp({
      platform: 'mastodon',
      fetch: async () => new Response(JSON.stringify({ error: 'down for maintenance' }), { status: 503 }),
      now: () => now,
    });
    await expect(
      mastodon.request({ method: 'GET', url: 'https://mastodon.example/api/v1/notifications' }),
    ).rejects.toThrow(/mastodon failed/);
    const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
    expect(sample(text, 'guardpost_jobs_queued{queue="metrics.test"}')).toBe(2);
    expect(sample(text, 'guardpost_jobs_lag_seconds{queue="metrics.test"}')).toBe(90);
    expect(sample(text, 'guardpost_emails{state="sent"}')).toBe(1);
    expect(sample(text, 'guardpost_emails{state="failing"}')).toBe(1);
    expect(sample(text, 'guardpost_emails{state="queued"}')).toBe(1);
    expect(sample(text, 'guardpost_connector_errors_total{platform="test-platform"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'guardpost_connector_errors_total{platform="mastodon"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# HELP guardpost_connector_errors_total');
  });
});

describe('metrics off by default', () => {
  it('has no /metrics route without a token', async () => {
    const t = await createTestApp('pglite');
    try {
      const response = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('guardpost_');
    } finally {
      await t.close();
    }
  });
});
