import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTransferTasks } from '../src/concerns/open-transfer-tasks.js';
import { buildConsentFamily } from '../src/consent/testing.js';
import { buildModerationItem } from '../src/moderation/testing.js';
import { isStaffMember, type Role, roles, trustRoles } from '../src/platform/auth/roles.js';
import { createAccount, signInAs, type TestSignIn } from '../src/platform/auth/test-session.js';
import { testEngines } from '../src/platform/db/test-db.js';
import type { ApiRoute } from '../src/platform/http/route-access.js';
import { multipartFile } from '../src/platform/http/testing.js';
import { buildPostingAccount } from '../src/posts/testing.js';
import { createTestApp, type TestApp } from '../src/server/test-app.js';
import { grantTrustRoles } from '../src/trusts/grant-trust-roles.js';
import { publishPolicyTemplate } from '../src/trusts/publish-policy-template.js';
import { buildTrust, signInAsTrustRole } from '../src/trusts/testing.js';

/**
 * The generated permission matrix: every registered /api route × anonymous × every role × a member of
 * staff of another school, checked against the route's declared access. A route without a sample request
 * below fails the test, so a new route cannot ship without a decision and a check here. The nil UUID these
 * samples use for ids checks roles only; the second block below calls every id route with real records of
 * another school.
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
  'GET /api/check-rules': ownSchool('/api/check-rules'),
  'POST /api/concerns': ownSchool('/api/concerns', {
    type: 'other_online_safety',
    platform: 'Web',
    whatHappened: 'Matrix sample report',
    urgency: 'routine',
  }),
  'GET /api/concerns/mine': ownSchool('/api/concerns/mine'),
  'GET /api/reports/governors': ownSchool('/api/reports/governors?from=2026-09-01&to=2026-12-31'),
  'GET /api/reports/governors.pdf': ownSchool('/api/reports/governors.pdf?from=2026-09-01&to=2026-12-31'),
  'GET /api/reports/governors/trends': ownSchool('/api/reports/governors/trends?to=2026-12-31&terms=3'),
  'GET /api/reports/evidence-pack': ownSchool('/api/reports/evidence-pack?from=2026-09-01&to=2026-12-31'),
  'GET /api/concerns': ownSchool('/api/concerns'),
  'GET /api/concerns/settings': ownSchool('/api/concerns/settings'),
  'GET /api/concerns/urgent': ownSchool('/api/concerns/urgent'),
  'GET /api/concerns/:id/alert': ownSchool(`/api/concerns/${NIL_UUID}/alert`),
  'POST /api/concerns/:id/alert/acknowledge': ownSchool(`/api/concerns/${NIL_UUID}/alert/acknowledge`, {}),
  'POST /api/concerns/:id/alert/hand-on': ownSchool(`/api/concerns/${NIL_UUID}/alert/hand-on`, {
    staffId: NIL_UUID,
  }),
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
  'GET /api/moderation/items': ownSchool('/api/moderation/items?state=open'),
  'POST /api/moderation/items/:id/actions': ownSchool(`/api/moderation/items/${NIL_UUID}/actions`, {
    action: 'dismiss',
    reason: 'Matrix reason',
  }),
  'POST /api/moderation/items/:id/concern': ownSchool(`/api/moderation/items/${NIL_UUID}/concern`, {
    urgency: 'routine',
  }),
  'GET /api/moderation/figures': ownSchool('/api/moderation/figures?from=2026-12-01&to=2026-12-02'),
  'GET /api/moderation/settings': ownSchool('/api/moderation/settings'),
  'PUT /api/moderation/settings': ownSchool('/api/moderation/settings', {
    readEveryMinutes: 2,
    slaWorkingMinutes: 60,
    outOfHoursHide: false,
  }),
  'GET /api/audit': ownSchool('/api/audit'),
  'GET /api/retention': ownSchool('/api/retention'),
  'PUT /api/retention/periods': ownSchool('/api/retention/periods', {
    ruleId: 'notification.created_plus_1',
    amount: null,
  }),
  'GET /api/sar': ownSchool('/api/sar'),
  'GET /api/sar/subjects': ownSchool('/api/sar/subjects?q=Matrix'),
  'POST /api/sar': ownSchool('/api/sar', { subjectKind: 'pupil', subjectId: NIL_UUID }),
  'GET /api/sar/:id': ownSchool(`/api/sar/${NIL_UUID}`),
  'POST /api/sar/:id/review': ownSchool(`/api/sar/${NIL_UUID}/review`, { withheld: [] }),
  'GET /api/sar/:id/export.zip': ownSchool(`/api/sar/${NIL_UUID}/export.zip`),
  'POST /api/retention/holds': ownSchool('/api/retention/holds', {
    targetKind: 'post_archive',
    targetId: NIL_UUID,
    reason: 'Matrix hold',
  }),
  'POST /api/retention/holds/:id/lift': ownSchool(`/api/retention/holds/${NIL_UUID}/lift`, {
    reason: 'Matrix lift',
  }),
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
  'GET /api/platforms': ownSchool('/api/platforms'),
  'GET /api/accounts/:id/connection': ownSchool(`/api/accounts/${NIL_UUID}/connection`),
  'POST /api/accounts/:id/connection/start': ownSchool(`/api/accounts/${NIL_UUID}/connection/start`, {}),
  'POST /api/accounts/:id/connection/app-password': ownSchool(
    `/api/accounts/${NIL_UUID}/connection/app-password`,
    {
      identifier: 'matrix.bsky.social',
      password: 'abcd-efgh-ijkl-mnop',
    },
  ),
  'POST /api/accounts/:id/connection/disconnect': ownSchool(
    `/api/accounts/${NIL_UUID}/connection/disconnect`,
    {
      reason: 'Matrix reason',
    },
  ),
  'GET /api/connections/callback': ownSchool(
    '/api/connections/callback?state=matrix-state-not-real&code=matrix',
  ),
  'POST /api/posts/:id/publish-through-connector': ownSchool(
    `/api/posts/${NIL_UUID}/publish-through-connector`,
    {},
  ),
  'GET /api/posts/:id/publication': ownSchool(`/api/posts/${NIL_UUID}/publication`),
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
  'GET /api/privacy-checklists': ownSchool('/api/privacy-checklists'),
  'POST /api/privacy-attestations': ownSchool('/api/privacy-attestations', {
    platform: 'instagram',
    confirmed: ['private-account'],
  }),
  'POST /api/self-audit/sessions': ownSchool('/api/self-audit/sessions'),
  'POST /api/self-audit/sessions/:id/match': ownSchool(`/api/self-audit/sessions/${NIL_UUID}/match`, {
    hashes: [],
  }),
  'POST /api/self-audit/attestations': ownSchool('/api/self-audit/attestations', {
    platform: 'instagram',
    followersChecked: 10,
    matches: 0,
    allResolved: true,
  }),
  'POST /api/self-audit/public-followers': ownSchool('/api/self-audit/public-followers', {
    platform: 'mastodon',
    handle: 'not-a-handle',
  }),
  'GET /api/staff-use/me': ownSchool('/api/staff-use/me'),
  'GET /api/staff-use/settings': ownSchool('/api/staff-use/settings'),
  'PUT /api/staff-use/settings': ownSchool('/api/staff-use/settings', {
    attestationPeriod: 'term',
  }),
  'GET /api/staff-compliance': ownSchool('/api/staff-compliance'),
  'POST /api/contact-exceptions': ownSchool('/api/contact-exceptions', {
    channel: 'personal_phone',
    reason: 'Matrix trip needs a phone',
    audience: 'Matrix trip carers',
    from: '2026-11-30',
    to: '2026-12-04',
  }),
  'POST /api/contact-exceptions/:id/decision': ownSchool(`/api/contact-exceptions/${NIL_UUID}/decision`, {
    decision: 'approved',
    reason: 'Matrix reason',
  }),
  'GET /api/contact-exceptions': ownSchool('/api/contact-exceptions'),
  'POST /api/people/staff/:id/leave': ownSchool(`/api/people/staff/${NIL_UUID}/leave`),
  'GET /api/staff-handovers': ownSchool('/api/staff-handovers'),
  'GET /api/staff-handovers/:id': ownSchool(`/api/staff-handovers/${NIL_UUID}`),
  'POST /api/staff-handovers/:id/accounts/:accountId': ownSchool(
    `/api/staff-handovers/${NIL_UUID}/accounts/${NIL_UUID}`,
    { decision: 'close', reason: 'Matrix reason' },
  ),
  'POST /api/staff-handovers/:id/complete': ownSchool(`/api/staff-handovers/${NIL_UUID}/complete`),
  'GET /api/trusts/:id/dashboard': ownSchool(`/api/trusts/${NIL_UUID}/dashboard`),
  'GET /api/trusts/:id/templates': ownSchool(`/api/trusts/${NIL_UUID}/templates`),
  'POST /api/trusts/:id/templates': ownSchool(`/api/trusts/${NIL_UUID}/templates`, {
    label: 'Matrix',
    text: '# Matrix policy\n\n## 1. Matrix\n\nMatrix text.\n',
    format: 'markdown',
  }),
  'GET /api/trusts/:id/schools': ownSchool(`/api/trusts/${NIL_UUID}/schools`),
  'POST /api/trusts/:id/schools': ownSchool(`/api/trusts/${NIL_UUID}/schools`, {
    name: 'Matrix New School',
    officialEmailDomains: ['matrix-new.example'],
  }),
  'GET /api/trusts/:id/people': ownSchool(`/api/trusts/${NIL_UUID}/people`),
  'POST /api/trusts/:id/people/grant': ownSchool(`/api/trusts/${NIL_UUID}/people/grant`, {
    email: 'matrix-exec@matrix.example',
    roles: ['trust_executive'],
    givenName: 'Matrix',
    familyName: 'Executive',
  }),
  'POST /api/trusts/:id/people/revoke': ownSchool(`/api/trusts/${NIL_UUID}/people/revoke`, {
    email: 'matrix-exec@matrix.example',
    role: 'trust_executive',
  }),
  'GET /api/trust-templates': ownSchool('/api/trust-templates'),
  'POST /api/trust-templates/:id/adopt': ownSchool(`/api/trust-templates/${NIL_UUID}/adopt`, {}),
  // Public: Meta calls these; off in this app (404), and a signature, not a session, is what they check.
  'GET /api/webhooks/meta': {
    request: () => ({ url: '/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1' }),
    otherSchool: 'own_school',
  },
  'POST /api/webhooks/meta': {
    request: () => ({ url: '/api/webhooks/meta', payload: { object: 'page', entry: [] } }),
    otherSchool: 'own_school',
  },
  'GET /api/public/verify': {
    request: (f) => ({ url: `/api/public/verify?account=%40matrixclub&school=${f.schoolId}` }),
    otherSchool: 'own_school',
  },
};

async function insertSchool(t: TestApp, name: string): Promise<string> {
  const row = await t.testDb.db
    .insertInto('schools')
    .values({ name, official_email_domains: ['matrix.example'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

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
  if (route.access.kind === 'any_role') return 'allowed';
  // A governor is not staff: the staff routes refuse them (they read the reports only).
  if (route.access.kind === 'signed_in') return isStaffMember(caller.roles) ? 'allowed' : 403;
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
      const schoolId = await insertSchool(t, 'Matrix School');
      otherSchoolId = await insertSchool(t, 'Other Matrix School');
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
    }, 300_000); // every route × 10 callers: minutes on a busy machine
  });
}

/**
 * Every `:id` route again, now with real records of a second school: each role of the first school (and an
 * admin holding every role) must get 403 or 404 and a body naming none of the second school's ids, names
 * or text. The route list comes from the app, so a new id route without an entry here fails the test.
 */
