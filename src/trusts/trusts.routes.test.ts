import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPupil } from '../people/testing.js';
import { createAccount, signInAs } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createSchool } from '../schools/create-school.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { buildTrust, signInAsTrustRole } from './testing.js';

const system = { kind: 'system', label: 'test' } as const;
const DAY = 86_400_000;

const TEMPLATE = `# Online safety policy (trust template)

## 1. Staff personal use

### 1.1 Personal accounts
Staff keep personal accounts private and do not follow pupils.

## 2. School accounts

### 2.1 Approval
Every school account is approved by SMT before it is used.
`;

interface Dashboard {
  trust: { id: string; name: string };
  schools: {
    id: string;
    name: string;
    cells: { key: string; display: string; band: string | null; withheld: boolean; link: string | null }[];
  }[];
}

for (const engine of testEngines()) {
  describe(`trust view on ${engine}`, () => {
    let t: TestApp;
    let schoolA: string;
    let schoolB: string;
    let schoolC: string;
    let trustId: string;
    let otherTrustId: string;
    const pupilNames = ['Peregrina Ashcombe', 'Tobiah Wrenfield'];

    beforeAll(async () => {
      // After the real date the schools' seed policies are written on, so they fall inside the range.
      t = await createTestApp(engine, '2027-01-11T09:00:00Z');
      const db = t.testDb.db;
      const make = (name: string, domain: string) =>
        createSchool(db, system, { name, officialEmailDomains: [domain] }).then((s) => s.id);
      schoolA = await make('Brackenholm Academy', 'brackenholm.example');
      schoolB = await make('Saltmarsh Primary', 'saltmarsh.example');
      schoolC = await make('Other Trust School', 'othertrust.example');
      trustId = await buildTrust(db, { name: 'Heathland Schools Trust', schoolIds: [schoolA, schoolB] });
      otherTrustId = await buildTrust(db, { name: 'Far Valley Trust', schoolIds: [schoolC] });
      const pupilIds = [];
      for (const name of pupilNames) {
        const [givenName, familyName] = name.split(' ') as [string, string];
        pupilIds.push(await buildPupil(db, { schoolId: schoolA, givenName, familyName }));
      }
      // Three routine concerns in school A, about named pupils, never acknowledged.
      const reporter = await signInAs(db, { schoolId: schoolA, roles: ['staff'], now: t.clock.now() });
      for (const pupilId of [...pupilIds, pupilIds[0]]) {
        const reported = await t.app.inject({
          method: 'POST',
          url: '/api/concerns',
          headers: reporter.headers,
          payload: {
            type: 'pupil_contact',
            platform: 'Web',
            pupils: [{ pupilId, role: 'subject' }],
            whatHappened: `Message to ${pupilNames[0]} seen on the web`,
            urgency: 'routine',
          },
        });
        expect(reported.statusCode).toBe(201);
      }
      // A week later, every deadline has passed.
      t.clock.advance(7 * DAY);
    });
    afterAll(async () => {
      await t.close();
    });

    async function dashboard(headers: Record<string, string>, id = trustId) {
      return t.app.inject({ method: 'GET', url: `/api/trusts/${id}/dashboard`, headers });
    }

    it("compares the trust's schools side by side, counts only, small safeguarding numbers banded", async () => {
      const lead = await signInAsTrustRole(t.testDb.db, {
        trustId,
        roles: ['trust_safeguarding_lead'],
        schoolId: schoolA,
        now: t.clock.now(),
      });
      const response = await dashboard(lead.headers);
      expect(response.statusCode).toBe(200);
      const body = response.json() as Dashboard;
      expect(body.trust.name).toBe('Heathland Schools Trust');
      expect(body.schools.map((s) => s.name).sort()).toEqual(['Brackenholm Academy', 'Saltmarsh Primary']);
      const a = body.schools.find((s) => s.id === schoolA);
      const b = body.schools.find((s) => s.id === schoolB);
      const late = (s: typeof a) => s?.cells.find((c) => c.key === 'concerns_acknowledged_late');
      expect(late(a)).toMatchObject({ display: 'fewer than 5', band: 'fewer_than_5', withheld: false });
      expect(late(b)).toMatchObject({ display: '0', band: null });
      expect(a?.cells.find((c) => c.key === 'policy_review')?.display).toMatch(
        /^(In date|Review overdue|Review due soon)$/,
      );
      expect(a?.cells.map((c) => c.key)).toEqual([
        'policy_review',
        'acknowledgement_rate',
        'reapprovals_due',
        'blocked_per_100',
        'moderation_minutes',
        'concerns_acknowledged_late',
      ]);
      // No school role: no link to any school's page.
      expect(body.schools.flatMap((s) => s.cells).every((c) => c.link === null)).toBe(true);
      // Never a pupil's name, nor the concern's words.
      for (const name of pupilNames) {
        expect(response.body).not.toContain(name);
        expect(response.body).not.toContain(name.split(' ')[1]);
      }
      expect(response.body).not.toContain('seen on the web');
    });

    it('links a figure to the school page only for those whose role in that school opens it', async () => {
      const db = t.testDb.db;
      const dual = await signInAsTrustRole(db, {
        trustId,
        roles: ['trust_executive'],
        schoolId: schoolA,
        now: t.clock.now(),
        email: 'dual@heathland.example',
      });
      await signInAs(db, {
        schoolId: schoolA,
        roles: ['staff', 'dsl'],
        email: 'dual@heathland.example',
        now: t.clock.now(),
      });
      const body = (await dashboard(dual.headers)).json() as Dashboard;
      const a = body.schools.find((s) => s.id === schoolA);
      const b = body.schools.find((s) => s.id === schoolB);
      expect(a?.cells.find((c) => c.key === 'concerns_acknowledged_late')?.link).toBe('/safeguarding');
      expect(a?.cells.find((c) => c.key === 'policy_review')?.link).toBe('/policy');
      expect(a?.cells.find((c) => c.key === 'reapprovals_due')?.link).toBeNull();
      expect(b?.cells.every((c) => c.link === null)).toBe(true);
    });

    it('withholds the safeguarding figure from the trust admin', async () => {
      const admin = await signInAsTrustRole(t.testDb.db, {
        trustId,
        roles: ['trust_admin'],
        schoolId: schoolB,
        now: t.clock.now(),
      });
      const body = (await dashboard(admin.headers)).json() as Dashboard;
      const cell = body.schools[0]?.cells.find((c) => c.key === 'concerns_acknowledged_late');
      expect(cell).toMatchObject({ withheld: true, display: 'not shown to your role' });
    });

    it('never leaks sideways: another trust, and school staff, learn nothing of the trust', async () => {
      const db = t.testDb.db;
      const otherLead = await signInAsTrustRole(db, {
        trustId: otherTrustId,
        roles: ['trust_executive', 'trust_admin', 'trust_safeguarding_lead'],
        schoolId: schoolC,
        now: t.clock.now(),
      });
      for (const url of [`/api/trusts/${trustId}/dashboard`, `/api/trusts/${trustId}/templates`]) {
        const refused = await t.app.inject({ method: 'GET', url, headers: otherLead.headers });
        expect(refused.statusCode).toBe(404);
        expect(refused.json().error.code).toBe('TrustNotFound');
        expect(refused.body).not.toContain('Heathland');
      }
      const published = await t.app.inject({
        method: 'POST',
        url: `/api/trusts/${trustId}/templates`,
        headers: otherLead.headers,
        payload: { label: 'sideways', text: TEMPLATE, format: 'markdown' },
      });
      expect(published.statusCode).toBe(404);
      const head = await signInAs(db, {
        schoolId: schoolA,
        roles: ['headteacher', 'admin', 'dsl'],
        now: t.clock.now(),
      });
      expect((await dashboard(head.headers)).statusCode).toBe(404);
      // A person with trust roles only opens no school page of their trust's schools.
      for (const url of [
        '/api/policy/acknowledgements',
        '/api/people/pupils?q=Peregrina',
        '/api/concerns',
        '/api/notifications',
      ]) {
        const response = await t.app.inject({ method: 'GET', url, headers: otherLead.headers });
        expect([403, 404]).toContain(response.statusCode);
      }
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: otherLead.headers });
      expect(me.json()).toMatchObject({
        roles: [],
        school: { id: schoolC, name: 'Other Trust School' },
        trusts: [{ id: otherTrustId, name: 'Far Valley Trust' }],
      });
    });

    it('publishes a template; each school adopts it as its own policy version, adapted or not', async () => {
      const db = t.testDb.db;
      const admin = await signInAsTrustRole(db, {
        trustId,
        roles: ['trust_admin'],
        schoolId: schoolA,
        now: t.clock.now(),
      });
      const executive = await signInAsTrustRole(db, {
        trustId,
        roles: ['trust_executive'],
        schoolId: schoolA,
        now: t.clock.now(),
      });
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/trusts/${trustId}/templates`,
        headers: executive.headers,
        payload: { label: '2026-27', text: TEMPLATE, format: 'markdown' },
      });
      expect(refused.statusCode).toBe(403);
      const published = await t.app.inject({
        method: 'POST',
        url: `/api/trusts/${trustId}/templates`,
        headers: admin.headers,
        payload: { label: '2026-27', text: TEMPLATE, format: 'markdown' },
      });
      expect(published.statusCode).toBe(200);
      const templateId = published.json().id as string;

      const headA = await signInAs(db, {
        schoolId: schoolA,
        roles: ['staff', 'headteacher'],
        now: t.clock.now(),
      });
      const headB = await signInAs(db, { schoolId: schoolB, roles: ['staff', 'smt'], now: t.clock.now() });
      const headC = await signInAs(db, {
        schoolId: schoolC,
        roles: ['staff', 'headteacher'],
        now: t.clock.now(),
      });
      const offered = await t.app.inject({
        method: 'GET',
        url: '/api/trust-templates',
        headers: headA.headers,
      });
      expect(offered.json()).toMatchObject({
        trust: { id: trustId },
        templates: [{ id: templateId, adopted: null }],
      });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/trust-templates', headers: headC.headers })).json(),
      ).toEqual({
        trust: { id: otherTrustId, name: 'Far Valley Trust' },
        templates: [],
      });
      // Another trust's school cannot adopt it.
      const sideways = await t.app.inject({
        method: 'POST',
        url: `/api/trust-templates/${templateId}/adopt`,
        headers: headC.headers,
        payload: {},
      });
      expect(sideways.statusCode).toBe(404);

      const asIs = await t.app.inject({
        method: 'POST',
        url: `/api/trust-templates/${templateId}/adopt`,
        headers: headA.headers,
        payload: {},
      });
      expect(asIs.statusCode).toBe(200);
      expect(asIs.json()).toMatchObject({ label: '2026-27', adapted: false });
      const adapted = await t.app.inject({
        method: 'POST',
        url: `/api/trust-templates/${templateId}/adopt`,
        headers: headB.headers,
        payload: { text: `${TEMPLATE}\n### 2.2 Our own\nSaltmarsh adds a clause of its own.\n` },
      });
      expect(adapted.statusCode).toBe(200);
      expect(adapted.json().adapted).toBe(true);
      const twice = await t.app.inject({
        method: 'POST',
        url: `/api/trust-templates/${templateId}/adopt`,
        headers: headA.headers,
        payload: { label: 'again' },
      });
      expect(twice.statusCode).toBe(409);

      // The school's current policy is the adopted version, and its staff are asked to acknowledge it.
      const policy = await t.app.inject({
        method: 'GET',
        url: `/api/policy?school=${schoolA}`,
        headers: headA.headers,
      });
      expect(policy.json().current).toMatchObject({ label: '2026-27', isCurrent: true });
      const asked = await db
        .selectFrom('notifications')
        .select('id')
        .where('school_id', '=', schoolA)
        .where('kind', '=', 'policy.new_version')
        .execute();
      expect(asked.length).toBeGreaterThan(0);

      const view = await t.app.inject({
        method: 'GET',
        url: `/api/trusts/${trustId}/templates`,
        headers: executive.headers,
      });
      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({
        canPublish: false,
        templates: [{ id: templateId, label: '2026-27', adoptedBy: 2 }],
      });
      const bySchool = Object.fromEntries(
        (
          view.json().schools as {
            id: string;
            templateLabel: string;
            adapted: boolean;
            stillCurrent: boolean;
          }[]
        ).map((s) => [s.id, s]),
      );
      expect(bySchool[schoolA]).toMatchObject({
        templateLabel: '2026-27',
        adapted: false,
        stillCurrent: true,
      });
      expect(bySchool[schoolB]).toMatchObject({
        templateLabel: '2026-27',
        adapted: true,
        stillCurrent: true,
      });
    });

    it('signs in a person holding trust roles only, and asks for a second factor', async () => {
      const db = t.testDb.db;
      const account = await createAccount(db, {
        schoolId: schoolB,
        roles: ['staff'],
        password: 'trust only passphrase',
        email: 'trust.only@heathland.example',
      });
      // Their school membership ends: trust roles remain.
      await db
        .updateTable('staff_memberships')
        .set({ status: 'left' })
        .where('staff_id', '=', account.staffId)
        .execute();
      await db
        .insertInto('trust_memberships')
        .values({ trust_id: trustId, staff_id: account.staffId, roles: ['trust_executive'] })
        .execute();
      const signedIn = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: 'trust.only@heathland.example', password: 'trust only passphrase' },
      });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toMatchObject({ secondFactorPassed: false, totpEnrolmentRequired: true });
      const cookie = signedIn.headers['set-cookie'];
      const refused = await t.app.inject({
        method: 'GET',
        url: `/api/trusts/${trustId}/dashboard`,
        headers: { cookie: Array.isArray(cookie) ? (cookie[0] ?? '') : (cookie ?? '') },
      });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('TotpRequired');
    });
  });
}
