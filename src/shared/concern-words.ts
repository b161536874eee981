/**
 * The words people read about a concern, in one place for the web pages and the PDF that goes to the
 * police or a receiving school, so neither shows an internal code (`refer`, `action_added`). No imports:
 * the web app's bundler and the server's compiler both take it as it is.
 */

export const concernTypeLabels = {
  pupil_contact: 'A pupil contacted me on a personal account',
  inappropriate_communication: 'Inappropriate communication involving a child',
  other_online_safety: 'Another online safety concern',
  staff_conduct: "An adult's social media conduct",
} as const;

export const concernTypeShortLabels = {
  pupil_contact: 'Pupil contact (1.2)',
  inappropriate_communication: 'Inappropriate communication (1.3)',
  other_online_safety: 'Other online safety',
  staff_conduct: 'Staff conduct',
} as const;

export const pupilRoleLabels = {
  subject: 'Subject',
  affected: 'Affected',
  alleged_instigator: 'Alleged instigator',
  witness: 'Witness',
} as const;

export const concernStatusLabels = {
  new: 'Received, not yet acknowledged',
  open: 'Acknowledged: being dealt with',
  closed: 'Closed',
} as const;

export const decisionLabels = {
  refer: 'Refer to an agency',
  no_referral: 'No referral',
  early_help: 'Early help',
  monitor: 'Monitor',
} as const;

export const agencyLabels = {
  childrens_social_care: "Children's social care",
  police: 'Police',
  lado: 'LADO',
} as const;

export const urgencyLabels = { urgent: 'Urgent', routine: 'Routine' } as const;

export const staffRoleLabels = {
  staff: 'Staff',
  manager: 'Manager',
  smt: 'Senior leadership',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  admin: 'Administrator',
  governor: 'Governor',
} as const;

export const entryKindLabels: Record<string, string> = {
  reported: 'Reported',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  note: 'Note',
  correction: 'Correction',
  action_added: 'Action added',
  action_completed: 'Action completed',
  decision: 'Decision',
  referral: 'Referral',
  closed: 'Closed',
  closed_despite: 'Closed with work still open',
  reopened: 'Reopened',
  legal_hold: 'Legal hold',
  escalated: 'Escalated',
};

const closeWarningLabels: Record<string, string> = {
  open_actions: 'actions still open',
  follow_up_pending: 'a referral follow-up still to come',
  unassigned: 'nobody assigned',
};

const labelOf = (table: Record<string, string>, key: string) => table[key] ?? key;

/** `2026-11-27` → `27 November 2026`, read as a calendar date (no time zone can shift it). */
export function formatCalendarDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (!year || !month || !day) return isoDate;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** A chronology entry's recorded facts in words, people named (never their ids). */
export function describeEntryFacts(
  facts: Record<string, string | number | boolean | null>,
  nameOf: (staffId: string) => string,
): string {
  const f = facts;
  const parts: string[] = [];
  if (typeof f.decision === 'string') parts.push(labelOf(decisionLabels, f.decision));
  if (typeof f.agency === 'string') parts.push(labelOf(agencyLabels, f.agency));
  if (typeof f.agencyReference === 'string') parts.push(`reference ${f.agencyReference}`);
  if (typeof f.followUpOn === 'string') parts.push(`follow up ${formatCalendarDate(f.followUpOn)}`);
  if (typeof f.staffId === 'string')
    parts.push(`${f.handedOn === true ? 'handed on to' : 'to'} ${nameOf(f.staffId)}`);
  if (typeof f.ownerStaffId === 'string') parts.push(`owner ${nameOf(f.ownerStaffId)}`);
  if (typeof f.dueOn === 'string') parts.push(`due ${formatCalendarDate(f.dueOn)}`);
  if (typeof f.outcome === 'string') parts.push(`outcome: ${f.outcome}`);
  if (typeof f.urgency === 'string') parts.push(labelOf(urgencyLabels, f.urgency));
  if (f.toldDslInPerson === true) parts.push('DSL also told in person');
  if (typeof f.evidence === 'number' && f.evidence > 0)
    parts.push(f.evidence === 1 ? '1 evidence file' : `${f.evidence} evidence files`);
  if (typeof f.legalHold === 'boolean') parts.push(f.legalHold ? 'placed' : 'lifted');
  if (typeof f.level === 'number') parts.push(`escalation level ${f.level}`);
  if (typeof f.warnings === 'string')
    parts.push(
      `with ${f.warnings
        .split(',')
        .map((w) => labelOf(closeWarningLabels, w))
        .join(', ')}`,
    );
  return parts.join(' · ');
}