interface SecondSchool {
  staffId: string;
  pupilId: string;
  carerId: string;
  concernId: string;
  evidenceId: string;
  actionId: string;
  transferId: string;
  accountId: string;
  handleId: string;
  notificationId: string;
  postId: string;
  photoId: string;
  archiveId: string;
  takedownId: string;
  moderationItemId: string;
  contactExceptionId: string;
  selfAuditId: string;
  handoverId: string;
  holdId: string;
  sarId: string;
  /** The second school's trust, and a policy template it published. */
  trustId: string;
  templateId: string;
}

interface RealIdRequest {
  url: string;
  payload?: Record<string, unknown>;
  /** A multipart body (photo upload) instead of JSON. */
  multipart?: { body: Buffer; contentType: string };
}

/** Parameters that are not a record of a school: a school's own id for its public sign-in, a year group. */
const notRecordIds: Record<string, string> = {
  'GET /api/auth/oidc/:schoolId/start':
    'public: starts sign-in at the school named, which is meant to be any',
  'GET /api/consents/year-groups/:yearGroup': "a year group number, read in the caller's own school",
};

function photoUpload(photo: Buffer): RealIdRequest['multipart'] {
  const { payload, headers } = multipartFile('photos', 'p.jpg', 'image/jpeg', photo);
  return { body: payload, contentType: headers['content-type'] };
}

