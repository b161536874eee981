import { type AppRoute, appRoutes, linkTo, mayOpen } from '../../src/shared/links';
import type { Me } from './api/endpoints';

export interface NavItem {
  to: string;
  label: string;
  /** Drawn so that it stands out (reporting a safeguarding concern). */
  emphasis?: boolean;
}

/**
 * The navigation, in the order staff use it most. Each entry is a page of src/shared/links.ts, offered to
 * whoever `GET /api/me` says may open it (the same ability its route guard reads), never worked out from
 * roles here.
 */
const navPages: readonly { route: AppRoute; label: string; emphasis?: boolean }[] = [
  { route: 'overview', label: 'Overview' },
  { route: 'reportConcern', label: 'Report a concern', emphasis: true },
  { route: 'policy', label: 'Policy' },
  { route: 'check', label: 'Check a post' },
  { route: 'people', label: 'Pupils and carers' },
  { route: 'safeguarding', label: 'Safeguarding concerns' },
  { route: 'rosterImport', label: 'Roster import' },
  { route: 'consentImport', label: 'Consent import' },
  // The class view links each pupil to their page, which the same people may open.
  { route: 'classConsents', label: 'Class consents' },
  { route: 'myPosts', label: 'My posts' },
  { route: 'approvals', label: 'Approvals' },
  // Owners see their accounts' takedowns (often none); SMT, the head and admins see the school's.
  { route: 'takedowns', label: 'Takedowns' },
  { route: 'moderation', label: 'Comment moderation' },
  { route: 'archive', label: 'Publication archive' },
  { route: 'myAccounts', label: 'My accounts' },
  { route: 'staffUse', label: 'My personal accounts' },
  { route: 'staffCompliance', label: 'Staff personal use' },
  { route: 'accountsRegister', label: 'Accounts register' },
  { route: 'notifications', label: 'Notifications' },
  { route: 'security', label: 'Security' },
  { route: 'checkSettings', label: 'Check settings' },
  { route: 'retention', label: 'Retention' },
  { route: 'subjectAccess', label: 'Subject access' },
  { route: 'governorsReport', label: "Governors' report" },
  { route: 'trustTemplates', label: 'Trust templates' },
  { route: 'audit', label: 'Audit log' },
];

/** The pages this person may open, in the order staff use them most. */
export function navItemsFor(me: Me): NavItem[] {
  const items: NavItem[] = navPages
    .filter((page) => mayOpen(page.route, me.abilities))
    .map(({ route, label, emphasis }) => ({
      to: appRoutes[route],
      label,
      ...(emphasis ? { emphasis } : {}),
    }));
  // Trust roles are held per trust, not per school: each trust's page, whatever the roles in this school.
  // The trust admin also runs the trust: its schools and who holds its roles.
  const several = me.trusts.length > 1;
  const trusts: NavItem[] = me.trusts.flatMap((trust) => [
    {
      to: linkTo('trustDashboard', { id: trust.id }),
      label: several ? `Trust: ${trust.name}` : 'Trust dashboard',
    },
    ...(trust.roles.includes('trust_admin')
      ? [
          {
            to: linkTo('trustSchools', { id: trust.id }),
            label: several ? `${trust.name}: schools` : 'Trust schools',
          },
          {
            to: linkTo('trustPeople', { id: trust.id }),
            label: several ? `${trust.name}: people` : 'Trust people',
          },
        ]
      : []),
  ]);
  // With trust roles only, no school page opens: the trusts first, then their own security settings.
  if (me.roles.length === 0) return [...trusts, ...items];
  const audit = items.findIndex((item) => item.to === appRoutes.audit);
  items.splice(audit === -1 ? items.length : audit, 0, ...trusts);
  return items;
}

/**
 * Where `/` takes this person: the overview for staff; a governor, who may open the report and their
 * security settings only, lands on the report; someone holding trust roles only, on their trust's page.
 */
const startPages: readonly AppRoute[] = ['overview', 'governorsReport'];

export function startPageFor(me: Me): string | undefined {
  const start = startPages.find((route) => mayOpen(route, me.abilities));
  if (start !== undefined) return appRoutes[start];
  const trust = me.trusts[0];
  if (trust) return linkTo('trustDashboard', { id: trust.id });
  return mayOpen('security', me.abilities) ? appRoutes.security : undefined;
}
