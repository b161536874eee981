import { formatUkDate } from '../platform/calendar/dates.js';

/** Work a concern still has open; closing over it needs a reason of its own. */
export interface CloseWarning {
  code: 'open_actions' | 'follow_up_pending' | 'unassigned';
  message: string;
}

/**
 * What closing a concern now would leave behind: actions not done, a referral follow-up still to come (or
 * due today), nobody named as responsible. Pure.
 */
export function closeWarningsFor(input: {
  openActions: number;
  followUps: readonly (string | null)[];
  assignedStaffId: string | null;
  today: string;
}): CloseWarning[] {
  const warnings: CloseWarning[] = [];
  if (input.openActions > 0)
    warnings.push({
      code: 'open_actions',
      message:
        input.openActions === 1 ? '1 action is still open.' : `${input.openActions} actions are still open.`,
    });
  const coming = input.followUps.filter((d): d is string => d !== null && d >= input.today).sort();
  const next = coming[0];
  if (next)
    warnings.push({
      code: 'follow_up_pending',
      message: `A referral follow-up is due on ${formatUkDate(next)}.`,
    });
  if (input.assignedStaffId === null)
    warnings.push({ code: 'unassigned', message: 'Nobody is assigned to this concern.' });
  return warnings;
}