const realIdSamples: Record<string, (b: SecondSchool, photo: Buffer) => RealIdRequest> = {
  'POST /api/notifications/:id/read': (b) => ({ url: `/api/notifications/${b.notificationId}/read` }),
  'GET /api/trusts/:id/dashboard': (b) => ({ url: `/api/trusts/${b.trustId}/dashboard` }),
  'GET /api/trusts/:id/templates': (b) => ({ url: `/api/trusts/${b.trustId}/templates` }),
  'POST /api/trusts/:id/templates': (b) => ({
    url: `/api/trusts/${b.trustId}/templates`,
    payload: { label: 'Matrix sideways', text: MATRIX_TEMPLATE, format: 'markdown' },
  }),
  'GET /api/trusts/:id/schools': (b) => ({ url: `/api/trusts/${b.trustId}/schools` }),
  'POST /api/trusts/:id/schools': (b) => ({
    url: `/api/trusts/${b.trustId}/schools`,
    payload: { name: 'Kestrel Sideways School', officialEmailDomains: ['kestrel-sideways.example'] },
  }),
  'GET /api/trusts/:id/people': (b) => ({ url: `/api/trusts/${b.trustId}/people` }),
  'POST /api/trusts/:id/people/grant': (b) => ({
    url: `/api/trusts/${b.trustId}/people/grant`,
    payload: {
      email: 'sideways@matrix.example',
      roles: ['trust_admin'],
      givenName: 'Side',
      familyName: 'Ways',
    },
  }),
  'POST /api/trusts/:id/people/revoke': (b) => ({
    url: `/api/trusts/${b.trustId}/people/revoke`,
    payload: { email: 'kestrel-admin@matrix.example', role: 'trust_admin' },
  }),
  'POST /api/trust-templates/:id/adopt': (b) => ({
    url: `/api/trust-templates/${b.templateId}/adopt`,
    payload: {},
  }),
  'GET /api/sar/:id': (b) => ({ url: `/api/sar/${b.sarId}` }),
  'POST /api/sar/:id/review': (b) => ({ url: `/api/sar/${b.sarId}/review`, payload: { withheld: [] } }),
  'GET /api/sar/:id/export.zip': (b) => ({ url: `/api/sar/${b.sarId}/export.zip` }),
  'POST /api/retention/holds/:id/lift': (b) => ({
    url: `/api/retention/holds/${b.holdId}/lift`,
    payload: { reason: 'Matrix lift from another school' },
  }),
  'GET /api/concerns/:id': (b) => ({ url: `/api/concerns/${b.concernId}` }),
  'GET /api/concerns/:id/export.pdf': (b) => ({ url: `/api/concerns/${b.concernId}/export.pdf` }),
  'GET /api/concerns/:id/alert': (b) => ({ url: `/api/concerns/${b.concernId}/alert` }),
  'POST /api/concerns/:id/alert/acknowledge': (b) => ({
    url: `/api/concerns/${b.concernId}/alert/acknowledge`,
    payload: {},
  }),
  'POST /api/concerns/:id/alert/hand-on': (b) => ({
    url: `/api/concerns/${b.concernId}/alert/hand-on`,
    payload: { staffId: b.staffId },
  }),
  'GET /api/concerns/:id/evidence/:evidenceId': (b) => ({
    url: `/api/concerns/${b.concernId}/evidence/${b.evidenceId}`,
  }),
  'POST /api/concerns/:id/acknowledge': (b) => ({
    url: `/api/concerns/${b.concernId}/acknowledge`,
    payload: {},
  }),
  'POST /api/concerns/:id/assign': (b) => ({
    url: `/api/concerns/${b.concernId}/assign`,
    payload: { staffId: b.staffId },
  }),
  'POST /api/concerns/:id/entries': (b) => ({
    url: `/api/concerns/${b.concernId}/entries`,
    payload: { text: 'Matrix note' },
  }),
  'POST /api/concerns/:id/actions': (b) => ({
    url: `/api/concerns/${b.concernId}/actions`,
    payload: { description: 'Matrix action', ownerStaffId: b.staffId, dueOn: '2026-12-01' },
  }),
  'POST /api/concerns/:id/decision': (b) => ({
    url: `/api/concerns/${b.concernId}/decision`,
    payload: { decision: 'monitor', reasons: 'Matrix reasons' },
  }),
  'POST /api/concerns/:id/referrals': (b) => ({
    url: `/api/concerns/${b.concernId}/referrals`,
    payload: { agency: 'lado', referredOn: '2026-11-24' },
  }),
  'POST /api/concerns/:id/close': (b) => ({
    url: `/api/concerns/${b.concernId}/close`,
    payload: { outcome: 'Matrix outcome', reasons: 'Matrix reasons' },
  }),
  'POST /api/concerns/:id/reopen': (b) => ({
    url: `/api/concerns/${b.concernId}/reopen`,
    payload: { reasons: 'Matrix reasons' },
  }),
  'POST /api/concerns/:id/legal-hold': (b) => ({
    url: `/api/concerns/${b.concernId}/legal-hold`,
    payload: { legalHold: true, reasons: 'Matrix reasons' },
  }),
  'POST /api/concerns/:id/actions/:actionId/complete': (b) => ({
    url: `/api/concerns/${b.concernId}/actions/${b.actionId}/complete`,
  }),
  'GET /api/concerns/pupils/:pupilId/chronology': (b) => ({
    url: `/api/concerns/pupils/${b.pupilId}/chronology`,
  }),
  'POST /api/concerns/transfers/:id/sent': (b) => ({
    url: `/api/concerns/transfers/${b.transferId}/sent`,
    payload: { destination: 'Matrix School', method: 'Matrix portal' },
  }),
  'POST /api/concerns/transfers/:id/received': (b) => ({
    url: `/api/concerns/transfers/${b.transferId}/received`,
    payload: { from: 'Matrix School' },
  }),
  'GET /api/people/pupils/:id': (b) => ({ url: `/api/people/pupils/${b.pupilId}` }),
  'GET /api/people/carers/:id': (b) => ({ url: `/api/people/carers/${b.carerId}` }),
  'GET /api/consents/pupils/:pupilId': (b) => ({ url: `/api/consents/pupils/${b.pupilId}` }),
  'GET /api/accounts/:id': (b) => ({ url: `/api/accounts/${b.accountId}` }),
  'PUT /api/accounts/:id': (b) => ({
    url: `/api/accounts/${b.accountId}`,
    payload: {
      platform: 'x',
      handle: '@matrixclub',
      purposeKind: 'club',
      purpose: 'Matrix club news',
      linkedEmail: 'club@matrix.example',
    },
  }),
  'POST /api/accounts/:id/submit': (b) => ({ url: `/api/accounts/${b.accountId}/submit` }),
  'POST /api/accounts/:id/decision': (b) => ({
    url: `/api/accounts/${b.accountId}/decision`,
    payload: { decision: 'approve' },
  }),
  'POST /api/accounts/:id/retire': (b) => ({ url: `/api/accounts/${b.accountId}/retire`, payload: {} }),
  'POST /api/accounts/:id/verify': (b) => ({ url: `/api/accounts/${b.accountId}/verify` }),
  'DELETE /api/me/personal-handles/:id': (b) => ({ url: `/api/me/personal-handles/${b.handleId}` }),
  'GET /api/posts/:id': (b) => ({ url: `/api/posts/${b.postId}` }),
  'GET /api/accounts/:id/connection': (b) => ({ url: `/api/accounts/${b.accountId}/connection` }),
  'POST /api/accounts/:id/connection/start': (b) => ({
    url: `/api/accounts/${b.accountId}/connection/start`,
    payload: {},
  }),
  'POST /api/accounts/:id/connection/app-password': (b) => ({
    url: `/api/accounts/${b.accountId}/connection/app-password`,
    payload: { identifier: 'matrix.bsky.social', password: 'abcd-efgh-ijkl-mnop' },
  }),
  'POST /api/accounts/:id/connection/disconnect': (b) => ({
    url: `/api/accounts/${b.accountId}/connection/disconnect`,
    payload: { reason: 'Matrix reason' },
  }),
  'POST /api/posts/:id/publish-through-connector': (b) => ({
    url: `/api/posts/${b.postId}/publish-through-connector`,
    payload: {},
  }),
  'GET /api/posts/:id/publication': (b) => ({ url: `/api/posts/${b.postId}/publication` }),
  'PUT /api/posts/:id': (b) => ({ url: `/api/posts/${b.postId}`, payload: { text: 'Matrix post' } }),
  'POST /api/posts/:id/check': (b) => ({
    url: `/api/posts/${b.postId}/check`,
    payload: { text: 'Matrix post' },
  }),
  'POST /api/posts/:id/photos': (b, photo) => ({
    url: `/api/posts/${b.postId}/photos`,
    multipart: photoUpload(photo),
  }),
  'GET /api/posts/:id/photos/:photoId': (b) => ({ url: `/api/posts/${b.postId}/photos/${b.photoId}` }),
  'POST /api/posts/:id/photos/:photoId/remove': (b) => ({
    url: `/api/posts/${b.postId}/photos/${b.photoId}/remove`,
  }),
  'GET /api/posts/:id/photos/:photoId/original': (b) => ({
    url: `/api/posts/${b.postId}/photos/${b.photoId}/original`,
  }),
  'POST /api/posts/:id/ready': (b) => ({ url: `/api/posts/${b.postId}/ready` }),
  'POST /api/posts/:id/approve': (b) => ({
    url: `/api/posts/${b.postId}/approve`,
    payload: { reason: 'Matrix' },
  }),
  'POST /api/posts/:id/send-back': (b) => ({
    url: `/api/posts/${b.postId}/send-back`,
    payload: { reason: 'Matrix reason' },
  }),
  'POST /api/posts/:id/publish': (b) => ({
    url: `/api/posts/${b.postId}/publish`,
    payload: { publishedUrl: 'https://x.com/matrix/status/1' },
  }),
  'GET /api/archive/posts/:id': (b) => ({ url: `/api/archive/posts/${b.archiveId}` }),
  'GET /api/archive/posts/:id/record.pdf': (b) => ({ url: `/api/archive/posts/${b.archiveId}/record.pdf` }),
  'GET /api/posts/account-settings/:accountId': (b) => ({
    url: `/api/posts/account-settings/${b.accountId}`,
  }),
  'PUT /api/posts/account-settings/:accountId': (b) => ({
    url: `/api/posts/account-settings/${b.accountId}`,
    payload: { requiresApproval: true },
  }),
  'POST /api/takedowns/:id/removed': (b) => ({ url: `/api/takedowns/${b.takedownId}/removed`, payload: {} }),
  'POST /api/moderation/items/:id/actions': (b) => ({
    url: `/api/moderation/items/${b.moderationItemId}/actions`,
    payload: { action: 'dismiss', reason: 'Matrix reason' },
  }),
  'POST /api/moderation/items/:id/concern': (b) => ({
    url: `/api/moderation/items/${b.moderationItemId}/concern`,
    payload: { urgency: 'routine' },
  }),
  'POST /api/contact-exceptions/:id/decision': (b) => ({
    url: `/api/contact-exceptions/${b.contactExceptionId}/decision`,
    payload: { decision: 'approved', reason: 'Matrix reason' },
  }),
  'POST /api/self-audit/sessions/:id/match': (b) => ({
    url: `/api/self-audit/sessions/${b.selfAuditId}/match`,
    payload: { hashes: ['AAAAAAAAAAAAAAAA'] },
  }),
  'POST /api/people/staff/:id/leave': (b) => ({ url: `/api/people/staff/${b.staffId}/leave` }),
  'GET /api/staff-handovers/:id': (b) => ({ url: `/api/staff-handovers/${b.handoverId}` }),
  'POST /api/staff-handovers/:id/accounts/:accountId': (b) => ({
    url: `/api/staff-handovers/${b.handoverId}/accounts/${b.accountId}`,
    payload: { decision: 'close', reason: 'Matrix reason' },
  }),
  'POST /api/staff-handovers/:id/complete': (b) => ({ url: `/api/staff-handovers/${b.handoverId}/complete` }),
};

