import { type Role, readerOnlyRoles, roles } from '../platform/auth/roles.js';
import { formatUkDate, type IsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import {
  agencyLabels,
  concernTypeLabels,
  decisionLabels,
  staffRoleLabels,
  urgencyLabels,
} from '../shared/concern-words.js';
import { describePeriod, periodOf } from '../staff-use/periods.js';
import * as q from './report.repository.js';
import {
  byClause,
  HOUR_MS,
  measure,
  median,
  type ReportSection,
  suppressCount,
  tally,
} from './report-figures.js';
import {
  accountStatusesAtEnd,
  accountsDueReapproval,
  REAPPROVAL_AHEAD_DAYS,
  reviewStatusText,
  shareOfStaff,
  staffOnRollAt,
} from './report-rules.js';

const ACK_OVERDUE_DAYS = 14;

export async function policySection(db: Db, w: q.ReportWindow, to: IsoDate): Promise<ReportSection> {
  const versions = await q.readPolicyVersions(db, w);
  const reviews = await q.readPolicyReviews(db, w);
  const inRange = versions.filter((v) => v.created_at >= w.start);
  return {
    key: 'policy',
    title: 'Online safety policy',
    figures: [
      {
        key: 'policy.review_status',
        label: 'Review status at the end of the range',
        definition:
          'Whether the version in force on the last day of the range was past its next review date, due within 30 days, or in date.',
        value: reviewStatusText(versions.at(-1), to),
      },
      {
        key: 'policy.versions',
        label: 'Version history',
        definition:
          'Every version recorded by the end of the range, with the date it took effect and the reviews recorded against it.',
        value: { kind: 'count', value: versions.length, band: null },
        parts: versions.map((v) => {
          const done = reviews
            .filter((r) => r.policy_version_id === v.id)
            .map((r) => `${r.kind} ${formatUkDate(r.reviewed_on)}`);
          return {
            key: v.id,
            label: `Version ${v.label}, in effect from ${formatUkDate(v.effective_from)}${done.length ? `; ${done.join(', ')}` : ''}`,
            value: {
              kind: 'text',
              text: v.created_at >= w.start ? 'Published in the range' : 'Published before the range',
            },
          };
        }),
      },
      {
        key: 'policy.versions_in_range',
        label: 'New versions published in the range',
        definition:
          'Policy versions published (imported or seeded) between the first and last day of the range.',
        value: { kind: 'count', value: inRange.length, band: null },
      },
    ],
  };
}

/** Staff (not governors) on the roll at the end of the range: a leaver counts while their record was unchanged. */
async function staffOnRoll(db: Db, w: q.ReportWindow) {
  return staffOnRollAt(await q.readMemberships(db, w), w.end);
}

export async function acknowledgementSection(db: Db, w: q.ReportWindow): Promise<ReportSection> {
  const versions = await q.readPolicyVersions(db, w);
  const current = versions.at(-1);
  const members = await staffOnRoll(db, w);
  const acknowledged = current
    ? new Set((await q.readAcknowledgements(db, w, current.document_hash)).map((a) => a.staff_id))
    : new Set<string>();
  const overdue = current
    ? members.filter((m) => {
        if (acknowledged.has(m.staff_id)) return false;
        const since = Math.max(current.created_at.getTime(), m.created_at.getTime());
        return (w.end.getTime() - since) / (24 * HOUR_MS) > ACK_OVERDUE_DAYS;
      })
    : [];
  const staffRoleList = roles.filter((r) => !readerOnlyRoles.includes(r));
  return {
    key: 'acknowledgements',
    title: 'Acknowledgement of the current policy',
    figures: [
      {
        key: 'ack.staff',
        label: 'Staff expected to acknowledge',
        definition: 'Members of staff (not governors) on the school’s roll at the end of the range.',
        value: suppressCount(members.length),
      },
      {
        key: 'ack.rate',
        label: 'Acknowledgement rate of the current version',
        definition:
          'The share of those staff who had acknowledged the exact text of the version in force by the end of the range.',
        value: shareOfStaff(members, acknowledged),
      },
      {
        key: 'ack.overdue',
        label: 'Overdue acknowledgements, by role',
        definition: `Staff who had not acknowledged the version in force more than ${ACK_OVERDUE_DAYS} days after it took over or they joined, counted under each role they hold; no one is named.`,
        value: suppressCount(overdue.length),
        parts: tally(
          staffRoleList,
          overdue.flatMap((m) => [...new Set(m.roles)] as Role[]).filter((r) => staffRoleList.includes(r)),
          (r) => staffRoleLabels[r],
        ),
      },
    ],
  };
}

const accountStatusLabels: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Refused',
  suspended: 'Suspended',
  closed: 'Closed',
  expired: 'Approval expired',
};

