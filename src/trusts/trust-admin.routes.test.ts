import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createSchool } from '../schools/create-school.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { buildTrust, signInAsTrustRole } from './testing.js';

const system = { kind: 'system', label: 'test' } as const;

/** The trust admin's pages over HTTP: the trust's schools and who holds trust roles. */
for (const engine of testEngines()) {
  describe(`trust administration on ${engine}`, () => {
    let t: TestApp;
    let schoolA: string;
    let trustId: string;
    let admin: Awaited<ReturnType<typeof signInAsTrustRole>>;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      schoolA = (
        await createSchool(db, system, {
          name: 'Larchfield Academy',
          officialEmailDomains: ['larch.example'],
        })
      ).id;
      trustId = await buildTrust(db, { name: 'Moorside Trust', schoolIds: [schoolA] });
      admin = await signInAsTrustRole(db, {
        trustId,
        roles: ['trust_admin'],
        schoolId: schoolA,
        now: t.clock.now(),
        email: 'admin@moorside.example',
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const call = (
      method: 'GET' | 'POST',
      path: string,
      headers: Record<string, string>,
      payload?: Record<string, unknown>,
    ) =>
      t.app.inject({
        method,
        url: `/api/trusts/${trustId}${path}`,
        headers,
        ...(payload ? { payload } : {}),
      });

    async function auditOf(type: string) {
      return t.testDb.db
        .selectFrom('audit_events')
        .select(['actor_staff_id', 'subject_id', 'data'])
        .where('type', '=', type)
        .orderBy('at')
        .orderBy('seq')
        .execute();
    }

    it('creates a new school in the trust, with its seed policy, both steps audited', async () => {
      const created = await call('POST', '/schools', admin.headers, {
        name: 'Heronsgate Primary',
        urn: '654321',
        officialEmailDomains: ['heronsgate.example'],
      });
      expect(created.statusCode).toBe(200);
      const school = created.json() as { id: string; name: string };
      expect(school.name).toBe('Heronsgate Primary');
      const list = await call('GET', '/schools', admin.headers);
      expect(list.json().schools.map((s: { name: string }) => s.name)).toEqual([
        'Larchfield Academy',
        'Heronsgate Primary',
      ]);
      const policy = await t.testDb.db
        .selectFrom('policy_versions')
        .select('id')
        .where('school_id', '=', school.id)
        .execute();
      expect(policy).toHaveLength(1);
      expect((await auditOf('school.created')).at(-1)).toMatchObject({
        actor_staff_id: admin.staffId,
        subject_id: school.id,
      });
      expect((await auditOf('trust.school_added')).at(-1)).toMatchObject({
        actor_staff_id: admin.staffId,
        subject_id: trustId,
        data: { schoolId: school.id },
      });

      // The same URN again: refused, and nothing half-made is left behind.
      const again = await call('POST', '/schools', admin.headers, {
        name: 'Heronsgate Again',
        urn: '654321',
        officialEmailDomains: ['heronsgate.example'],
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('SchoolExists');
      const webmail = await call('POST', '/schools', admin.headers, {
        name: 'Webmail School',
        officialEmailDomains: ['gmail.com'],
      });
      expect(webmail.json().error.code).toBe('InvalidSchool');
      const names = await t.testDb.db.selectFrom('schools').select('name').execute();
      expect(names.map((n) => n.name)).not.toContain('Heronsgate Again');
      expect(names.map((n) => n.name)).not.toContain('Webmail School');
    });

    it('grants trust roles by email, inviting someone new with their names, and revokes them one by one', async () => {
      const unnamed = await call('POST', '/people/grant', admin.headers, {
        email: 'exec@moorside.example',
        roles: ['trust_executive'],
      });
      expect(unnamed.statusCode).toBe(400);
      expect(unnamed.json().error.code).toBe('PersonUnknown');
      const granted = await call('POST', '/people/grant', admin.headers, {
        email: 'Exec@Moorside.example',
        roles: ['trust_executive', 'trust_safeguarding_lead'],
        givenName: 'Imogen',
        familyName: 'Tarrant',
      });
      expect(granted.statusCode).toBe(200);
      const { staffId } = granted.json() as { staffId: string };
      const people = await call('GET', '/people', admin.headers);
      expect(people.json().people).toEqual([
        expect.objectContaining({ email: 'admin@moorside.example', roles: ['trust_admin'] }),
        expect.objectContaining({
          staffId,
          name: 'Imogen Tarrant',
          email: 'exec@moorside.example',
          roles: ['trust_executive', 'trust_safeguarding_lead'],
        }),
      ]);
      expect((await auditOf('trust.roles_granted')).at(-1)).toMatchObject({
        actor_staff_id: admin.staffId,
        data: { staffId, roles: ['trust_executive', 'trust_safeguarding_lead'] },
      });

      // Signed in with trust roles only, they read the dashboard until their last role goes.
      const exec = await signInAsTrustRole(t.testDb.db, {
        trustId,
        roles: ['trust_executive', 'trust_safeguarding_lead'],
        schoolId: schoolA,
        now: t.clock.now(),
        email: 'exec@moorside.example',
      });
      expect((await call('GET', '/dashboard', exec.headers)).statusCode).toBe(200);
      const first = await call('POST', '/people/revoke', admin.headers, {
        email: 'exec@moorside.example',
        role: 'trust_executive',
      });
      expect(first.json()).toEqual({ staffId, roles: ['trust_safeguarding_lead'] });
      const last = await call('POST', '/people/revoke', admin.headers, {
        email: 'exec@moorside.example',
        role: 'trust_safeguarding_lead',
      });
      expect(last.json()).toEqual({ staffId, roles: [] });
      expect((await auditOf('trust.role_revoked')).at(-1)).toMatchObject({
        actor_staff_id: admin.staffId,
        data: { staffId, role: 'trust_safeguarding_lead', left: [] },
      });
      const after = await call('GET', '/people', admin.headers);
      expect(after.json().people.map((p: { email: string }) => p.email)).toEqual(['admin@moorside.example']);
      t.clock.advance(2_000);
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: exec.headers })).statusCode).toBe(
        401,
      );
      const notHeld = await call('POST', '/people/revoke', admin.headers, {
        email: 'exec@moorside.example',
        role: 'trust_executive',
      });
      expect(notHeld.json().error.code).toBe('TrustRoleNotHeld');
    });

    it('keeps a trust admin: the only one can neither revoke nor replace their own role', async () => {
      const revoke = await call('POST', '/people/revoke', admin.headers, {
        email: 'admin@moorside.example',
        role: 'trust_admin',
      });
      expect(revoke.statusCode).toBe(409);
      expect(revoke.json().error.code).toBe('LastTrustAdmin');
      const replace = await call('POST', '/people/grant', admin.headers, {
        email: 'admin@moorside.example',
        roles: ['trust_executive'],
      });
      expect(replace.json().error.code).toBe('LastTrustAdmin');
      const held = await call('GET', '/people', admin.headers);
      expect(held.json().people[0].roles).toEqual(['trust_admin']);
    });

    it("refuses the trust's other roles (403) and a school's own admin (404), and changes nothing", async () => {
      const lead = await signInAsTrustRole(t.testDb.db, {
        trustId,
        roles: ['trust_safeguarding_lead', 'trust_executive'],
        schoolId: schoolA,
        now: t.clock.now(),
      });
      const schoolAdmin = await signInAs(t.testDb.db, {
        schoolId: schoolA,
        roles: ['admin', 'headteacher'],
        now: t.clock.now(),
      });
      const before = await t.testDb.db.selectFrom('schools').select('id').execute();
      const attempts: ['GET' | 'POST', string, Record<string, unknown> | undefined][] = [
        ['GET', '/schools', undefined],
        ['POST', '/schools', { name: 'Sneaky School', officialEmailDomains: ['sneaky.example'] }],
        ['GET', '/people', undefined],
        [
          'POST',
          '/people/grant',
          { email: 'sneak@moorside.example', roles: ['trust_admin'], givenName: 'S', familyName: 'N' },
        ],
        ['POST', '/people/revoke', { email: 'admin@moorside.example', role: 'trust_admin' }],
      ];
      for (const [method, path, payload] of attempts) {
        const refused = await call(method, path, lead.headers, payload);
        expect(refused.statusCode, `${method} ${path}`).toBe(403);
        expect(refused.json().error.code).toBe('TrustAdminForbidden');
        const unknown = await call(method, path, schoolAdmin.headers, payload);
        expect(unknown.statusCode, `${method} ${path}`).toBe(404);
        expect(unknown.json().error.code).toBe('TrustNotFound');
      }
      expect(await t.testDb.db.selectFrom('schools').select('id').execute()).toHaveLength(before.length);
      const sneak = await t.testDb.db
        .selectFrom('staff')
        .select('id')
        .where('email', '=', 'sneak@moorside.example')
        .execute();
      expect(sneak).toHaveLength(0);
    });
  });
}
