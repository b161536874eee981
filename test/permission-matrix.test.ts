import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roles } from '../src/platform/auth/roles.js';
import { createAccount, signInAs } from '../src/platform/auth/test-session.js';
import { testEngines } from '../src/platform/db/test-db.js';
import type { ApiRoute } from '../src/platform/http/route-access.js';
import { createTestApp, type TestApp } from '../src/server/test-app.js';

/**
 * The generated permission matrix: every registered /api route × anonymous × every role × a member of
 * staff of another school, checked against the route's declared access. A route without a sample request
 * below fails the test, so a new route cannot ship without a decision and a check here.
 */

interface Fixture {
  schoolId: string;
  /** A real account at the school (role staff) whose password signs in. */
  account: { email: string; password: string };
  pupilId: string;
  carerId: string;
}

interface Sample {
  request: (f: Fixture) => { url: string; payload?: unknown };
  /**
   * How the route treats a member of staff of another school with these sample values: `own_school` when
   * the route acts in the caller's own school (so the other-school caller is judged like anyone with their
   * roles), `refused` when the sample names the first school's data and must be refused (403 or 404).
   */
  otherSchool: 'own_school' | 'refused';
}

const NIL_UUID = '00000000-0000-4000-8000-000000000000';
const ownSchool = (url: string, payload?: unknown): Sample => ({
  request: () => ({ url, payload }),
  otherSchool: 'own_school',
});

