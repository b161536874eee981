import { appRoutes } from '../../src/shared/links';
import type { Me } from './api/endpoints';
import { can } from './session';

export interface NavItem {
  to: string;
  label: string;
  /** Drawn so that it stands out (reporting a safeguarding concern). */
  emphasis?: boolean;
}

/** The pages this person may open, in the order staff use them most. */
export function navItemsFor(me: Me): NavItem[] {
  const reports = me.roles.some((r) => ['smt', 'dsl', 'deputy_dsl', 'headteacher', 'governor'].includes(r));
  // A governor is not staff: the report and their own security settings are all they may open.
  if (me.roles.every((r) => r === 'governor')) {
    return [
      { to: appRoutes.governorsReport, label: "Governors' report" },
      { to: '/security', label: 'Security' },
    ];
  }
  const items: NavItem[] = [
    { to: '/', label: 'Overview' },
    { to: '/concerns/report', label: 'Report a concern', emphasis: true },
    { to: '/policy', label: 'Policy' },
    { to: '/check', label: 'Check a post' },
  ];
  if (can(me, 'people.read', ['manager', 'smt', 'dsl', 'deputy_dsl', 'headteacher', 'admin'])) {
    items.push({ to: '/people', label: 'Pupils and carers' });
  }
  if (me.roles.some((r) => ['dsl', 'deputy_dsl', 'headteacher'].includes(r))) {
    items.push({ to: appRoutes.safeguarding, label: 'Safeguarding concerns' });
  }
  if (can(me, 'roster.import', ['admin'])) items.push({ to: '/roster-import', label: 'Roster import' });
  if (me.roles.some((r) => ['smt', 'headteacher', 'admin'].includes(r))) {
    items.push({ to: '/consents/import', label: 'Consent import' });
  }
  // The class view links each pupil to their page, which the same roles may open.
  if (can(me, 'people.read', ['manager', 'smt', 'dsl', 'deputy_dsl', 'headteacher', 'admin'])) {
    items.push({ to: '/consents/classes', label: 'Class consents' });
  }
  items.push({ to: '/posts', label: 'My posts' });
  if (me.roles.some((r) => ['manager', 'smt', 'headteacher'].includes(r))) {
    items.push({ to: '/approvals', label: 'Approvals' });
  }
  // Owners see their accounts' takedowns (often none); SMT, the head and admins see the school's.
  items.push({ to: '/takedowns', label: 'Takedowns' });
  // Owners act on the comments on their own accounts (clause 2.6); moderators see the school's queue.
  items.push({ to: appRoutes.moderation, label: 'Comment moderation' });
  if (me.roles.some((r) => ['smt', 'headteacher', 'admin'].includes(r))) {
    items.push({ to: '/archive', label: 'Publication archive' });
  }
  items.push({ to: '/accounts', label: 'My accounts' });
  items.push({ to: appRoutes.staffUse, label: 'My personal accounts' });
  if (me.roles.some((r) => ['smt', 'headteacher', 'admin'].includes(r))) {
    items.push({ to: appRoutes.staffCompliance, label: 'Staff personal use' });
  }
  if (me.roles.some((r) => ['manager', 'smt', 'headteacher', 'admin'].includes(r))) {
    items.push({ to: '/accounts/register', label: 'Accounts register' });
  }
  items.push({ to: '/notifications', label: 'Notifications' });
  items.push({ to: '/security', label: 'Security' });
  if (me.roles.some((r) => ['smt', 'headteacher', 'admin'].includes(r))) {
    items.push({ to: '/checks/settings', label: 'Check settings' });
  }
  if (me.roles.some((r) => ['dsl', 'deputy_dsl', 'smt', 'headteacher'].includes(r))) {
    items.push({ to: appRoutes.retention, label: 'Retention' });
  }
  if (me.roles.some((r) => ['dsl', 'deputy_dsl', 'headteacher', 'admin'].includes(r))) {
    items.push({ to: appRoutes.subjectAccess, label: 'Subject access' });
  }
  if (reports) items.push({ to: appRoutes.governorsReport, label: "Governors' report" });
  if (can(me, 'audit.read', ['admin'])) items.push({ to: '/audit', label: 'Audit log' });
  return items;
}
