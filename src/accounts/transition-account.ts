import { notify } from '../notifications/notify.js';
import { staffIdsWithRoles } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import { type Actor, hasRole } from '../platform/auth/roles.js';
import { addMonths } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { cite } from '../policy/clauses.js';
import { linkTo } from '../shared/links.js';
import { approvalMonths, lockedAccount } from './account-access.js';
import { checkAccountText } from './account-checks.js';
import { type AccountView, submissionProblems, toView } from './account-view.js';
import {
  type AccountPeople,
  canEditAccount,
  canRetireAccount,
  canViewAccount,
  type DecisionRefusal,
  decisionRefusal,
} from './accounts.permissions.js';
import { insertTransition, updateAccountRow } from './accounts.repository.js';
import type { AccountRow } from './accounts.table.js';
import type { AccountsDeps } from './accounts-deps.js';
import { planTransition, type TransitionAction } from './lifecycle.js';

const refusalErrors: Record<DecisionRefusal, { code: string; message: string }> = {
  not_in_school: {
    code: 'AccountForbidden',
    message: 'accounts of another school cannot be decided from here',
  },
  own_account: {
    code: 'SelfApprovalRefused',
    message: `an owner cannot decide on their own account: a manager or SMT member who is not an owner must (${cite('2.2')})`,
  },
  not_a_decider: {
    code: 'NotADecider',
    message: `only a manager or a member of the SMT decides (${cite('2.2')})`,
  },
  not_their_manager: {
    code: 'NotTheOwnersManager',
    message: `a manager decides only on accounts of staff they manage; SMT decide on any (${cite('2.2')})`,
  },
  needs_a_person: {
    code: 'DecisionNeedsAPerson',
    message: 'a decision on an account is taken by a person, not the system',
  },
};

const deciderActions: readonly TransitionAction[] = [
  'approve',
  'request_changes',
  'reject',
  'suspend',
  'reinstate',
];

function actorLabel(actor: Actor): { staffId: string | null; label: string } {
  return actor.kind === 'staff'
    ? { staffId: actor.staffId, label: actor.name }
    : { staffId: null, label: `system:${actor.label}` };
}

const decisionWords: Partial<Record<TransitionAction, string>> = {
  approve: 'approved',
  request_changes: 'sent back for changes',
  reject: 'rejected',
  suspend: 'suspended',
  reinstate: 'reinstated',
  retire: 'retired',
  expire: 'due for review: its approval has ended',
};

/**
 * Moves an account through its lifecycle. Every transition is recorded with who, when and why (in the
 * register's history and the audit log, in one transaction); rejections, change requests and suspensions
 * need a reason. Submission re-runs the text checks and notifies the owners' managers and SMT.
 */