export async function accountsSection(db: Db, w: q.ReportWindow, to: IsoDate): Promise<ReportSection> {
  const accounts = await q.readAccounts(db, w);
  const transitions = await q.readAccountTransitions(db, w);
  const statusAt = accountStatusesAtEnd(accounts, transitions);
  const statuses = [...new Set(['draft', 'submitted', 'approved', ...statusAt.values()])];
  const dueSoon = accountsDueReapproval(accounts, statusAt, to);
  const latestAup = new Map<string, string>();
  for (const c of await q.readAupChecks(db, w)) latestAup.set(c.account_id, c.result);
  const aupResults = ['found', 'not_found', 'could_not_check', 'attested'] as const;
  const aupLabels = {
    found: 'Link found',
    not_found: 'Link missing',
    could_not_check: 'Could not check',
    attested: 'Attested by the owner',
  };
  return {
    key: 'accounts',
    title: 'Sanctioned social media accounts',
    figures: [
      {
        key: 'accounts.by_status',
        label: 'Accounts by status at the end of the range',
        definition:
          'Every account registered by the end of the range, under the status its last recorded change gave it by then.',
        value: suppressCount(accounts.length),
        parts: tally(statuses, [...statusAt.values()], (s) => accountStatusLabels[s] ?? s),
      },
      {
        key: 'accounts.reapproval_due',
        label: 'Re-approvals due',
        definition: `Approved accounts whose approval runs out within ${REAPPROVAL_AHEAD_DAYS} days after the last day of the range, or already had.`,
        value: suppressCount(dueSoon.length),
      },
      {
        key: 'accounts.aup_link',
        label: 'Acceptable use link on the profile',
        definition:
          'The latest check by the end of the range of each account’s profile for a link to the school’s acceptable use policy.',
        value: suppressCount(latestAup.size),
        parts: tally(
          aupResults,
          [...latestAup.values()] as (typeof aupResults)[number][],
          (r) => aupLabels[r],
        ),
      },
    ],
  };
}

export async function postsSection(db: Db, w: q.ReportWindow): Promise<ReportSection> {
  const created = await q.readPostsCreated(db, w);
  const blocked = created.filter((p) => p.verdict === 'block');
  const returns = await q.readPostReturns(db, w);
  const published = await q.readPublished(db, w);
  return {
    key: 'posts',
    title: 'Posts on school accounts',
    figures: [
      {
        key: 'posts.checked',
        label: 'Posts checked',
        definition:
          'Posts drafted in the range; every draft is checked against the policy when written and on each change.',
        value: suppressCount(created.length),
      },
      {
        key: 'posts.blocked',
        label: 'Posts blocked, by clause',
        definition:
          'Posts drafted in the range whose check found something the policy does not allow, counted once under each clause broken.',
        value: suppressCount(blocked.length),
        parts: byClause(blocked, ['block']),
      },
      {
        key: 'posts.sent_back',
        label: 'Posts sent back',
        definition: 'Times an approver sent a post back to its author for changes in the range.',
        value: suppressCount(returns.length),
      },
      {
        key: 'posts.published',
        label: 'Posts published, by clause flagged for review',
        definition:
          'Posts recorded as published in the range, counted once under each clause a reviewer looked at before approving.',
        value: suppressCount(published.length),
        parts: byClause(published, ['review']),
      },
    ],
  };
}

