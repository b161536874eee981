import type { Ability } from './abilities.js';

/**
 * Every page of the web app, in one table that both sides read: its path, and the ability of `GET /api/me`
 * that opens it (`public` for the pages of people who are not signed in). The server builds every link
 * with `linkTo`, the web router matches the same patterns and guards each page with its ability, and
 * `notify` refuses a link that does not open the page its kind declares. Adding a page is one line here
 * and one in web/src/routes.tsx (docs/web-client.md). Imports types only, so the web app's bundler and the
 * server's compiler both take it as it is.
 */
export const appPages = {
  overview: { path: '/', opens: 'policy.read' },
  signIn: { path: '/sign-in', opens: 'public' },
  policy: { path: '/policy', opens: 'policy.read' },
  notifications: { path: '/notifications', opens: 'notifications.read' },
  security: { path: '/security', opens: 'session.manage' },
  check: { path: '/check', opens: 'checks.run' },
  checkSettings: { path: '/checks/settings', opens: 'checks.settings' },
  reportConcern: { path: '/concerns/report', opens: 'concerns.report' },
  myConcernReports: { path: '/concerns/mine', opens: 'concerns.report' },
  safeguarding: { path: '/safeguarding', opens: 'concerns.read' },
  concern: { path: '/safeguarding/concerns/:id', opens: 'concerns.read' },
  pupilChronology: { path: '/safeguarding/pupils/:id', opens: 'concerns.read' },
  concernTransfers: { path: '/safeguarding/transfers', opens: 'concerns.transfers' },
  governorsReport: { path: '/reports/governors', opens: 'reports.read' },
  /**
   * A trust's schools side by side, and its policy templates. Trust roles are held per trust, not per
   * school, so any signed-in person may open the page and the API answers only for the trust's own roles.
   */
  trustDashboard: { path: '/trusts/:id', opens: 'session.manage' },
  /** The trust admin's: the trust's schools (add one by creating it), and who holds trust roles (as above). */
  trustSchools: { path: '/trusts/:id/schools', opens: 'session.manage' },
  trustPeople: { path: '/trusts/:id/people', opens: 'session.manage' },
  /** A school's side of its trust's policy templates: adopt, or adapt and adopt (SMT, headteacher, admin). */
  trustTemplates: { path: '/policy/trust-templates', opens: 'policy.import' },
  myPosts: { path: '/posts', opens: 'posts.write' },
  newPost: { path: '/posts/new', opens: 'posts.write' },
  post: { path: '/posts/:id', opens: 'posts.write' },
  editPost: { path: '/posts/:id/edit', opens: 'posts.write' },
  approvals: { path: '/approvals', opens: 'posts.approve' },
  archive: { path: '/archive', opens: 'archive.read' },
  archiveRecord: { path: '/archive/:id', opens: 'archive.read' },
  takedowns: { path: '/takedowns', opens: 'takedowns.handle' },
  /** What passes its retention date soon, rules and legal holds (DSL, deputy, SMT, headteacher). */
  retention: { path: '/retention', opens: 'retention.read' },
  /** Subject access requests: the list with their state and opening one; one request, its review and release. */
  subjectAccess: { path: '/subject-access', opens: 'sar.manage' },
  subjectAccessRequest: { path: '/subject-access/:id', opens: 'sar.manage' },
  myAccounts: { path: '/accounts', opens: 'accounts.use' },
  newAccount: { path: '/accounts/new', opens: 'accounts.use' },
  accountsRegister: { path: '/accounts/register', opens: 'accounts.manage' },
  account: { path: '/accounts/:id', opens: 'accounts.use' },
  editAccount: { path: '/accounts/:id/edit', opens: 'accounts.use' },
  moderation: { path: '/moderation', opens: 'moderation.act' },
  /** Staff personal use (policy section 1): the member of staff's own checklist of the term. */
  staffUse: { path: '/personal-use', opens: 'staffUse.own' },
  contactExceptions: { path: '/personal-use/contact-exceptions', opens: 'staffUse.own' },
  privacySettings: { path: '/personal-use/privacy', opens: 'staffUse.own' },
  selfAudit: { path: '/personal-use/self-audit', opens: 'staffUse.own' },
  staffCompliance: { path: '/personal-use/compliance', opens: 'staffUse.compliance' },
  /** Leavers' handovers (SMT): each leaver's accounts to a new owner or closed. */
  staffHandovers: { path: '/personal-use/handovers', opens: 'staffUse.handovers' },
  staffHandover: { path: '/personal-use/handovers/:id', opens: 'staffUse.handovers' },
  people: { path: '/people', opens: 'people.read' },
  pupil: { path: '/people/pupils/:id', opens: 'people.read' },
  carer: { path: '/people/carers/:id', opens: 'people.read' },
  rosterImport: { path: '/roster-import', opens: 'roster.import' },
  consentImport: { path: '/consents/import', opens: 'consents.record' },
  classConsents: { path: '/consents/classes', opens: 'consents.read' },
  audit: { path: '/audit', opens: 'audit.read' },
  /** The carer's public consent page; the one-time token follows in the fragment. */
  carerConsent: { path: '/consent', opens: 'public' },
  /** Public: asking for a password reset link by email. */
  forgottenPassword: { path: '/forgotten-password', opens: 'public' },
  /** Public: the emailed reset link; the one-time token follows in the fragment, never sent to a server. */
  resetPassword: { path: '/reset-password', opens: 'public' },
} as const satisfies Record<string, AppPage>;

