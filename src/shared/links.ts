/**
 * The web app's pages that the server links to (notifications, emails), in one table that both sides read:
 * the server builds every link with `linkTo`, the web router matches the same patterns, and `notify`
 * refuses a link that does not open the page its kind declares. No imports, so the web app's bundler and
 * the server's compiler both take it as it is.
 */
export const appRoutes = {
  overview: '/',
  policy: '/policy',
  notifications: '/notifications',
  safeguarding: '/safeguarding',
  concern: '/safeguarding/concerns/:id',
  pupilChronology: '/safeguarding/pupils/:id',
  concernTransfers: '/safeguarding/transfers',
  governorsReport: '/reports/governors',
  newPost: '/posts/new',
  post: '/posts/:id',
  takedowns: '/takedowns',
  /** What passes its retention date soon, rules and legal holds (DSL, deputy, SMT, headteacher). */
  retention: '/retention',
  /** Opening a subject access request; one request, its safeguarding review and its release. */
  subjectAccess: '/subject-access',
  subjectAccessRequest: '/subject-access/:id',
  newAccount: '/accounts/new',
  accountsRegister: '/accounts/register',
  account: '/accounts/:id',
  moderation: '/moderation',
  /** Staff personal use (policy section 1): the member of staff's own checklist of the term. */
  staffUse: '/personal-use',
  contactExceptions: '/personal-use/contact-exceptions',
  privacySettings: '/personal-use/privacy',
  selfAudit: '/personal-use/self-audit',
  staffCompliance: '/personal-use/compliance',
  /** The carer's public consent page; the one-time token follows in the fragment. */
  carerConsent: '/consent',
  /** Public: asking for a password reset link by email. */
  forgottenPassword: '/forgotten-password',
  /** Public: the emailed reset link; the one-time token follows in the fragment, never sent to a server. */
  resetPassword: '/reset-password',
} as const;

export type AppRoute = keyof typeof appRoutes;

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
  'staff_use.handover': 'staffUse',
} as const satisfies Record<string, AppRoute>;

export type NotificationKind = keyof typeof notificationRoutes;
