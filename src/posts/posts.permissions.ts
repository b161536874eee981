import { type Actor, hasRole } from '../platform/auth/roles.js';

/**
 * Who may do what with posts. Pure, so the rules are tested as a table. Clause 2.2: posts go out only on
 * approved accounts, by their owners; a post needing approval is approved by a manager or a member of the
 * SMT who is not its author.
 */
export interface PostPeople {
  schoolId: string;
  authorId: string;
  ownerIds: readonly string[];
}

export const approverRoles = ['manager', 'smt', 'headteacher'] as const;
export const archiveReaderRoles = ['smt', 'headteacher', 'admin'] as const;
export const postSettingsRoles = ['smt', 'headteacher', 'admin'] as const;

function inSchool(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'staff' && actor.schoolId === schoolId;
}

export function isAccountOwner(actor: Actor, ownerIds: readonly string[]): boolean {
  return actor.kind === 'staff' && ownerIds.includes(actor.staffId);
}

export function canViewPost(actor: Actor, post: PostPeople): boolean {
  if (!inSchool(actor, post.schoolId)) return false;
  return (
    isAccountOwner(actor, post.ownerIds) ||
    hasRole(actor, ...approverRoles) ||
    hasRole(actor, ...archiveReaderRoles)
  );
}

/** Only the author edits a draft, adds photos, marks it ready and records its publication. */
export function canEditPost(actor: Actor, post: PostPeople): boolean {
  return (
    inSchool(actor, post.schoolId) &&
    actor.kind === 'staff' &&
    actor.staffId === post.authorId &&
    post.ownerIds.includes(actor.staffId)
  );
}

export type ApprovalRefusal = 'not_in_school' | 'not_an_approver' | 'self_approval';

/** Why the actor may not approve this post, or null when they may. */
export function approvalRefusal(actor: Actor, post: PostPeople): ApprovalRefusal | null {
  if (!inSchool(actor, post.schoolId) || actor.kind !== 'staff') return 'not_in_school';
  if (!hasRole(actor, ...approverRoles)) return 'not_an_approver';
  if (actor.staffId === post.authorId) return 'self_approval';
  return null;
}

export function canSearchArchive(actor: Actor, schoolId: string): boolean {
  return inSchool(actor, schoolId) && hasRole(actor, ...archiveReaderRoles);
}

export function canManagePostSettings(actor: Actor, schoolId: string): boolean {
  return inSchool(actor, schoolId) && hasRole(actor, ...postSettingsRoles);
}

/** Takedown tasks: the account's owners and SMT (with the headteacher and admins) see and close them. */
export function canHandleTakedown(
  actor: Actor,
  task: { schoolId: string; ownerIds: readonly string[] },
): boolean {
  return (
    inSchool(actor, task.schoolId) &&
    (isAccountOwner(actor, task.ownerIds) || hasRole(actor, ...archiveReaderRoles))
  );
}
