import { countLateAcknowledgements } from '../concerns/concerns.queries.js';
import { moderationFigures } from '../moderation/moderation-figures.js';
import { recordAudit } from '../platform/audit/audit.js';
import { listActiveMemberships } from '../platform/auth/auth.repository.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import { addMonths, daysBetween, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { computeGovernorsReport, type Figure, reportWindow } from '../reports/governors-report.js';
import { getSchool } from '../schools/schools.queries.js';
import { trustRolesOf } from './trust-access.js';
import {
  bandedCount,
  linkFor,
  type TrustCell,
  type TrustFigureDefinition,
  type TrustFigureKey,
  trustFigures,
} from './trust-dashboard.js';
import { canReadTrustDashboard, canSeeTrustSafeguardingFigures } from './trusts.permissions.js';
import { listTrustSchoolIds } from './trusts.repository.js';

export interface TrustDashboard {
  trust: { id: string; name: string };
  from: IsoDate;
  to: IsoDate;
  figures: Pick<TrustFigureDefinition, 'key' | 'label' | 'definition' | 'safeguarding'>[];
  schools: { id: string; name: string; cells: TrustCell[] }[];
}

const MAX_DASHBOARD_DAYS = 400;
const systemReader: Actor = { kind: 'system', label: 'trust-dashboard' };

/**
 * The trust's schools side by side, counts only, for a range (by default the last three months). The
 * figures come from the governors' report's computation, the moderation figures and the concerns' count of
 * late acknowledgements, the same numbers each school sees. No child, carer or member of staff is named;
 * safeguarding counts of 1 to 4 are banded. One transaction, with its audit row (who, which range).
 */
export async function getTrustDashboard(
  db: Db,
  actor: Actor,
  input: { trustId: string; from?: IsoDate | undefined; to?: IsoDate | undefined },
  today: IsoDate,
  now: Date,
): Promise<TrustDashboard> {
  const to = input.to ?? today;
  const from = input.from ?? addMonths(to, -3);
  if (!isIsoDate(from) || !isIsoDate(to)) {
    throw invalid('DashboardRangeInvalid', 'give the range as two dates written like 2026-09-01');
  }
  const days = daysBetween(from, to);
  if (days < 0 || days >= MAX_DASHBOARD_DAYS) {
    throw invalid(
      'DashboardRangeInvalid',
      `the range must run forwards and cover at most ${MAX_DASHBOARD_DAYS} days`,
    );
  }
  return db.transaction().execute(async (tx) => {
    const { trust, roles } = await trustRolesOf(tx, actor, input.trustId);
    if (!canReadTrustDashboard(roles)) throw forbidden('TrustDashboardForbidden', 'this needs a trust role');
    const seesSafeguarding = canSeeTrustSafeguardingFigures(roles);
    const viewerRoles = new Map<string, readonly Role[]>(
      actor.kind === 'staff'
        ? (await listActiveMemberships(tx, actor.staffId)).map((m) => [m.schoolId, m.roles])
        : [],
    );
    const schools: TrustDashboard['schools'] = [];
    for (const schoolId of await listTrustSchoolIds(tx, trust.id)) {
      const school = await getSchool(tx, schoolId);
      const values = await schoolFigures(tx, { schoolId, schoolName: school.name, from, to, now });
      const held = viewerRoles.get(schoolId) ?? [];
      schools.push({
        id: school.id,
        name: school.name,
        cells: trustFigures.map((figure) => {
          if (figure.safeguarding && !seesSafeguarding) {
            return {
              key: figure.key,
              display: 'not shown to your role',
              value: null,
              band: null,
              withheld: true,
              link: null,
            };
          }
          return { key: figure.key, ...values[figure.key], withheld: false, link: linkFor(figure, held) };
        }),
      });
    }
    await recordAudit(tx, {
      actor,
      schoolId: null,
      at: now,
      event: { type: 'trust.dashboard_viewed', subject: { type: 'trust', id: trust.id }, data: { from, to } },
    });
    return {
      trust: { id: trust.id, name: trust.name },
      from,
      to,
      figures: trustFigures.map(({ key, label, definition, safeguarding }) => ({
        key,
        label,
        definition,
        safeguarding,
      })),
      schools,
    };
  });
}

type CellValue = Pick<TrustCell, 'display' | 'value' | 'band'>;

function figureOf(figures: Figure[], key: string): Figure | undefined {
  return figures.find((f) => f.key === key);
}

/** A report figure as a cell: its number, or its band, or its text. */
function cellOf(figure: Figure | undefined, unit: '' | '%'): CellValue {
  const value = figure?.value;
  if (!value) return { display: 'not recorded', value: null, band: null };
  if (value.kind === 'text') return { display: value.text, value: null, band: null };
  if (value.band === 'fewer_than_5') return { display: 'fewer than 5', value: null, band: 'fewer_than_5' };
  if (value.value === null) return { display: 'none yet', value: null, band: null };
  return { display: `${value.value}${unit}`, value: value.value, band: null };
}

async function schoolFigures(
  tx: Db,
  input: { schoolId: string; schoolName: string; from: IsoDate; to: IsoDate; now: Date },
): Promise<Record<TrustFigureKey, CellValue>> {
  const report = await computeGovernorsReport(tx, {
    schoolId: input.schoolId,
    schoolName: input.schoolName,
    from: input.from,
    to: input.to,
    producedBy: { name: 'trust dashboard', role: 'System' },
    producedAt: input.now,
  });
  const figures = report.sections.flatMap((s) => s.figures);
  const review = cellOf(figureOf(figures, 'policy.review_status'), '');
  const checked = figureOf(figures, 'posts.checked')?.value;
  const blocked = figureOf(figures, 'posts.blocked')?.value;
  let blockedPer100: CellValue = { display: 'no posts', value: null, band: null };
  if (checked?.kind === 'count' && blocked?.kind === 'count') {
    if (checked.band || blocked.band) {
      blockedPer100 = { display: 'fewer than 5 posts', value: null, band: 'fewer_than_5' };
    } else if (checked.value) {
      const rate = Math.round((1000 * (blocked.value ?? 0)) / checked.value) / 10;
      blockedPer100 = { display: String(rate), value: rate, band: null };
    }
  }
  const moderation = await moderationFigures(tx, systemReader, input.schoolId, {
    from: input.from,
    to: input.to,
  });
  const minutes = moderation.minutesToAction.median;
  const window = reportWindow(input.schoolId, input.from, input.to);
  const late = await countLateAcknowledgements(tx, {
    schoolId: input.schoolId,
    start: window.start,
    end: window.end,
    asOf: input.now,
  });
  return {
    // "In date (version 2026-09-01, next review due …)": the table shows the status, the detail is on its page.
    policy_review: { ...review, display: review.display.replace(/ \(.*\)$/, '') },
    acknowledgement_rate: cellOf(figureOf(figures, 'ack.rate'), '%'),
    reapprovals_due: cellOf(figureOf(figures, 'accounts.reapproval_due'), ''),
    blocked_per_100: blockedPer100,
    moderation_minutes:
      minutes === null
        ? { display: 'no comments actioned', value: null, band: null }
        : { display: String(minutes), value: minutes, band: null },
    concerns_acknowledged_late: bandedCount(late.late),
  };
}