const samples: Record<string, Sample> = {
  'GET /api/policy': {
    request: (f) => ({ url: `/api/policy?school=${f.schoolId}` }),
    otherSchool: 'own_school',
  },
  'POST /api/session': {
    request: (f) => ({
      url: '/api/session',
      payload: { email: f.account.email, password: f.account.password },
    }),
    otherSchool: 'own_school',
  },
  'POST /api/session/totp': ownSchool('/api/session/totp', { code: '000000' }),
  'DELETE /api/session': ownSchool('/api/session'),
  'DELETE /api/sessions': ownSchool('/api/sessions'),
  'GET /api/me': ownSchool('/api/me'),
  'PUT /api/me/school': {
    request: (f) => ({ url: '/api/me/school', payload: { schoolId: f.schoolId } }),
    otherSchool: 'refused',
  },
  'POST /api/me/totp': ownSchool('/api/me/totp'),
  'POST /api/me/totp/confirm': ownSchool('/api/me/totp/confirm', { code: '000000' }),
  'POST /api/password-reset': ownSchool('/api/password-reset', { email: 'nobody@matrix.example' }),
  'POST /api/password-reset/confirm': ownSchool('/api/password-reset/confirm', {
    token: 'not-a-real-token-but-long-enough',
    password: 'a long enough passphrase',
  }),
  'GET /api/school/auth-settings': ownSchool('/api/school/auth-settings'),
  'PUT /api/school/auth-settings': ownSchool('/api/school/auth-settings', {}),
  'GET /api/auth/oidc/:schoolId/start': {
    request: (f) => ({ url: `/api/auth/oidc/${f.schoolId}/start` }),
    otherSchool: 'own_school',
  },
  'GET /api/auth/sign-in-options': ownSchool('/api/auth/sign-in-options'),
  'GET /api/auth/oidc/callback': ownSchool('/api/auth/oidc/callback?state=unknown&code=unknown'),
  'GET /api/notifications': ownSchool('/api/notifications'),
  'POST /api/notifications/:id/read': ownSchool(`/api/notifications/${NIL_UUID}/read`),
  'POST /api/notifications/read-all': ownSchool('/api/notifications/read-all'),
  'POST /api/checks': ownSchool('/api/checks', { kind: 'post', text: 'A lovely day at sports day.' }),
  'GET /api/checks/settings': ownSchool('/api/checks/settings'),
  'PUT /api/checks/settings': ownSchool('/api/checks/settings', {}),
  'GET /api/checks/block-lists': ownSchool('/api/checks/block-lists'),
  'POST /api/concerns': ownSchool('/api/concerns', {
    type: 'other_online_safety',
    platform: 'Web',
    whatHappened: 'Matrix sample report',
    urgency: 'routine',
  }),
  'GET /api/concerns/mine': ownSchool('/api/concerns/mine'),
  'GET /api/concerns': ownSchool('/api/concerns'),
  'GET /api/concerns/settings': ownSchool('/api/concerns/settings'),
  'PUT /api/concerns/settings': ownSchool('/api/concerns/settings', {}),
  'GET /api/concerns/:id': ownSchool(`/api/concerns/${NIL_UUID}`),
  'GET /api/concerns/:id/export.pdf': ownSchool(`/api/concerns/${NIL_UUID}/export.pdf`),
  'GET /api/concerns/:id/evidence/:evidenceId': ownSchool(`/api/concerns/${NIL_UUID}/evidence/${NIL_UUID}`),
  'POST /api/concerns/:id/acknowledge': ownSchool(`/api/concerns/${NIL_UUID}/acknowledge`, {}),
  'POST /api/concerns/:id/assign': ownSchool(`/api/concerns/${NIL_UUID}/assign`, { staffId: NIL_UUID }),
  'POST /api/concerns/:id/entries': ownSchool(`/api/concerns/${NIL_UUID}/entries`, { text: 'Matrix note' }),
  'POST /api/concerns/:id/actions': ownSchool(`/api/concerns/${NIL_UUID}/actions`, {
    description: 'Matrix action',
    ownerStaffId: NIL_UUID,
    dueOn: '2026-12-01',
  }),
  'POST /api/concerns/:id/decision': ownSchool(`/api/concerns/${NIL_UUID}/decision`, {
    decision: 'monitor',
    reasons: 'Matrix reasons',
  }),
  'POST /api/concerns/:id/referrals': ownSchool(`/api/concerns/${NIL_UUID}/referrals`, {
    agency: 'lado',
    referredOn: '2026-11-24',
  }),
  'POST /api/concerns/:id/close': ownSchool(`/api/concerns/${NIL_UUID}/close`, {
    outcome: 'Matrix outcome',
    reasons: 'Matrix reasons',
  }),
  'POST /api/concerns/:id/reopen': ownSchool(`/api/concerns/${NIL_UUID}/reopen`, {
    reasons: 'Matrix reasons',
  }),
  'POST /api/concerns/:id/legal-hold': ownSchool(`/api/concerns/${NIL_UUID}/legal-hold`, {
    legalHold: true,
    reasons: 'Matrix reasons',
  }),
  'POST /api/concerns/:id/actions/:actionId/complete': ownSchool(
    `/api/concerns/${NIL_UUID}/actions/${NIL_UUID}/complete`,
  ),
  'GET /api/concerns/pupils/:pupilId/chronology': ownSchool(`/api/concerns/pupils/${NIL_UUID}/chronology`),
  'GET /api/concerns/transfers': ownSchool('/api/concerns/transfers'),
  'POST /api/concerns/transfers/:id/sent': ownSchool(`/api/concerns/transfers/${NIL_UUID}/sent`, {
    destination: 'Matrix School',
    method: 'Matrix portal',
  }),
  'POST /api/concerns/transfers/:id/received': ownSchool(`/api/concerns/transfers/${NIL_UUID}/received`, {
    from: 'Matrix School',
  }),
  'POST /api/roster/import': ownSchool('/api/roster/import?dryRun=true', {
    files: [{ name: 'roster.csv', content: 'role,external_id\n', encoding: 'utf8' }],
  }),
  'GET /api/people/pupils': ownSchool('/api/people/pupils'),
  'GET /api/people/pupils/:id': {
    request: (f) => ({ url: `/api/people/pupils/${f.pupilId}` }),
    otherSchool: 'refused',
  },
  'GET /api/people/carers/:id': {
    request: (f) => ({ url: `/api/people/carers/${f.carerId}` }),
    otherSchool: 'refused',
  },
  'GET /api/people/staff': ownSchool('/api/people/staff'),
  'GET /api/consents/pupils/:pupilId': {
    request: (f) => ({ url: `/api/consents/pupils/${f.pupilId}` }),
    otherSchool: 'refused',
  },
  'GET /api/consents/year-groups/:yearGroup': ownSchool('/api/consents/year-groups/8'),
  'POST /api/consents/import': ownSchool('/api/consents/import?dryRun=true', {
    name: 'consents.csv',
    content: 'pupil_external_id,purpose,state,date,evidence_reference\n',
  }),
  'POST /api/consents/links': {
    request: (f) => ({
      url: '/api/consents/links',
      payload: { pupilId: f.pupilId, carerId: f.carerId, purpose: 'social_media' },
    }),
    otherSchool: 'refused',
  },
  'POST /api/consent-links/lookup': ownSchool('/api/consent-links/lookup', {
    token: 'not-a-real-token-but-long-enough',
  }),
  'POST /api/consent-links/sign': ownSchool('/api/consent-links/sign', {
    token: 'not-a-real-token-but-long-enough',
    name: 'Matrix Carer',
    decision: 'grant',
  }),
  'POST /api/consents': {
    request: (f) => ({
      url: '/api/consents',
      payload: {
        pupilId: f.pupilId,
        purpose: 'social_media',
        state: 'granted',
        carerId: f.carerId,
        evidenceReference: 'FORM-MATRIX',
        givenOn: '2026-11-01',
      },
    }),
    otherSchool: 'refused',
  },
  'GET /api/audit': ownSchool('/api/audit'),
  'GET /api/audit/export.csv': ownSchool('/api/audit/export.csv'),
  'POST /api/policy/acknowledgements': ownSchool('/api/policy/acknowledgements'),
  'GET /api/policy/acknowledgements/mine': ownSchool('/api/policy/acknowledgements/mine'),
  'GET /api/policy/acknowledgements': ownSchool('/api/policy/acknowledgements'),
  'POST /api/policy/preview': ownSchool('/api/policy/preview', {
    text: '# Policy\n\n## 1. Purpose\nWhy.',
    format: 'markdown',
  }),
  // Publishing twice under one label is refused as a conflict: the first allowed role publishes it.
  'POST /api/policy/versions': ownSchool('/api/policy/versions', {
    text: '# Policy\n\n## 1. Purpose\nWhy.',
    format: 'markdown',
    label: 'Matrix version',
  }),
  'POST /api/policy/reviews': ownSchool('/api/policy/reviews', { reviewedOn: '2026-11-20' }),
  'GET /api/accounts/mine': ownSchool('/api/accounts/mine'),
  'GET /api/accounts': ownSchool('/api/accounts?status=submitted'),
  'POST /api/accounts': ownSchool('/api/accounts', {
    platform: 'x',
    handle: '@matrixclub',
    purposeKind: 'club',
    purpose: 'Matrix club news',
    linkedEmail: 'club@gmail.com',
  }),
  'GET /api/accounts/settings': ownSchool('/api/accounts/settings'),
  'PUT /api/accounts/settings': ownSchool('/api/accounts/settings', { approvalMonths: 12, reminderDays: 30 }),
  'GET /api/accounts/:id': ownSchool(`/api/accounts/${NIL_UUID}`),
  'PUT /api/accounts/:id': ownSchool(`/api/accounts/${NIL_UUID}`, {
    platform: 'x',
    handle: '@matrixclub',
    purposeKind: 'club',
    purpose: 'Matrix club news',
    linkedEmail: 'club@matrix.example',
  }),
  'POST /api/accounts/:id/submit': ownSchool(`/api/accounts/${NIL_UUID}/submit`),
  'POST /api/accounts/:id/decision': ownSchool(`/api/accounts/${NIL_UUID}/decision`, { decision: 'approve' }),
  'POST /api/accounts/:id/retire': ownSchool(`/api/accounts/${NIL_UUID}/retire`, {}),
  'POST /api/accounts/:id/verify': ownSchool(`/api/accounts/${NIL_UUID}/verify`),
  'GET /api/me/personal-handles': ownSchool('/api/me/personal-handles'),
  'POST /api/me/personal-handles': ownSchool('/api/me/personal-handles', {
    platform: 'x',
    value: '@matrix_home',
  }),
  'DELETE /api/me/personal-handles/:id': ownSchool(`/api/me/personal-handles/${NIL_UUID}`),
  'POST /api/posts': ownSchool('/api/posts', { accountId: NIL_UUID, text: 'Matrix post' }),
  'GET /api/posts': ownSchool('/api/posts'),
  'GET /api/posts/:id': ownSchool(`/api/posts/${NIL_UUID}`),
  'PUT /api/posts/:id': ownSchool(`/api/posts/${NIL_UUID}`, { text: 'Matrix post' }),
  'POST /api/posts/:id/check': ownSchool(`/api/posts/${NIL_UUID}/check`, { text: 'Matrix post' }),
  'POST /api/posts/:id/photos': ownSchool(`/api/posts/${NIL_UUID}/photos`),
  'GET /api/posts/:id/photos/:photoId': ownSchool(`/api/posts/${NIL_UUID}/photos/${NIL_UUID}`),
  'POST /api/posts/:id/photos/:photoId/remove': ownSchool(`/api/posts/${NIL_UUID}/photos/${NIL_UUID}/remove`),
  'POST /api/posts/:id/ready': ownSchool(`/api/posts/${NIL_UUID}/ready`),
  'POST /api/posts/:id/approve': ownSchool(`/api/posts/${NIL_UUID}/approve`, { reason: 'Matrix reason' }),
  'POST /api/posts/:id/send-back': ownSchool(`/api/posts/${NIL_UUID}/send-back`, { reason: 'Matrix reason' }),
  'POST /api/posts/:id/publish': ownSchool(`/api/posts/${NIL_UUID}/publish`, {
    publishedUrl: 'https://x.com/matrix/status/1',
  }),
  'GET /api/archive/posts': ownSchool('/api/archive/posts'),
  'GET /api/archive/posts/:id': ownSchool(`/api/archive/posts/${NIL_UUID}`),
  'GET /api/archive/posts/:id/record.pdf': ownSchool(`/api/archive/posts/${NIL_UUID}/record.pdf`),
  'GET /api/posts/account-settings/:accountId': ownSchool(`/api/posts/account-settings/${NIL_UUID}`),
  'PUT /api/posts/account-settings/:accountId': ownSchool(`/api/posts/account-settings/${NIL_UUID}`, {
    requiresApproval: true,
  }),
  'GET /api/posts/school-settings': ownSchool('/api/posts/school-settings'),
  'PUT /api/posts/school-settings': ownSchool('/api/posts/school-settings', { keepPhotoOriginals: false }),
  'GET /api/posts/:id/photos/:photoId/original': ownSchool(
    `/api/posts/${NIL_UUID}/photos/${NIL_UUID}/original`,
  ),
  'GET /api/takedowns': ownSchool('/api/takedowns'),
  'POST /api/takedowns/:id/removed': ownSchool(`/api/takedowns/${NIL_UUID}/removed`, {}),
  'GET /api/public/verify': {
    request: (f) => ({ url: `/api/public/verify?account=%40matrixclub&school=${f.schoolId}` }),
    otherSchool: 'own_school',
  },
};