export async function transitionAccount(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
  action: TransitionAction,
  reason: string | undefined,
  deps: AccountsDeps,
): Promise<AccountView> {
  if (
    actor.kind === 'staff' &&
    deciderActions.includes(action) &&
    !hasRole(actor, 'manager', 'smt', 'headteacher')
  )
    throw forbidden('NotADecider', refusalErrors.not_a_decider.message);
  if (action === 'expire' && actor.kind !== 'system')
    throw forbidden('AccountForbidden', 'approval expiry is run by the system');
  const context =
    action === 'submit' ? await deps.contexts.load(db, schoolId, deps.clock.today()) : undefined;
  return db.transaction().execute(async (tx) => {
    const { row, owners, people } = await lockedAccount(tx, actor, schoolId, id);
    if (!canViewAccount(actor, people)) throw notFound('AccountNotFound', 'no such account on the register');
    if (action === 'submit' && !canEditAccount(actor, people))
      throw forbidden('NotAnOwner', 'only the account’s owners submit it');
    if (action === 'retire' && !canRetireAccount(actor, people))
      throw forbidden('AccountForbidden', 'only an owner or SMT retires an account');
    if (deciderActions.includes(action)) {
      const refusal = decisionRefusal(actor, people);
      if (refusal) throw forbidden(refusalErrors[refusal].code, refusalErrors[refusal].message);
    }
    const plan = planTransition(action, row.status, reason);
    if (!plan.ok) {
      throw plan.code === 'ReasonRequired'
        ? invalid(plan.code, plan.message)
        : conflict(plan.code, plan.message);
    }
    const now = deps.clock.now();
    const today = deps.clock.today();
    let changes: Parameters<typeof updateAccountRow>[2] = { status: plan.to };
    if (action === 'submit' && context) {
      const findings = checkAccountText(context, row.purpose, row.about_text ?? undefined);
      const problems = submissionProblems(row, findings);
      if (problems.length > 0)
        throw invalid(
          'SubmissionRefused',
          'the account cannot be submitted yet',
          // Each problem already cites its clause once; the reader needs the sentence, not a second citation.
          problems.map((p) =>
            p.message.includes('clause') ? p.message : `${p.message} (clause ${p.clause})`,
          ),
        );
      changes = { ...changes, submitted_at: now, about_findings: JSON.stringify(findings) };
    }
    let expiresOn: string | undefined;
    if (plan.to === 'approved') {
      const settings = await approvalMonths(tx, schoolId);
      expiresOn = addMonths(today, settings.approvalMonths);
      changes = {
        ...changes,
        approved_at: now,
        approved_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
        approval_expires_on: expiresOn,
        expiry_reminder_sent_for: null,
      };
    }
    const updated = await updateAccountRow(tx, row.id, changes);
    const who = actorLabel(actor);
    const why = reason?.trim() ? reason.trim() : null;
    await insertTransition(tx, {
      accountId: row.id,
      from: row.status,
      to: plan.to,
      actorStaffId: who.staffId,
      actorLabel: who.label,
      reason: why,
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId,
      at: now,
      event: {
        type: 'account.transitioned',
        subject: { type: 'account', id: row.id },
        data: { action, from: row.status, to: plan.to, reason: why, ...(expiresOn ? { expiresOn } : {}) },
      },
    });
    await notifyAboutTransition(tx, actor, updated, people, action, now);
    return toView(actor, updated, owners);
  });
}

async function notifyAboutTransition(
  tx: DbExecutor,
  actor: Actor,
  row: AccountRow,
  people: AccountPeople,
  action: TransitionAction,
  now: Date,
): Promise<void> {
  const actorId = actor.kind === 'staff' ? actor.staffId : undefined;
  const link = linkTo('account', { id: row.id });
  if (action === 'submit' || action === 'expire') {
    // Clause 2.2: the appropriate Manager or a member of the SMT; never the owners themselves.
    const smt = await staffIdsWithRoles(tx, row.school_id, ['smt', 'headteacher']);
    const deciders = [...new Set([...people.ownerManagerIds, ...smt])].filter(
      (id) => !people.ownerIds.includes(id) && id !== actorId,
    );
    await notify(tx, {
      schoolId: row.school_id,
      staffIds: deciders,
      kind: 'accounts.awaiting_approval',
      title:
        action === 'submit'
          ? 'A school social media account awaits approval'
          : 'A school social media account’s approval has ended and awaits review',
      link,
      email: {
        subject: 'A school social media account awaits a decision',
        text: 'A school social media account on the register awaits a decision. Sign in to Guardpost to review it.',
      },
      now,
    });
  }
  const word = decisionWords[action];
  if (action !== 'submit' && word) {
    await notify(tx, {
      schoolId: row.school_id,
      staffIds: people.ownerIds.filter((id) => id !== actorId),
      kind: 'accounts.decision',
      title: `Your school social media account was ${word}`,
      link,
      email: {
        subject: 'News about your school social media account',
        text: 'There is news about a school social media account you own. Sign in to Guardpost to see it.',
      },
      now,
    });
  }
}