/** A policy template the second school's trust publishes (and a sideways caller tries to). */
const MATRIX_TEMPLATE =
  '# Kestrel trust policy\n\n## 1. Staff\n\n### 1.1 Accounts\nKestrel staff keep accounts private.\n';

/** Words and names only the second school's records hold (generated), looked for in every answer. */
const SECOND_SCHOOL_WORDS = [
  'Second Matrix School',
  'Quarrington Learning Trust',
  'Quarrington',
  'PupilB2X',
  'CarerB2X',
  'Xylophone',
  'Kestrel',
  'posts_b2x',
  'b2x_home',
];

for (const engine of testEngines()) {
  describe(`permission matrix with a second school's real records on ${engine}`, () => {
    let t: TestApp;
    let homeSchoolId: string;
    let secondSchoolId: string;
    let homeTrustId: string;
    let second: SecondSchool;
    let photo: Buffer;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      homeSchoolId = await insertSchool(t, 'Home Matrix School');
      const schoolId = await insertSchool(t, 'Second Matrix School');
      secondSchoolId = schoolId;
      const now = t.clock.now();
      const person = (roles: Role[], givenName: string) =>
        signInAs(db, { schoolId, roles, givenName, familyName: 'Quarrington', now });
      const staff = await person(['staff'], 'Wilhelmina');
      const dsl = await person(['staff', 'dsl'], 'Ottoline');
      const smt = await person(['smt'], 'Bartholomew');
      const head = await person(['headteacher'], 'Peregrine');
      const send = async (
        who: TestSignIn,
        method: 'GET' | 'POST' | 'PUT',
        url: string,
        payload?: unknown,
      ) => {
        const response = await t.app.inject({
          method,
          url,
          headers: who.headers,
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        });
        if (response.statusCode >= 300)
          throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
        return response.body === '' ? {} : response.json();
      };
      photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#58a' } })
        .jpeg()
        .toBuffer();

      const family = await buildConsentFamily(db, { schoolId, key: 'B2X' });
      const consent = (state: 'granted' | 'withdrawn') =>
        send(head, 'POST', '/api/consents', {
          pupilId: family.pupilId,
          purpose: 'social_media',
          state,
          carerId: family.carerId,
          evidenceReference: 'FORM-B2X',
          givenOn: '2026-11-20',
        });
      await consent('granted');

      // A concern about the pupil, with evidence and an action, reported and worked on through the API.
      const screenshot = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .png()
        .toBuffer();
      const concern = await send(staff, 'POST', '/api/concerns', {
        type: 'pupil_contact',
        platform: 'Web',
        pupils: [{ pupilId: family.pupilId, role: 'subject' }],
        whatHappened: 'Xylophone harbour message sent to a pupil',
        urgency: 'routine',
        evidence: [{ name: 'screenshot.png', contentBase64: screenshot.toString('base64') }],
      });
      const detail = await send(dsl, 'GET', `/api/concerns/${concern.id}`);
      const withAction = await send(dsl, 'POST', `/api/concerns/${concern.id}/actions`, {
        description: 'Xylophone follow-up',
        ownerStaffId: dsl.actor.staffId,
        dueOn: '2026-12-01',
      });
      const notification = await db
        .selectFrom('notifications')
        .select('id')
        .where('staff_id', '=', dsl.actor.staffId)
        .executeTakeFirstOrThrow();

      // An account, a published post with a kept original, and the takedown its consent's withdrawal opens.
      const accountId = await buildPostingAccount(db, {
        schoolId,
        ownerIds: [staff.actor.staffId],
        key: 'b2x',
      });
      await send(smt, 'PUT', '/api/posts/school-settings', { keepPhotoOriginals: true });
      const post = await send(staff, 'POST', '/api/posts', {
        accountId,
        text: 'Kestrel regatta day.',
        taggedPupils: [family.pupilId],
      });
      const upload = photoUpload(photo);
      const withPhoto = await t.app.inject({
        method: 'POST',
        url: `/api/posts/${post.id}/photos`,
        headers: { ...staff.headers, 'content-type': upload?.contentType ?? '' },
        payload: upload?.body,
      });
      if (withPhoto.statusCode !== 200) throw new Error(`photo upload: ${withPhoto.body}`);
      await send(staff, 'POST', `/api/posts/${post.id}/ready`);
      const archive = await send(staff, 'POST', `/api/posts/${post.id}/publish`, {
        publishedUrl: 'https://x.com/posts_b2x/status/9',
      });
      await consent('withdrawn');
      const takedowns = await send(smt, 'GET', '/api/takedowns');
      const handle = await send(staff, 'POST', '/api/me/personal-handles', {
        platform: 'x',
        value: '@b2x_home',
      });

      // The pupil leaves with a safeguarding file: a transfer task opens.
      await db
        .updateTable('pupils')
        .set({ status: 'left', left_on: '2026-11-27' })
        .where('id', '=', family.pupilId)
        .execute();
      await openTransferTasks(db, now);
      const transfer = await db
        .selectFrom('concern_transfers')
        .select('id')
        .where('school_id', '=', schoolId)
        .executeTakeFirstOrThrow();

      const exception = await send(staff, 'POST', '/api/contact-exceptions', {
        channel: 'personal_email',
        reason: 'Kestrel regatta needs an address',
        audience: 'Kestrel crew carers',
        from: '2026-11-30',
        to: '2026-12-04',
      });
      const selfAudit = await send(staff, 'POST', '/api/self-audit/sessions');
      // A leaver of the second school, whose handover is open (Kestrel's former club lead).
      const leaver = await person(['staff'], 'Kestrelleaver');
      await send(head, 'POST', `/api/people/staff/${leaver.actor.staffId}/leave`);
      const handover = await db
        .selectFrom('staff_handovers')
        .select('id')
        .where('staff_id', '=', leaver.actor.staffId)
        .executeTakeFirstOrThrow();
      const hold = await send(dsl, 'POST', '/api/retention/holds', {
        targetKind: 'concern',
        targetId: concern.id,
        reason: 'Matrix hold on a real concern',
      });

      const sar = await send(dsl, 'POST', '/api/sar', { subjectKind: 'pupil', subjectId: family.pupilId });
      // The second school's trust, with a policy template; the home school is in a trust of its own.
      const secondTrustId = await buildTrust(db, {
        name: 'Quarrington Learning Trust',
        schoolIds: [schoolId],
      });
      homeTrustId = await buildTrust(db, { name: 'Home Matrix Trust', schoolIds: [homeSchoolId] });
      const template = await publishPolicyTemplate(
        db,
        { kind: 'system', label: 'matrix' },
        { trustId: secondTrustId, label: 'b2x', text: MATRIX_TEMPLATE, format: 'markdown' },
      );
      // A real trust admin of the second trust: the one a sideways revocation names.
      await grantTrustRoles(
        db,
        { kind: 'system', label: 'matrix' },
        {
          trustId: secondTrustId,
          email: 'kestrel-admin@matrix.example',
          roles: ['trust_admin'],
          givenName: 'Kestrel',
          familyName: 'Admin',
        },
      );
      await send(dsl, 'POST', `/api/sar/${sar.id}/review`, { withheld: [], note: null });

      second = {
        contactExceptionId: exception.id,
        selfAuditId: selfAudit.id,
        handoverId: handover.id,
        staffId: dsl.actor.staffId,
        pupilId: family.pupilId,
        carerId: family.carerId,
        concernId: concern.id,
        evidenceId: detail.evidence[0].id,
        actionId: withAction.actions[0].id,
        transferId: transfer.id,
        accountId,
        handleId: handle.id,
        notificationId: notification.id,
        postId: post.id,
        photoId: withPhoto.json().photos[0].id,
        archiveId: archive.id,
        takedownId: takedowns[0].id,
        moderationItemId: await buildModerationItem(db, { schoolId, accountId, text: 'Kestrel stupid cow' }),
        holdId: hold.id,
        sarId: sar.id,
        trustId: secondTrustId,
        templateId: template.id,
      };
    });
    afterAll(async () => {
      await t.close();
    });

    it('has a real-id request for every :id route the app registers', () => {
      const idRoutes = t.app.apiRoutes
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => key.includes('/:') && !(key in notRecordIds));
      const missing = idRoutes.filter((key) => !(key in realIdSamples));
      expect(
        missing,
        'add a real-id request for these routes to realIdSamples in test/permission-matrix.test.ts',
      ).toEqual([]);
      const stale = Object.keys(realIdSamples).filter((key) => !idRoutes.includes(key));
      expect(stale, 'these realIdSamples name no registered route').toEqual([]);
    });

    it('uses ids that are real: the second school itself reads every one of them', async () => {
      // Without this, a typo in a sample URL would 404 for everyone and the refusals below would prove nothing.
      const owner = await signInAs(t.testDb.db, {
        schoolId: secondSchoolId,
        roles: [...roles],
        now: t.clock.now(),
      });
      await t.testDb.db
        .insertInto('trust_memberships')
        .values({ trust_id: second.trustId, staff_id: owner.actor.staffId, roles: [...trustRoles] })
        .execute();
      const failures: string[] = [];
      for (const [key, build] of Object.entries(realIdSamples)) {
        if (!key.startsWith('GET ')) continue;
        const response = await t.app.inject({
          method: 'GET',
          url: build(second, photo).url,
          headers: owner.headers,
        });
        if (response.statusCode !== 200)
          failures.push(`${key}: ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
      expect(failures).toEqual([]);
    });

    it("refuses every role of another school on the second school's real records, and says nothing of them", async () => {
      const secrets = [...Object.values(second), ...SECOND_SCHOOL_WORDS];
      const callers: { label: string; roles: Role[] }[] = [
        ...roles.map((role) => ({ label: role, roles: [role] })),
        { label: 'admin holding every role', roles: [...roles] },
      ];
      const failures: string[] = [];
      let n = 0;
      for (const caller of callers) {
        const session = await signInAs(t.testDb.db, {
          schoolId: homeSchoolId,
          roles: caller.roles,
          email: `home-${caller.roles.join('-')}@matrix.example`,
          now: t.clock.now(),
        });
        for (const route of t.app.apiRoutes) {
          const key = `${route.method} ${route.url}`;
          const build = realIdSamples[key];
          if (!build) continue;
          const request = build(second, photo);
          const response = await t.app.inject({
            method: route.method as 'GET',
            url: request.url,
            headers: request.multipart
              ? { ...session.headers, 'content-type': request.multipart.contentType }
              : session.headers,
            ...(request.multipart
              ? { payload: request.multipart.body }
              : request.payload === undefined
                ? {}
                : { payload: request.payload }),
          });
          n++;
          // An id the caller sent may come back in an error; anything else of the second school may not.
          const sent = `${request.url} ${JSON.stringify(request.payload ?? {})}`;
          const leaked = secrets.filter((secret) => !sent.includes(secret) && response.body.includes(secret));
          if (response.statusCode !== 403 && response.statusCode !== 404)
            failures.push(
              `${key} as ${caller.label}: got ${response.statusCode} (${response.body.slice(0, 160)})`,
            );
          if (leaked.length > 0) failures.push(`${key} as ${caller.label}: body names ${leaked.join(', ')}`);
        }
      }
      expect(failures).toEqual([]);
      expect(n).toBe(Object.keys(realIdSamples).length * callers.length);
    });

    it("refuses every trust role of another trust on the second school's trust and records", async () => {
      const secrets = [...Object.values(second), ...SECOND_SCHOOL_WORDS];
      const failures: string[] = [];
      const trustCallers = [...trustRoles.map((role) => [role]), [...trustRoles]];
      for (const held of trustCallers) {
        const session = await signInAsTrustRole(t.testDb.db, {
          trustId: homeTrustId,
          roles: held,
          schoolId: homeSchoolId,
          now: t.clock.now(),
        });
        for (const [key, build] of Object.entries(realIdSamples)) {
          const [method] = key.split(' ');
          const request = build(second, photo);
          const response = await t.app.inject({
            method: method as 'GET',
            url: request.url,
            headers: request.multipart
              ? { ...session.headers, 'content-type': request.multipart.contentType }
              : session.headers,
            ...(request.multipart
              ? { payload: request.multipart.body }
              : request.payload === undefined
                ? {}
                : { payload: request.payload }),
          });
          const sent = `${request.url} ${JSON.stringify(request.payload ?? {})}`;
          const leaked = secrets.filter((secret) => !sent.includes(secret) && response.body.includes(secret));
          if (response.statusCode !== 403 && response.statusCode !== 404)
            failures.push(
              `${key} as ${held.join('+')}: got ${response.statusCode} (${response.body.slice(0, 160)})`,
            );
          if (leaked.length > 0)
            failures.push(`${key} as ${held.join('+')}: body names ${leaked.join(', ')}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('keeps child protection file transfers to the DSL and deputies: not a head who sees staff conduct only', async () => {
      // A transfer task exists only for a leaver with a safeguarding file, so the list itself tells.
      const sign = (roles: Role[]) =>
        signInAs(t.testDb.db, { schoolId: secondSchoolId, roles, now: t.clock.now() });
      const list = async (who: TestSignIn) =>
        t.app.inject({ method: 'GET', url: '/api/concerns/transfers', headers: who.headers });
      for (const lead of [await sign(['dsl']), await sign(['deputy_dsl'])]) {
        const seen = await list(lead);
        expect(seen.statusCode).toBe(200);
        expect(seen.json().transfers.map((x: { id: string }) => x.id)).toEqual([second.transferId]);
      }
      const head = await sign(['headteacher']);
      const refused = await list(head);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain(second.pupilId);
      expect(refused.body).not.toContain(second.transferId);
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/transfers/${second.transferId}/sent`,
        headers: head.headers,
        payload: { destination: 'Matrix School', method: 'Matrix portal' },
      });
      expect(sent.statusCode).toBe(403);
      const row = await t.testDb.db
        .selectFrom('concern_transfers')
        .select('status')
        .where('id', '=', second.transferId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('pending');
    });
  });
}
