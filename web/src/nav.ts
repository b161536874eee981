import { type AppRoute, appRoutes, mayOpen } from '../../src/shared/links';
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
  { route: 'audit', label: 'Audit log' },
];

/** The pages this person may open, in the order staff use them most. */
export function navItemsFor(me: Me): NavItem[] {
  return navPages
    .filter((page) => mayOpen(page.route, me.abilities))
    .map(({ route, label, emphasis }) => ({
      to: appRoutes[route],
      label,
      ...(emphasis ? { emphasis } : {}),
    }));
}

/**
 * Where `/` takes this person: the overview for staff; a governor, who may open the report and their
 * security settings only, lands on the report.
 */
const startPages: readonly AppRoute[] = ['overview', 'governorsReport', 'security'];

export function startPageFor(me: Me): string | undefined {
  const start = startPages.find((route) => mayOpen(route, me.abilities));
  return start === undefined ? undefined : appRoutes[start];
}
