/**
 * What Guardpost keeps, for how long and why: one rule per kind of record, written as data so the page
 * for the DSL and SMT, the README and the daily job all read the same table. Periods follow the IRMS
 * Information Management Toolkit for Schools and Keeping Children Safe in Education. A school with its own
 * retention schedule sets its own period for a rule on the Retention page, within the rule's bounds (never
 * less than the law asks, never so long that keeping could not be justified); the job and the due list read
 * the school's period.
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

export type PeriodUnit = 'years' | 'months' | 'days';

/**
 * How long a rule keeps its records, and the bounds within which a school may set its own period. The
 * minimum is what the law or statutory guidance asks for (a school may never keep less); the maximum is
 * where keeping longer could no longer be justified under storage limitation (UK GDPR article 5(1)(e)).
 */
export interface RetentionPeriod {
  unit: PeriodUnit;
  /** Guardpost's period when the school has set none. */
  standard: number;
  minimum: number;
  maximum: number;
  /** Why the bounds are where they are, in plain words. */
  bounds: string;
}

export interface RetentionRule {
  id: string;
  kind: RecordKind;
  /** What the record is, in the school's words. */
  label: string;
  /** How long it is kept, in words, for a period of `amount` units (the standard one when fixed). */
  keptFor: (amount: number) => string;
  /** Why: the legal basis and the guidance, in plain words. */
  legalBasis: string;
  action: 'destroy' | 'keep';
  /** Whether the record can be put under a legal hold one by one (others go as a class). */
  holdable: boolean;
  /** The period a school may set, within its bounds; null when it is the same for every school. */
  period: RetentionPeriod | null;
}

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** "6 years", "1 month", "90 days". */
export function describeAmount(amount: number, unit: PeriodUnit): string {
  const word = unit.slice(0, -1);
  return `${amount} ${amount === 1 ? word : `${word}s`}`;
}

const storageLimitation =
  'keeping it longer could not be justified (storage limitation, UK GDPR article 5(1)(e))';