/** One page: its path pattern (`:name` for a parameter) and who may open it. */
export interface AppPage {
  readonly path: string;
  /** The ability of `GET /api/me` that opens the page, or `public` for everyone, signed in or not. */
  readonly opens: Ability | 'public';
}

export type AppRoute = keyof typeof appPages;

/** The path pattern of every page: `appRoutes.policy` is `/policy`. */
export const appRoutes = Object.fromEntries(
  Object.entries(appPages).map(([route, page]) => [route, page.path]),
) as { readonly [R in AppRoute]: (typeof appPages)[R]['path'] };

/**
 * Whether a person with these abilities (`GET /api/me`) may open the page; without abilities (not signed
 * in, or before the second factor) only the public pages.
 */
export function mayOpen(route: AppRoute, abilities: Readonly<Record<Ability, boolean>> | undefined): boolean {
  const opens: Ability | 'public' = appPages[route].opens;
  return opens === 'public' || abilities?.[opens] === true;
}

type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type RouteParams<R extends AppRoute> = Record<ParamsOf<(typeof appRoutes)[R]>, string>;

/** The app path of a page: `linkTo('concern', { id })` → `/safeguarding/concerns/<id>`. */
export function linkTo<R extends AppRoute>(
  route: R,
  ...params: ParamsOf<(typeof appRoutes)[R]> extends never ? [] : [RouteParams<R>]
): string {
  const values = (params[0] ?? {}) as Record<string, string>;
  return appRoutes[route].replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') throw new Error(`linkTo(${route}) needs ${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * What came of connecting an account through the platform's own sign-in page: the OAuth callback sends the
 * person back to the account page with one of these in `?connection=`, and the page says it in words.
 */
export const connectionOutcomes = [
  'connected',
  'refused',
  'failed',
  'offline',
  'not_allowed',
  'expired',
] as const;
export type ConnectionOutcome = (typeof connectionOutcomes)[number];

/** The account page after the platform's sign-in page: `/accounts/<id>?connection=connected`. */
export function linkToAccountAfterConnecting(accountId: string, outcome: ConnectionOutcome): string {
  return `${linkTo('account', { id: accountId })}?connection=${outcome}`;
}

/**
 * One comment in the moderation queue, whatever its state: `/moderation?item=<id>`. The queue page shows that
 * comment alone, with its findings and actions; SMT's report of an action (clause 2.6) links to it.
 */
export function linkToModerationItem(itemId: string): string {
  return `${linkTo('moderation')}?item=${encodeURIComponent(itemId)}`;
}

/** Matches a path against one pattern; the named parts, or undefined. */
export function matchPattern(pattern: string, pathname: string): Record<string, string> | undefined {
  const wanted = pattern.split('/').filter(Boolean);
  const actual = pathname.split(/[?#]/)[0]?.split('/').filter(Boolean) ?? [];
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = actual[index];
    if (value === undefined) return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/** Which page of the table a path opens, with its parameters; literal routes win over patterns. */
export function matchRoute(
  pathname: string,
): { route: AppRoute; params: Record<string, string> } | undefined {
  const routes = Object.entries(appRoutes) as [AppRoute, string][];
  const ordered = [
    ...routes.filter(([, p]) => !p.includes(':')),
    ...routes.filter(([, p]) => p.includes(':')),
  ];
  for (const [route, pattern] of ordered) {
    const params = matchPattern(pattern, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/**
 * Every kind of in-app notification the server creates, and the page its link opens. `notify` takes only
 * these kinds and checks the link against this table, so a link to a page that does not exist fails the
 * first test that sends it instead of a school's safeguarding lead.
 */
export const notificationRoutes = {
  'policy.acknowledgement_reminder': 'policy',
  'policy.new_version': 'policy',
  'post.approval_requested': 'post',
  'post.approved': 'post',
  'post.sent_back': 'post',
  'post.publish_failed': 'post',
  'post.takedown': 'takedowns',
  'post.takedown_due_soon': 'takedowns',
  'post.takedown_overdue': 'takedowns',
  'accounts.awaiting_approval': 'account',
  'accounts.decision': 'account',
  'accounts.approval_ending': 'account',
  'accounts.aup_link_missing': 'account',
  'accounts.connection_failed': 'account',
  'accounts.profile_changed': 'account',
  'concern.awaiting': 'concern',
  'concern.awaiting_urgent': 'concern',
  'concern.handed_on': 'concern',
  'concern.transfer_due': 'concernTransfers',
  'moderation.action_reported': 'moderation',
  'moderation.sla_overdue': 'moderation',
  'moderation.disclosure': 'moderation',
  'moderation.connection_failed': 'moderation',
  'moderation.direct_messages': 'moderation',
  'staff_use.contact_exception_requested': 'contactExceptions',
  'staff_use.contact_exception_decided': 'contactExceptions',
  'staff_use.contact_exception_ending': 'contactExceptions',
  'staff_use.contact_exception_ended': 'contactExceptions',
  'staff_use.privacy_reminder': 'privacySettings',
  'staff_use.self_audit_reminder': 'selfAudit',
  'staff_use.newcomer': 'staffUse',
  'staff_use.handover': 'staffHandover',
} as const satisfies Record<string, AppRoute>;

export type NotificationKind = keyof typeof notificationRoutes;
