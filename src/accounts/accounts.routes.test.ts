import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';

for (const engine of testEngines()) {
  describe(`accounts HTTP API on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let owner: TestSignIn;
    let smt: TestSignIn;
    let accountId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Verify Academy', official_email_domains: ['verify.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      owner = await signInAs(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Wren',
        familyName: 'Owner',
        now,
      });
      smt = await signInAs(t.testDb.db, { schoolId, roles: ['smt'], now });
    });
    afterAll(async () => {
      await t.close();
    });

    const send = (
      who: TestSignIn,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: object,
    ) => t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

    it('registers, submits and approves through the API; student access follows approval', async () => {
      const created = await send(owner, 'POST', '/api/accounts', {
        platform: 'instagram',
        profileUrl: 'https://www.instagram.com/verify.art.dept/',
        purposeKind: 'department',
        purpose: 'Art department exhibitions',
        linkedEmail: 'Art@Verify.example',
        attestsNoDirectMessages: true,
        attestsAupLink: true,
      });
      expect(created.statusCode).toBe(201);
      accountId = created.json().id;
      expect(created.json()).toMatchObject({ status: 'draft', linkedEmail: 'art@verify.example' });
      expect(created.json().studentAccess.allowed).toBe(false);

      const submitted = await send(owner, 'POST', `/api/accounts/${accountId}/submit`);
      expect(submitted.json().status).toBe('submitted');
      const self = await send(owner, 'POST', `/api/accounts/${accountId}/decision`, { decision: 'approve' });
      expect(self.statusCode).toBe(403);
      const approved = await send(smt, 'POST', `/api/accounts/${accountId}/decision`, {
        decision: 'approve',
      });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', studentAccess: { allowed: true } });

      const detail = await send(owner, 'GET', `/api/accounts/${accountId}`);
      expect(detail.json().history).toHaveLength(2);
      const mine = await send(owner, 'GET', '/api/accounts/mine');
      expect(mine.json().items.map((a: { id: string }) => a.id)).toEqual([accountId]);
      const register = await send(smt, 'GET', '/api/accounts?status=approved&platform=instagram');
      expect(register.json().items).toHaveLength(1);
    });

    it('refuses with stable codes citing the clause', async () => {
      const webmail = await send(owner, 'POST', '/api/accounts', {
        platform: 'x',
        handle: '@verifyart',
        purposeKind: 'club',
        purpose: 'Art club',
        linkedEmail: 'artclub@hotmail.co.uk',
      });
      expect(webmail.statusCode).toBe(400);
      expect(webmail.json().error).toMatchObject({ code: 'LinkedEmailIsWebmail', details: ['clause 2.1'] });
      const unknownField = await send(owner, 'POST', '/api/accounts', {
        platform: 'x',
        handle: '@a',
        extra: true,
      });
      expect(unknownField.json().error.code).toBe('InvalidRequest');
      const reasonless = await send(smt, 'POST', `/api/accounts/${accountId}/decision`, {
        decision: 'suspend',
      });
      expect(reasonless.json().error.code).toBe('ReasonRequired');
      const missing = await send(smt, 'GET', '/api/accounts/00000000-0000-4000-8000-000000000000');
      expect(missing.statusCode).toBe(404);
    });

    it('keeps personal handles private and refuses to register them', async () => {
      const declared = await send(owner, 'POST', '/api/me/personal-handles', {
        platform: 'x',
        value: '@wren_at_home',
      });
      expect(declared.statusCode).toBe(201);
      expect((await send(smt, 'GET', '/api/me/personal-handles')).json().items).toEqual([]);
      const refused = await send(smt, 'POST', '/api/accounts', {
        platform: 'x',
        profileUrl: 'https://x.com/Wren_At_Home',
        purposeKind: 'school',
        purpose: 'School news',
        linkedEmail: 'news@verify.example',
      });
      expect(refused.json().error.code).toBe('DeclaredPersonalAccount');
      const removed = await send(owner, 'DELETE', `/api/me/personal-handles/${declared.json().id}`);
      expect(removed.statusCode).toBe(204);
    });

    it('answers publicly, as JSON and as a page without script, naming no staff', async () => {
      const yes = await t.app.inject({
        method: 'GET',
        url: `/api/public/verify?account=${encodeURIComponent('instagram.com/Verify.Art.Dept')}`,
      });
      expect(yes.statusCode).toBe(200);
      expect(yes.json()).toMatchObject({
        official: true,
        message: expect.stringMatching(/^An official Verify Academy account/),
        matches: [
          { runBy: expect.stringMatching(/^(a|the) /), approvedOn: expect.stringMatching(/^\d{4}-/) },
        ],
      });
      expect(yes.body).not.toMatch(/Wren|Owner|verify\.example/);
      const no = await t.app.inject({ method: 'GET', url: '/api/public/verify?account=%40someone_else' });
      expect(no.json()).toMatchObject({
        official: false,
        message: 'No approved account of Verify Academy matches',
      });

      const page = await t.app.inject({ method: 'GET', url: '/verify?account=%40verify.art.dept' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      // One clear answer (not "Yes" and then "Yes: …"), who runs it by role, since when, and how to report a fake.
      expect(page.body).toMatch(/<h2 id="answer">Yes, this is an official Verify Academy account<\/h2>/);
      expect(page.body.match(/\bYes\b/g)).toHaveLength(1);
      expect(page.body).toContain('<dd>Art department exhibitions</dd>');
      expect(page.body).toMatch(/<dt>Run by<\/dt><dd>(a|the) [a-z ]+ of Verify Academy<\/dd>/);
      expect(page.body).toMatch(/<dt>Approved on<\/dt><dd>\d{1,2} [A-Z][a-z]+ \d{4}<\/dd>/);
      expect(page.body).toContain('Seen an account pretending to be the school?');
      expect(page.body).toContain('<link rel="stylesheet" href="/verify/style.css">');
      expect(page.body).not.toMatch(/<script|Wren|style=/);
      const css = await t.app.inject({ method: 'GET', url: '/verify/style.css' });
      expect(css.statusCode).toBe(200);
      // Small enough to load at once on a poor phone connection.
      expect(page.body.length + css.body.length).toBeLessThan(12_000);
      expect(css.headers['content-type']).toMatch(/text\/css/);
      const icon = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
      expect(icon.statusCode).toBe(301);
      const svg = await t.app.inject({ method: 'GET', url: String(icon.headers.location) });
      expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
      const escaped = await t.app.inject({
        method: 'GET',
        url: `/verify?account=${encodeURIComponent('<b>x</b>')}`,
      });
      expect(escaped.body).toContain('&lt;b&gt;x&lt;/b&gt;');
      expect(escaped.body).toMatch(
        /<h2 id="answer">No, this is not an official Verify Academy account<\/h2>/,
      );
      const unknownSchool = await t.app.inject({
        method: 'GET',
        url: '/verify?school=00000000-0000-4000-8000-000000000000&account=x',
      });
      expect(unknownSchool.statusCode).toBe(404);
      expect(unknownSchool.headers['content-type']).toMatch(/text\/html/);
      const form = await t.app.inject({ method: 'GET', url: '/verify' });
      expect(form.body).toContain('method="get" action="/verify"');
    });

    it('rate limits public verification per address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        const r = await t.app.inject({
          method: 'GET',
          url: '/api/public/verify?account=x',
          remoteAddress: '203.0.113.9',
        });
        statuses.push(r.statusCode);
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      const limited = await t.app.inject({
        method: 'GET',
        url: '/api/public/verify?account=x',
        remoteAddress: '203.0.113.9',
      });
      expect(limited.json().error.code).toBe('TooManyVerifications');
    });
  });
}
