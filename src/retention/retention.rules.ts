/**
 * What Guardpost keeps, for how long and why: one rule per kind of record, written as data so the page
 * for the DSL and SMT, the README and the daily job all read the same table. Periods follow the IRMS
 * Information Management Toolkit for Schools and Keeping Children Safe in Education; a school with its own
 * retention schedule changes a period here (or asks its data protection officer first).
 *
 * The audit log is the one kind kept whole: its rows are hash-chained and append-only, and signed
 * checkpoints outside the database vouch for the chain from its first row. Cutting old rows would break
 * every checkpoint and the chain's proof that nothing was removed, so audit rows are kept for the longest
 * period of any record they describe (a safeguarding record: the youngest pupil's 25th birthday), and they
 * hold ids and facts, never content: once a record is destroyed its audit rows name something that no
 * longer exists, and the tombstone row says when and under which rule it went.
 */

export const recordKinds = [
  'concern',
  'consent',
  'post_archive',
  'notification',
  'session',
  'email',
  'password_reset',
  'audit_event',
] as const;

export type RecordKind = (typeof recordKinds)[number];

/** The kinds a legal hold can name one record of (a hold on a pupil covers all three for that pupil). */
export const holdableKinds = ['concern', 'consent', 'post_archive'] as const;
export type HoldableKind = (typeof holdableKinds)[number];

export interface RetentionRule {
  id: string;
  kind: RecordKind;
  /** What the record is, in the school's words. */
  label: string;
  /** How long it is kept, in words. */
  keptFor: string;
  /** Why: the legal basis and the guidance, in plain words. */
  legalBasis: string;
  action: 'destroy' | 'keep';
  /** Whether the record can be put under a legal hold one by one (others go as a class). */
  holdable: boolean;
}

export const retentionRules: readonly RetentionRule[] = [
  {
    id: 'concern.dob_plus_25',
    kind: 'concern',
    label: 'Safeguarding concerns (with their chronology, actions, referrals and evidence)',
    keptFor:
      'until the 25th birthday of the youngest pupil named (25 years after it was recorded when no date of birth is known); an open concern is never destroyed',
    legalBasis:
      'Legal obligation and public task: Keeping Children Safe in Education and the IRMS toolkit keep child protection files until the child is 25, so they are there if the child, a court or an inquiry needs them.',
    action: 'destroy',
    holdable: true,
  },
  {
    id: 'consent.left_plus_6',
    kind: 'consent',
    label: "Photo consents and their evidence (a pupil's whole consent history)",
    keptFor: '6 years after the pupil left the school',
    legalBasis:
      'Consent (UK GDPR article 7 asks us to be able to show it was given) for as long as a claim about a published photo could be brought: 6 years under the Limitation Act 1980.',
    action: 'destroy',
    holdable: true,
  },
  {
    id: 'post_archive.published_plus_6',
    kind: 'post_archive',
    label: 'Archive of published posts (text, checks, approvals, the pupils tagged) and their takedown tasks',
    keptFor: '6 years after publication',
    legalBasis:
      "Public task: the school's record of what it published in its name and why it was allowed, kept for the 6-year limitation period.",
    action: 'destroy',
    holdable: true,
  },
  {
    id: 'notification.created_plus_1',
    kind: 'notification',
    label: 'Notifications shown to staff in the app',
    keptFor: '1 year after they were sent',
    legalBasis: 'Legitimate interest in running the service; after a year a notification serves no purpose.',
    action: 'destroy',
    holdable: false,
  },
  {
    id: 'session.ended_plus_90d',
    kind: 'session',
    label: 'Sign-in sessions (device and network address)',
    keptFor: '90 days after the session ended or expired',
    legalBasis:
      'Legitimate interest in the security of the service: long enough to look into a suspicious sign-in.',
    action: 'destroy',
    holdable: false,
  },
  {
    id: 'email.sent_plus_90d',
    kind: 'email',
    label: 'Copies of emails sent (outbox)',
    keptFor: '90 days after sending; mail never sent is kept until it is',
    legalBasis:
      'Legitimate interest: to answer "was it sent?"; the record of what happened is in the audit log.',
    action: 'destroy',
    holdable: false,
  },
  {
    id: 'password_reset.expired_plus_30d',
    kind: 'password_reset',
    label: 'Password reset links',
    keptFor: '30 days after they expired',
    legalBasis: 'Legitimate interest in the security of the service.',
    action: 'destroy',
    holdable: false,
  },
  {
    id: 'audit_event.keep_whole',
    kind: 'audit_event',
    label: 'Audit log (who did what, when; ids and facts, never content)',
    keptFor:
      'whole, for as long as the longest record it describes (a safeguarding record: to the 25th birthday of the youngest pupil); never cut by the daily job',
    legalBasis:
      'Accountability (UK GDPR article 5(2)) and evidence for inspections and inquiries. The log is hash-chained and signed from its first row: removing old rows would destroy the proof that nothing else was removed.',
    action: 'keep',
    holdable: false,
  },
];

export function ruleFor(kind: RecordKind): RetentionRule {
  const rule = retentionRules.find((r) => r.kind === kind);
  if (!rule) throw new Error(`no retention rule for ${kind}`);
  return rule;
}

/** ISO date plus whole years; 29 February becomes 28 February in a year without it. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a record goes today: its date has passed, no hold covers it, and (for a concern) it is closed.
 * Pure: the job and the due list both ask it.
 */
export function isDestroyable(
  record: { dueOn: string; held: boolean; open?: boolean },
  today: string,
): boolean {
  return record.dueOn <= today && !record.held && record.open !== true;
}
