import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStaffMember, type Role, roles } from '../src/platform/auth/roles.js';
import { signInAs } from '../src/platform/auth/test-session.js';
import { testEngines } from '../src/platform/db/test-db.js';
import type { ApiRoute, RouteAccess } from '../src/platform/http/route-access.js';
import { createTestApp, type TestApp } from '../src/server/test-app.js';
import { type Ability, abilities } from '../src/shared/abilities.js';
import { type AppRoute, appPages, mayOpen } from '../src/shared/links.js';

/**
 * The web app's route table against the server: every page of src/shared/links.ts has a component in
 * web/src/routes.tsx and a guard (an ability of `GET /api/me`, or public), and for every role the abilities
 * the real app answers agree with the access its routes enforce, so a page the web app opens is one the API
 * serves, and a page it refuses is one the API refuses too.
 */

/**
 * The route whose declared access enforces each ability (as `METHOD url`, the permission matrix's key).
 * `null` where the route is open to every member of staff and the service decides (who sees the register
 * of contact exceptions rather than their own, who produces the report rather than reads it).
 */
const enforcedBy: Record<Ability, string | null> = {
  'session.manage': 'DELETE /api/sessions',
  'school.switch': 'PUT /api/me/school',
  'policy.read': 'GET /api/policy/acknowledgements/mine',
  'policy.acknowledge': 'POST /api/policy/acknowledgements',
  'policy.acknowledgements.read': 'GET /api/policy/acknowledgements',
  'policy.import': 'POST /api/policy/versions',
  'notifications.read': 'GET /api/notifications',
  'people.read': 'GET /api/people/pupils',
  'roster.import': 'POST /api/roster/import',
  'consents.read': 'GET /api/consents/year-groups/:yearGroup',
  'consents.record': 'POST /api/consents',
  'checks.run': 'POST /api/checks',
  'checks.settings': 'GET /api/checks/settings',
  'concerns.report': 'POST /api/concerns',
  'concerns.read': 'GET /api/concerns',
  'concerns.transfers': 'GET /api/concerns/transfers',
  'concerns.settings': 'PUT /api/concerns/settings',
  'posts.write': 'POST /api/posts',
  'posts.approve': 'POST /api/posts/:id/approve',
  'posts.settings': 'PUT /api/posts/school-settings',
  'archive.read': 'GET /api/archive/posts',
  'takedowns.handle': 'GET /api/takedowns',
  'accounts.use': 'POST /api/accounts',
  'accounts.manage': 'GET /api/accounts',
  'accounts.decide': 'POST /api/accounts/:id/decision',
  'accounts.settings': 'PUT /api/accounts/settings',
  'moderation.act': 'GET /api/moderation/items',
  'moderation.disclosures': 'POST /api/moderation/items/:id/concern',
  'moderation.settings': 'PUT /api/moderation/settings',
  'staffUse.own': 'GET /api/staff-use/me',
  'staffUse.compliance': 'GET /api/staff-compliance',
  'staffUse.register': null,
  'staffUse.handovers': 'GET /api/staff-handovers',
  'staffUse.decide': 'POST /api/contact-exceptions/:id/decision',
  'staffUse.settings': 'PUT /api/staff-use/settings',
  'reports.read': 'GET /api/reports/governors',
  'reports.produce': null,
  'retention.read': 'GET /api/retention',
  'sar.manage': 'POST /api/sar',
  'sar.review': 'POST /api/sar/:id/review',
  'audit.read': 'GET /api/audit',
  'audit.export': 'GET /api/audit/export.csv',
  'settings.manage': 'PUT /api/school/auth-settings',
};

/**
 * The API route each page cannot work without (what it loads, or the one thing it is for). A new page of
 * links.ts needs its line here: the test then checks that its guard opens it for exactly the people that
 * route serves.
 */
const pageServedBy: Record<AppRoute, string> = {
  overview: 'GET /api/policy/acknowledgements/mine',
  signIn: 'POST /api/session',
  policy: 'GET /api/policy/acknowledgements/mine',
  notifications: 'GET /api/notifications',
  security: 'DELETE /api/sessions',
  check: 'POST /api/checks',
  checkSettings: 'GET /api/checks/settings',
  reportConcern: 'POST /api/concerns',
  myConcernReports: 'GET /api/concerns/mine',
  safeguarding: 'GET /api/concerns',
  concern: 'GET /api/concerns/:id',
  pupilChronology: 'GET /api/concerns/pupils/:pupilId/chronology',
  concernTransfers: 'GET /api/concerns/transfers',
  governorsReport: 'GET /api/reports/governors',
  myPosts: 'GET /api/posts',
  newPost: 'POST /api/posts',
  post: 'GET /api/posts/:id',
  editPost: 'PUT /api/posts/:id',
  // The queue is read through GET /api/posts (any member of staff, an empty list for most); approving is
  // what the page is for.
  approvals: 'POST /api/posts/:id/approve',
  archive: 'GET /api/archive/posts',
  archiveRecord: 'GET /api/archive/posts/:id',
  takedowns: 'GET /api/takedowns',
  retention: 'GET /api/retention',
  subjectAccess: 'POST /api/sar',
  subjectAccessRequest: 'GET /api/sar/:id',
  myAccounts: 'GET /api/accounts/mine',
  newAccount: 'POST /api/accounts',
  accountsRegister: 'GET /api/accounts',
  account: 'GET /api/accounts/:id',
  editAccount: 'PUT /api/accounts/:id',
  moderation: 'GET /api/moderation/items',
  staffUse: 'GET /api/staff-use/me',
  contactExceptions: 'GET /api/contact-exceptions',
  privacySettings: 'GET /api/privacy-checklists',
  selfAudit: 'POST /api/self-audit/sessions',
  staffCompliance: 'GET /api/staff-compliance',
  staffHandovers: 'GET /api/staff-handovers',
  trustDashboard: 'GET /api/trusts/:id/dashboard',
  trustTemplates: 'GET /api/trust-templates',
  trustSchools: 'GET /api/trusts/:id/schools',
  trustPeople: 'GET /api/trusts/:id/people',
  staffHandover: 'GET /api/staff-handovers/:id',
  people: 'GET /api/people/pupils',
  pupil: 'GET /api/people/pupils/:id',
  carer: 'GET /api/people/carers/:id',
  rosterImport: 'POST /api/roster/import',
  consentImport: 'POST /api/consents/import',
  classConsents: 'GET /api/consents/year-groups/:yearGroup',
  audit: 'GET /api/audit',
  carerConsent: 'POST /api/consent-links/lookup',
  forgottenPassword: 'POST /api/password-reset',
  resetPassword: 'POST /api/password-reset/confirm',
};

