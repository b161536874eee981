import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchOutcome } from '../accounts/safe-fetch.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { fetchMastodonFollowers, type PublicFetch } from './public-followers.js';
import { selfAuditHourlyLimits } from './self-audit-limits.js';

interface Exchange {
  url: string;
  status: number;
  link: string | null;
  body: unknown;
}

const recorded = JSON.parse(
  readFileSync(new URL('./testdata/mastodon-followers.json', import.meta.url), 'utf8'),
) as { exchanges: Exchange[] };

/** Replays the recorded exchange: an address not in it fails the test instead of reaching the internet. */
function replay(asked: string[]): PublicFetch {
  return async (url): Promise<FetchOutcome> => {
    asked.push(url);
    const exchange = recorded.exchanges.find((e) => e.url === url);
    if (!exchange) throw new Error(`not in the recorded exchange: ${url}`);
    if (exchange.status !== 200)
      return { ok: false, failure: 'http_status', status: exchange.status, reason: 'recorded', url };
    return {
      ok: true,
      url,
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(exchange.body),
      truncated: false,
      redirects: [],
      ...(exchange.link ? { link: exchange.link } : {}),
    };
  };
}

describe('a Mastodon public follower list, by handle (recorded exchange)', () => {
  it('looks the account up, then follows the Link header page by page', async () => {
    const asked: string[] = [];
    const { followers, truncated } = await fetchMastodonFollowers(replay(asked), '@jo@toot.example');
    expect(followers).toHaveLength(100);
    expect(followers[0]).toEqual({ name: 'Barnaby Ashdown', handle: 'barnaby0' });
    expect(followers[1]).toEqual({ name: 'Clementine Blakemore', handle: 'clementine1@example.social' });
    expect(truncated).toBe(false);
    expect(asked).toEqual(recorded.exchanges.slice(0, 4).map((e) => e.url));
  });

  it('says plainly when the server does not know the handle, or the handle is not name@server', async () => {
    await expect(fetchMastodonFollowers(replay([]), 'nobody@toot.example')).rejects.toMatchObject({
      code: 'HandleNotFound',
    });
    await expect(fetchMastodonFollowers(replay([]), 'jo')).rejects.toMatchObject({ code: 'HandleInvalid' });
    await expect(fetchMastodonFollowers(replay([]), 'jo@toot.example/../x')).rejects.toMatchObject({
      code: 'HandleInvalid',
    });
  });

  it('never follows a next page onto another server', async () => {
    const asked: string[] = [];
    const fetchPage: PublicFetch = async (url) => {
      asked.push(url);
      const body = url.includes('lookup') ? { id: '1' } : [{ acct: 'a', display_name: 'A' }];
      return {
        ok: true,
        url,
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(body),
        truncated: false,
        redirects: [],
        link: '<https://elsewhere.example/api/v1/accounts/1/followers?max_id=1>; rel="next"',
      };
    };
    const { followers } = await fetchMastodonFollowers(fetchPage, 'jo@toot.example');
    expect(followers).toHaveLength(1);
    expect(asked.every((u) => u.startsWith('https://toot.example/'))).toBe(true);
  });
});

for (const engine of testEngines()) {
  describe(`POST /api/self-audit/public-followers on ${engine}`, () => {
    let t: TestApp;
    let staff: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Public Followers School', official_email_domains: ['pf.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      staff = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
    });

    afterAll(async () => {
      await t?.close();
    });

    const fetchFor = (handle: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/self-audit/public-followers',
        headers: staff.headers,
        payload: { platform: 'mastodon', handle },
      });

    it('says it cannot work offline when the server cannot be reached, and stores nothing', async () => {
      // A closed port on this machine: the fetcher's connection is refused, as when Guardpost is offline.
      const response = await fetchFor('jo@127.0.0.1:9');
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('PlatformUnreachable');
      expect(response.json().error.message).toMatch(/cannot work offline/);
      const audit = await t.testDb.db.selectFrom('audit_events').select('type').execute();
      expect(audit.map((a) => a.type)).not.toContain('staff_use.self_audit_attested');
    });

    it('refuses a handle that is not name@server before fetching anything', async () => {
      const response = await fetchFor('just-a-name');
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('HandleInvalid');
    });

    it('fetches at most so many lists an hour for one member of staff', async () => {
      // Two used above.
      for (let i = 2; i < selfAuditHourlyLimits.public_followers; i++)
        expect((await fetchFor('not-a-handle')).statusCode).toBe(400);
      const refused = await fetchFor('jo@127.0.0.1:9');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('SelfAuditRateLimited');
    });
  });
}
