import { type Actor, hasRole } from '../platform/auth/roles.js';
import type { AccountStatus } from './accounts.table.js';

/**
 * Who may do what with the accounts register. Pure, so the rules are tested as a table. Clause 2.2: the
 * account is notified to "the appropriate Manager or member of the SMT"; approval by one of its own owners
 * would defeat the point, so an owner never decides on their own account, whatever their roles.
 */
export interface AccountPeople {
  schoolId: string;
  ownerIds: readonly string[];
  /** Line managers of the owners (staff_memberships.manager_staff_id). */
  ownerManagerIds: readonly string[];
}

/** Roles that may hold the register open and decide on accounts (the route gate; finer checks below). */
export const deciderRoles = ['manager', 'smt', 'headteacher'] as const;
export const registerReaderRoles = ['manager', 'smt', 'headteacher', 'admin'] as const;
export const settingsRoles = ['smt', 'headteacher', 'admin'] as const;

function inSchool(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || actor.schoolId === schoolId;
}

export function isOwner(actor: Actor, account: AccountPeople): boolean {
  return actor.kind === 'staff' && account.ownerIds.includes(actor.staffId);
}

export function canRegisterAccount(actor: Actor, schoolId: string): boolean {
  return inSchool(actor, schoolId);
}

export function canReadRegister(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || (inSchool(actor, schoolId) && hasRole(actor, ...registerReaderRoles));
}

export function canViewAccount(actor: Actor, account: AccountPeople): boolean {
  if (!inSchool(actor, account.schoolId)) return false;
  return (
    actor.kind === 'system' ||
    isOwner(actor, account) ||
    account.ownerManagerIds.includes(actor.staffId) ||
    hasRole(actor, ...registerReaderRoles)
  );
}

export function canEditAccount(actor: Actor, account: AccountPeople): boolean {
  return inSchool(actor, account.schoolId) && (actor.kind === 'system' || isOwner(actor, account));
}

export type DecisionRefusal =
  | 'not_in_school'
  | 'own_account'
  | 'not_a_decider'
  | 'not_their_manager'
  | 'needs_a_person';

/**
 * Whether the actor may approve, reject, request changes, suspend or reinstate: SMT or the headteacher, or
 * a manager who line-manages one of the owners; never an owner; never the system (a decision needs a
 * person who answers for it).
 */
export function decisionRefusal(actor: Actor, account: AccountPeople): DecisionRefusal | undefined {
  if (actor.kind === 'system') return 'needs_a_person';
  if (actor.schoolId !== account.schoolId) return 'not_in_school';
  if (isOwner(actor, account)) return 'own_account';
  if (hasRole(actor, 'smt', 'headteacher')) return undefined;
  if (hasRole(actor, 'manager')) {
    return account.ownerManagerIds.includes(actor.staffId) ? undefined : 'not_their_manager';
  }
  return 'not_a_decider';
}

/** Retiring: an owner (the account is no longer used) or SMT (the school withdraws it). */
export function canRetireAccount(actor: Actor, account: AccountPeople): boolean {
  if (!inSchool(actor, account.schoolId)) return false;
  return actor.kind === 'system' || isOwner(actor, account) || hasRole(actor, 'smt', 'headteacher');
}

export function canManageRegisterSettings(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || (inSchool(actor, schoolId) && hasRole(actor, ...settingsRoles));
}

export type AccountAbility =
  | 'edit'
  | 'submit'
  | 'approve'
  | 'request_changes'
  | 'reject'
  | 'suspend'
  | 'reinstate'
  | 'retire'
  | 'verify';

/** What the actor may do with this account now, for the web app (it never re-derives permissions). */
export function accountAbilities(
  actor: Actor,
  account: AccountPeople & { status: AccountStatus },
): AccountAbility[] {
  const abilities: AccountAbility[] = [];
  const owner = canEditAccount(actor, account);
  const decider = decisionRefusal(actor, account) === undefined;
  const s = account.status;
  if (owner && (s === 'draft' || s === 'changes_requested')) abilities.push('edit', 'submit');
  if (decider && s === 'submitted') abilities.push('approve', 'request_changes', 'reject');
  if (decider && s === 'approved') abilities.push('suspend');
  if (decider && s === 'suspended') abilities.push('reinstate');
  if (s !== 'retired' && s !== 'rejected' && canRetireAccount(actor, account)) abilities.push('retire');
  if (canViewAccount(actor, account) && s !== 'retired' && s !== 'rejected') abilities.push('verify');
  return abilities;
}