export async function takedownsSection(db: Db, w: q.ReportWindow): Promise<ReportSection> {
  const tasks = await q.readTakedowns(db, w);
  const completed = tasks.filter((t) => t.removed_at !== null && t.removed_at < w.end);
  const hours = completed.map((t) => ((t.removed_at as Date).getTime() - t.created_at.getTime()) / HOUR_MS);
  return {
    key: 'takedowns',
    title: 'Takedowns after consent was withdrawn',
    figures: [
      {
        key: 'takedowns.opened',
        label: 'Takedowns needed',
        definition:
          'Published posts that had to come down in the range because a pupil’s consent was withdrawn.',
        value: suppressCount(tasks.length),
      },
      {
        key: 'takedowns.completed',
        label: 'Takedowns completed',
        definition: 'Of those, the ones recorded as removed by the end of the range.',
        value: suppressCount(completed.length),
      },
      {
        key: 'takedowns.median_hours',
        label: 'Median time to complete a takedown (hours)',
        definition:
          'The middle time from the takedown being needed to the post being recorded as removed, over the completed ones.',
        value: measure('hours', median(hours), completed.length),
      },
    ],
  };
}

export async function moderationSection(
  db: Db,
  w: q.ReportWindow,
  from: IsoDate,
  to: IsoDate,
): Promise<ReportSection> {
  const checked = await q.readModerationChecked(db, w, from, to);
  const items = await q.readModerationItems(db, w);
  const acted = items.filter((i) => i.actioned_at !== null && i.actioned_at < w.end);
  const hours = acted.map((i) => ((i.actioned_at as Date).getTime() - i.received_at.getTime()) / HOUR_MS);
  const verdictLabels = { block: 'Against the policy', review: 'For a person to look at', pass: 'Other' };
  return {
    key: 'moderation',
    title: 'Comments on school accounts',
    figures: [
      {
        key: 'moderation.checked',
        label: 'Comments checked',
        definition:
          'Comments Guardpost read from the school’s connected accounts on the days of the range and checked against the policy.',
        value: suppressCount(checked),
      },
      {
        key: 'moderation.queued',
        label: 'Comments queued for a person, by finding',
        definition:
          'Comments read in the range that the check put in the moderation queue, under what the check found.',
        value: suppressCount(items.length),
        parts: tally(
          ['block', 'review', 'pass'] as const,
          items.map((i) => i.verdict),
          (k) => verdictLabels[k],
        ),
      },
      {
        key: 'moderation.actioned',
        label: 'Comments moderated',
        definition:
          'Of the queued comments, those a person (or Guardpost out of hours) acted on or dismissed by the end of the range.',
        value: suppressCount(acted.length),
      },
      {
        key: 'moderation.median_action_hours',
        label: 'Median time to action (hours)',
        definition:
          'The middle time from Guardpost reading a queued comment to the first action on it, over those moderated by the end of the range.',
        value: measure('hours', median(hours), acted.length),
      },
    ],
  };
}

export async function staffUseSection(db: Db, w: q.ReportWindow, to: IsoDate): Promise<ReportSection> {
  const kind = await q.readAttestationPeriodKind(db, w);
  const period = periodOf(to, kind);
  const members = await staffOnRoll(db, w);
  const privacy = new Set((await q.readPrivacyAttesters(db, w, period)).map((r) => r.staff_id));
  const audited = new Set((await q.readSelfAuditors(db, w, period)).map((r) => r.staff_id));
  return {
    key: 'staff_use',
    title: 'Staff personal use of social media',
    figures: [
      {
        key: 'staff_use.period',
        label: 'Attestation period',
        definition:
          'The school asks staff to attest each term or each school year; the figures below are for the period the last day of the range falls in, as the school’s setting then had it (a later change of setting leaves this range alone).',
        value: { kind: 'text', text: describePeriod(period) },
      },
      {
        key: 'staff_use.privacy_rate',
        label: 'Privacy settings attested',
        definition:
          'The share of staff on the roll at the end of the range who had attested the privacy settings of at least one platform for the period by then; never which settings.',
        value: shareOfStaff(members, privacy),
      },
      {
        key: 'staff_use.self_audit_rate',
        label: 'Follower self-audit completed',
        definition:
          'The share of staff on the roll at the end of the range who had completed a follower self-audit for the period, every likely match resolved; never who or how many matched.',
        value: shareOfStaff(members, audited),
      },
    ],
  };
}

