import type { AccountStatus } from './accounts.table.js';

/**
 * The register's lifecycle: draft → submitted → approved | changes_requested | rejected, then suspended
 * and retired. Pure. Student access (clause 2.2) follows from the status alone: only while approved.
 */
export const transitionActions = [
  'submit',
  'approve',
  'request_changes',
  'reject',
  'suspend',
  'reinstate',
  'retire',
  'expire',
] as const;

export type TransitionAction = (typeof transitionActions)[number];

const rules: Record<
  TransitionAction,
  { from: readonly AccountStatus[]; to: AccountStatus; needsReason: boolean }
> = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', needsReason: false },
  approve: { from: ['submitted'], to: 'approved', needsReason: false },
  request_changes: { from: ['submitted'], to: 'changes_requested', needsReason: true },
  reject: { from: ['submitted'], to: 'rejected', needsReason: true },
  suspend: { from: ['approved'], to: 'suspended', needsReason: true },
  reinstate: { from: ['suspended'], to: 'approved', needsReason: false },
  retire: {
    from: ['draft', 'submitted', 'approved', 'changes_requested', 'suspended'],
    to: 'retired',
    needsReason: false,
  },
  // Approval lapsed: back to the approval queue, and students lose access until someone approves again.
  expire: { from: ['approved'], to: 'submitted', needsReason: false },
};

export type TransitionPlan =
  | { ok: true; to: AccountStatus }
  | { ok: false; code: 'InvalidTransition' | 'ReasonRequired'; message: string };

export function planTransition(
  action: TransitionAction,
  from: AccountStatus,
  reason: string | undefined,
): TransitionPlan {
  const rule = rules[action];
  if (!rule.from.includes(from)) {
    return {
      ok: false,
      code: 'InvalidTransition',
      message: `an account that is ${from.replace('_', ' ')} cannot be ${pastTense[action]}`,
    };
  }
  if (rule.needsReason && (reason === undefined || reason.trim().length < 3)) {
    return { ok: false, code: 'ReasonRequired', message: `say why the account is ${pastTense[action]}` };
  }
  return { ok: true, to: rule.to };
}

const pastTense: Record<TransitionAction, string> = {
  submit: 'submitted',
  approve: 'approved',
  request_changes: 'sent back for changes',
  reject: 'rejected',
  suspend: 'suspended',
  reinstate: 'reinstated',
  retire: 'retired',
  expire: 'expired',
};

/** What the account page says about student access (clause 2.2), plainly. */
export function studentAccessOf(status: AccountStatus): { allowed: boolean; message: string } {
  return status === 'approved'
    ? { allowed: true, message: 'Approved: students may be told about this account and use it.' }
    : {
        allowed: false,
        message:
          'Not approved: do not tell students about this account or let them use it until it is approved (clause 2.2).',
      };
}
