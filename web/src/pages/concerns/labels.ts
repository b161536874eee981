import type { ConcernDecision, ConcernStatus, ConcernType, PupilRole, ReferralAgency } from './concerns-api';

export const typeLabels: Record<ConcernType, string> = {
  pupil_contact: 'A pupil contacted me on a personal account',
  inappropriate_communication: 'Inappropriate communication involving a child',
  other_online_safety: 'Another online safety concern',
  staff_conduct: "An adult's social media conduct",
};

export const typeShortLabels: Record<ConcernType, string> = {
  pupil_contact: 'Pupil contact (1.2)',
  inappropriate_communication: 'Inappropriate communication (1.3)',
  other_online_safety: 'Other online safety',
  staff_conduct: 'Staff conduct',
};

/** The policy clause a type carries, where there is one. */
export const typeClauses: Partial<Record<ConcernType, string>> = {
  pupil_contact: 'clause 1.2',
  inappropriate_communication: 'clause 1.3',
};

export const roleLabels: Record<PupilRole, string> = {
  subject: 'Subject',
  affected: 'Affected',
  alleged_instigator: 'Alleged instigator',
  witness: 'Witness',
};

export const statusLabels: Record<ConcernStatus, string> = {
  new: 'Received, not yet acknowledged',
  open: 'Acknowledged: being dealt with',
  closed: 'Closed',
};

export const decisionLabels: Record<ConcernDecision, string> = {
  refer: 'Refer to an agency',
  no_referral: 'No referral',
  early_help: 'Early help',
  monitor: 'Monitor',
};

export const agencyLabels: Record<ReferralAgency, string> = {
  childrens_social_care: "Children's social care",
  police: 'Police',
  lado: 'LADO',
};

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
  reopened: 'Reopened',
  legal_hold: 'Legal hold',
  escalated: 'Escalated',
};

/** "3 h 12 min", "2 days 4 h": how long something has waited, to the minute. */
export function formatWait(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** Today in school time (UK) as an ISO date, for date fields' defaults. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}