export const retentionRules: readonly RetentionRule[] = [
  {
    id: 'concern.dob_plus_25',
    kind: 'concern',
    label: 'Safeguarding concerns (with their chronology, actions, referrals and evidence)',
    keptFor: (n) =>
      `until the ${ordinal(n)} birthday of the youngest pupil named (${n} years after it was recorded when no date of birth is known); an open concern is never destroyed`,
    legalBasis:
      'Legal obligation and public task: Keeping Children Safe in Education and the IRMS toolkit keep child protection files until the child is 25, so they are there if the child, a court or an inquiry needs them.',
    action: 'destroy',
    holdable: true,
    period: {
      unit: 'years',
      standard: 25,
      minimum: 25,
      maximum: 75,
      bounds:
        "Never before the child's 25th birthday, the minimum Keeping Children Safe in Education and the IRMS toolkit set for child protection files; at most 75 years, the longest period the Independent Inquiry into Child Sexual Abuse asked institutions to keep records of abuse.",
    },
  },
  {
    id: 'consent.left_plus_6',
    kind: 'consent',
    label: "Photo consents and their evidence (a pupil's whole consent history)",
    keptFor: (n) => `${describeAmount(n, 'years')} after the pupil left the school`,
    legalBasis:
      'Consent (UK GDPR article 7 asks us to be able to show it was given) for as long as a claim about a published photo could be brought: 6 years under the Limitation Act 1980.',
    action: 'destroy',
    holdable: true,
    period: {
      unit: 'years',
      standard: 6,
      minimum: 6,
      maximum: 25,
      bounds: `Never less than 6 years, the Limitation Act 1980 period for a claim; at most 25 years, after which ${storageLimitation}.`,
    },
  },
  {
    id: 'post_archive.published_plus_6',
    kind: 'post_archive',
    label:
      'Archive of published posts (text, checks, approvals, the pupils tagged), their takedown tasks and the post drafts they were published from',
    keptFor: (n) => `${describeAmount(n, 'years')} after publication`,
    legalBasis:
      "Public task: the school's record of what it published in its name and why it was allowed, kept for the 6-year limitation period.",
    action: 'destroy',
    holdable: true,
    period: {
      unit: 'years',
      standard: 6,
      minimum: 6,
      maximum: 25,
      bounds: `Never less than 6 years, the Limitation Act 1980 period for a claim about what was published; at most 25 years, after which ${storageLimitation}.`,
    },
  },
  {
    id: 'notification.created_plus_1',
    kind: 'notification',
    label: 'Notifications shown to staff in the app',
    keptFor: (n) => `${describeAmount(n, 'months')} after they were sent`,
    legalBasis: 'Legitimate interest in running the service; after a year a notification serves no purpose.',
    action: 'destroy',
    holdable: false,
    period: {
      unit: 'months',
      standard: 12,
      minimum: 1,
      maximum: 24,
      bounds: `At least a month, so a notification is there to be read; at most 2 years, after which ${storageLimitation}.`,
    },
  },
  {
    id: 'session.ended_plus_90d',
    kind: 'session',
    label: 'Sign-in sessions (device and network address)',
    keptFor: (n) => `${describeAmount(n, 'days')} after the session ended or expired`,
    legalBasis:
      'Legitimate interest in the security of the service: long enough to look into a suspicious sign-in.',
    action: 'destroy',
    holdable: false,
    period: {
      unit: 'days',
      standard: 90,
      minimum: 30,
      maximum: 365,
      bounds: `At least 30 days, to look into a suspicious sign-in; at most a year, after which ${storageLimitation}.`,
    },
  },
  {
    id: 'email.sent_plus_90d',
    kind: 'email',
    label: 'Copies of emails sent (outbox)',
    keptFor: (n) => `${describeAmount(n, 'days')} after sending; mail never sent is kept until it is`,
    legalBasis:
      'Legitimate interest: to answer "was it sent?"; the record of what happened is in the audit log.',
    action: 'destroy',
    holdable: false,
    period: {
      unit: 'days',
      standard: 90,
      minimum: 30,
      maximum: 365,
      bounds: `At least 30 days, to answer "was it sent?"; at most a year, after which ${storageLimitation}.`,
    },
  },
  {
    id: 'password_reset.expired_plus_30d',
    kind: 'password_reset',
    label: 'Password reset links',
    keptFor: () => '30 days after they expired',
    legalBasis:
      'Legitimate interest in the security of the service. A reset link belongs to a person, not a school, so the period is the same everywhere.',
    action: 'destroy',
    holdable: false,
    period: null,
  },
  {
    id: 'audit_event.keep_whole',
    kind: 'audit_event',
    label: 'Audit log (who did what, when; ids and facts, never content)',
    keptFor: () =>
      'whole, for as long as the longest record it describes (a safeguarding record: to the 25th birthday of the youngest pupil); never cut by the daily job',
    legalBasis:
      'Accountability (UK GDPR article 5(2)) and evidence for inspections and inquiries. The log is hash-chained and signed from its first row: removing old rows would destroy the proof that nothing else was removed.',
    action: 'keep',
    holdable: false,
    period: null,
  },
];

/** Why an amount is refused for a rule, or null when the school may set it. Pure. */
export function periodProblem(rule: RetentionRule, amount: number): string | null {
  if (!rule.period) return 'this rule keeps the same period in every school';
  const { minimum, maximum, unit, bounds } = rule.period;
  if (!Number.isInteger(amount)) return `the period is a whole number of ${unit}`;
  if (amount < minimum || amount > maximum)
    return `the period must be between ${describeAmount(minimum, unit)} and ${describeAmount(maximum, unit)}: ${bounds}`;
  return null;
}

/** A rule as a school sees it: its period in words for the school's amount, and the bounds to set it in. */
export interface RuleView {
  id: string;
  kind: RecordKind;
  label: string;
  keptFor: string;
  legalBasis: string;
  action: 'destroy' | 'keep';
  holdable: boolean;
  period:
    | (Omit<RetentionPeriod, 'standard'> & { standard: number; amount: number; setBySchool: boolean })
    | null;
}

/** The rules with a school's own periods (rule id → amount) applied. Pure. */
export function rulesForSchool(amounts: ReadonlyMap<string, number>): RuleView[] {
  return retentionRules.map((rule) => {
    const own = rule.period ? amounts.get(rule.id) : undefined;
    const amount = own ?? rule.period?.standard ?? 0;
    return {
      id: rule.id,
      kind: rule.kind,
      label: rule.label,
      keptFor: rule.keptFor(amount),
      legalBasis: rule.legalBasis,
      action: rule.action,
      holdable: rule.holdable,
      period: rule.period ? { ...rule.period, amount, setBySchool: own !== undefined } : null,
    };
  });
}

export function ruleById(id: string): RetentionRule | undefined {
  return retentionRules.find((r) => r.id === id);
}

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