/** Whether a signed-in person holding these roles passes the route's declared access (auth-plugin.ts). */
function passes(access: RouteAccess, held: readonly Role[]): boolean {
  if (access.kind === 'public' || access.kind === 'any_role') return true;
  if (access.kind === 'signed_in') return isStaffMember(held);
  return access.roles.some((role) => held.includes(role));
}

/** Every role alone, and people holding several (a manager who is also a deputy DSL; staff and governor). */
const people: Role[][] = [...roles.map((role) => [role]), ['manager', 'deputy_dsl'], ['staff', 'governor']];

for (const engine of testEngines()) {
  describe(`the route table and GET /api/me abilities on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    const answers = new Map<string, Record<string, boolean>>();

    beforeAll(async () => {
      t = await createTestApp(engine);
      const school = await t.testDb.db
        .insertInto('schools')
        .values({ name: 'Route Table School', official_email_domains: ['route-table.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      schoolId = school.id;
      for (const held of people) {
        const person = await signInAs(t.testDb.db, { schoolId, roles: held });
        const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });
        expect(me.statusCode).toBe(200);
        answers.set(held.join('+'), me.json().abilities);
      }
    });

    afterAll(async () => {
      await t?.close();
    });

    it('gives every page of links.ts a component in web/src/routes.tsx and a guard the server names', async () => {
      // A path computed at run time, so the server's compiler does not take in the web app's TSX.
      const routesModule = fileURLToPath(new URL('../web/src/routes.tsx', import.meta.url));
      const { pageComponents } = (await import(routesModule)) as { pageComponents: Record<string, unknown> };
      expect(Object.keys(pageComponents).sort()).toEqual(Object.keys(appPages).sort());
      for (const component of Object.values(pageComponents)) expect(typeof component).toBe('function');

      const named = Object.keys(answers.get('staff') ?? {});
      expect(named.sort()).toEqual([...abilities].sort());
      for (const [route, page] of Object.entries(appPages)) {
        expect(
          page.opens === 'public' || named.includes(page.opens),
          `${route} opens with ${page.opens}`,
        ).toBe(true);
      }
    });

    it('answers each ability as the route that enforces it decides, for every role', () => {
      const declared = new Map(t.app.apiRoutes.map((r: ApiRoute) => [`${r.method} ${r.url}`, r.access]));
      const undecided = Object.entries(enforcedBy).filter(([, route]) => route === null);
      // Only a few abilities are decided inside a service rather than at a route's gate.
      expect(undecided.map(([ability]) => ability)).toEqual(['staffUse.register', 'reports.produce']);
      for (const held of people) {
        const answered = answers.get(held.join('+')) ?? {};
        for (const ability of abilities) {
          const route = enforcedBy[ability];
          if (route === null) continue;
          const access = declared.get(route);
          expect(access, `${route} is a route of the app`).toBeDefined();
          if (!access) continue;
          expect(answered[ability], `${ability} for ${held.join(', ')} (${route})`).toBe(
            passes(access, held),
          );
        }
      }
    });

    it('opens a page exactly when the API serves the route the page works through, for every role', () => {
      const declared = new Map(t.app.apiRoutes.map((r: ApiRoute) => [`${r.method} ${r.url}`, r.access]));
      for (const route of Object.keys(appPages) as AppRoute[]) {
        const access = declared.get(pageServedBy[route]);
        expect(access, `${route}: ${pageServedBy[route]} is a route of the app`).toBeDefined();
        if (!access) continue;
        // A public page works through a public route, and only a public page does.
        expect(appPages[route].opens === 'public', route).toBe(access.kind === 'public');
        for (const held of people) {
          const answered = answers.get(held.join('+')) as Record<Ability, boolean>;
          expect(mayOpen(route, answered), `${route} for ${held.join(', ')}`).toBe(passes(access, held));
        }
      }
      // A governor opens the report and their own security settings, and no staff page.
      const governor = answers.get('governor') as Record<Ability, boolean>;
      const governorPages = (Object.keys(appPages) as AppRoute[]).filter(
        (route) => appPages[route].opens !== 'public' && mayOpen(route, governor),
      );
      // The trust pages open for any signed-in person; their API answers only for roles in that trust.
      expect(governorPages.sort()).toEqual([
        'governorsReport',
        'security',
        'trustDashboard',
        'trustPeople',
        'trustSchools',
      ]);
      // Nobody signed in: the public pages only.
      expect(mayOpen('resetPassword', undefined)).toBe(true);
      expect(mayOpen('overview', undefined)).toBe(false);
    });
  });
}