type Caller =
  | { label: string; kind: 'anonymous' }
  | { label: string; kind: 'member' | 'other_school'; roles: Role[] };

const callers: Caller[] = [
  { label: 'anonymous', kind: 'anonymous' },
  ...roles.map((role): Caller => ({ label: role, kind: 'member', roles: [role] })),
  { label: 'admin of another school', kind: 'other_school', roles: [...roles] },
];

/** What the declared access says this caller must get: allowed (not 401/403), 401, 403, or refused (403/404). */
function expectation(route: ApiRoute, sample: Sample, caller: Caller): 'allowed' | 401 | 403 | 'refused' {
  if (route.access.kind === 'public') return 'allowed';
  if (caller.kind === 'anonymous') return 401;
  if (caller.kind === 'other_school' && sample.otherSchool === 'refused') return 'refused';
  if (route.access.kind === 'signed_in') return 'allowed';
  const allowed = route.access.roles;
  return caller.roles.some((r) => allowed.includes(r)) ? 'allowed' : 403;
}

for (const engine of testEngines()) {
  describe(`permission matrix on ${engine}`, () => {
    let t: TestApp;
    let fixture: Fixture;
    let otherSchoolId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const insertSchool = async (name: string) =>
        (
          await t.testDb.db
            .insertInto('schools')
            .values({ name, official_email_domains: ['matrix.example'] })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const schoolId = await insertSchool('Matrix School');
      otherSchoolId = await insertSchool('Other Matrix School');
      const password = 'matrix account passphrase';
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password });
      const pupil = await t.testDb.db
        .insertInto('pupils')
        .values({
          school_id: schoolId,
          external_id: 'P1',
          given_name: 'Ada',
          family_name: 'Matrix',
          preferred_name: null,
          date_of_birth: null,
          year_group: 8,
          left_on: null,
          upn: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const carer = await t.testDb.db
        .insertInto('carers')
        .values({
          school_id: schoolId,
          external_id: 'C1',
          given_name: 'Bea',
          family_name: 'Matrix',
          email: null,
          phone: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      fixture = {
        schoolId,
        account: { email: account.email, password },
        pupilId: pupil.id,
        carerId: carer.id,
      };
    });
    afterAll(async () => {
      await t.close();
    });

    it('knows every registered /api route', () => {
      const routes = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
      expect(routes.length).toBeGreaterThan(0);
      const unknown = routes.filter((key) => !(key in samples));
      expect(unknown, 'add a sample request for these routes to test/permission-matrix.test.ts').toEqual([]);
    });

    it('answers each route as its access declares, for anonymous, every role and another school', async () => {
      const failures: string[] = [];
      let n = 0;
      for (const route of t.app.apiRoutes) {
        const sample = samples[`${route.method} ${route.url}`];
        if (!sample) continue;
        for (const caller of callers) {
          // A fresh session per call: some routes end the session they are called with.
          const session =
            caller.kind === 'anonymous'
              ? undefined
              : await signInAs(t.testDb.db, {
                  schoolId: caller.kind === 'member' ? fixture.schoolId : otherSchoolId,
                  roles: caller.roles,
                  email: `matrix-${caller.kind}-${caller.roles.join('-')}@matrix.example`,
                  now: t.clock.now(),
                });
          const { url, payload } = sample.request(fixture);
          const response = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: session?.headers ?? {},
            ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
          });
          n++;
          const status = response.statusCode;
          const want = expectation(route, sample, caller);
          const ok =
            status < 500 &&
            (want === 'allowed'
              ? status !== 401 && status !== 403
              : want === 'refused'
                ? status === 403 || status === 404
                : status === want);
          if (!ok)
            failures.push(
              `${route.method} ${route.url} as ${caller.label}: got ${status}, want ${want} (${response.body.slice(0, 120)})`,
            );
        }
      }
      expect(failures).toEqual([]);
      expect(n).toBe(t.app.apiRoutes.length * callers.length);
    });
  });
}