export async function concernsSection(
  db: Db,
  w: q.ReportWindow,
  from: IsoDate,
  to: IsoDate,
): Promise<ReportSection> {
  const concerns = await q.readConcerns(db, w);
  const ids = new Set(concerns.map((c) => c.id));
  const outcome = new Map<string, string>();
  const closed = new Map<string, boolean>();
  for (const e of await q.readConcernOutcomeEntries(db, w)) {
    if (!ids.has(e.concern_id)) continue;
    if (e.kind === 'decision' && typeof e.facts.decision === 'string')
      outcome.set(e.concern_id, e.facts.decision);
    if (e.kind === 'close') closed.set(e.concern_id, true);
    if (e.kind === 'reopen') closed.set(e.concern_id, false);
  }
  const acknowledged = concerns.filter((c) => c.acknowledged_at !== null && c.acknowledged_at < w.end);
  const ackHours = acknowledged.map(
    (c) => ((c.acknowledged_at as Date).getTime() - c.created_at.getTime()) / HOUR_MS,
  );
  const outcomes = ['refer', 'early_help', 'monitor', 'no_referral', 'none'] as const;
  const referrals = await q.readReferrals(db, w, from, to);
  return {
    key: 'concerns',
    title: 'Online safety and conduct concerns',
    figures: [
      {
        key: 'concerns.by_category',
        label: 'Concerns reported, by category',
        definition:
          'Concerns reported to the safeguarding lead in the range, under the category the reporter chose.',
        value: suppressCount(concerns.length),
        parts: tally(
          ['pupil_contact', 'inappropriate_communication', 'other_online_safety', 'staff_conduct'] as const,
          concerns.map((c) => c.type),
          (k) => concernTypeLabels[k],
        ),
      },
      {
        key: 'concerns.by_urgency',
        label: 'Concerns reported, by urgency',
        definition: 'The same concerns, under the urgency the reporter gave.',
        value: suppressCount(concerns.length),
        parts: tally(
          ['urgent', 'routine'] as const,
          concerns.map((c) => c.urgency),
          (k) => urgencyLabels[k],
        ),
      },
      {
        key: 'concerns.by_outcome',
        label: 'Concerns by outcome at the end of the range',
        definition:
          'The same concerns under the last decision recorded by the end of the range (none yet when no decision was recorded).',
        value: suppressCount(concerns.length),
        parts: tally(
          outcomes,
          concerns.map((c) => (outcome.get(c.id) ?? 'none') as (typeof outcomes)[number]),
          (k) => (k === 'none' ? 'No decision yet' : decisionLabels[k]),
        ),
      },
      {
        key: 'concerns.closed',
        label: 'Concerns closed',
        definition:
          'Of the concerns reported in the range, those closed (and not reopened) by the end of the range.',
        value: suppressCount([...closed.values()].filter(Boolean).length),
      },
      {
        key: 'concerns.median_ack_hours',
        label: 'Median time to acknowledge (hours)',
        definition:
          'The middle time from a concern being reported to a safeguarding lead acknowledging it, over those acknowledged by the end of the range.',
        value: measure('hours', median(ackHours), acknowledged.length),
      },
      {
        key: 'concerns.referrals',
        label: 'Referrals, by agency',
        definition:
          'Referrals to outside agencies with a referral date in the range, whatever concern they came from.',
        value: suppressCount(referrals.length),
        parts: tally(
          ['childrens_social_care', 'police', 'lado'] as const,
          referrals.map((r) => r.agency),
          (k) => agencyLabels[k],
        ),
      },
    ],
  };
}
