import { countLateAcknowledgementsBySchool } from '../concerns/concerns.queries.js';
import { minutesToActionBySchool } from '../moderation/moderation-figures.js';
import { recordAudit } from '../platform/audit/audit.js';
import { listActiveMemberships } from '../platform/auth/auth.repository.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import { addMonths, daysBetween, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { reportWindow } from '../reports/governors-report.js';
import { computeSchoolsHeadlineFigures } from '../reports/schools-figures.js';
import { getSchools } from '../schools/schools.queries.js';
import { trustRolesOf } from './trust-access.js';
import {
  linkFor,
  schoolCells,
  type TrustCell,
  type TrustFigureDefinition,
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

/**
 * The trust's schools side by side, counts only, for a range (by default the last three months). The
 * figures come from the governors' report's rules, the moderation figures and the concerns' count of late
 * acknowledgements, the same numbers each school sees, read for all the schools at once. No child, carer or member of staff is named;
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
    const schoolIds = await listTrustSchoolIds(tx, trust.id);
    const rows = await schoolsFigures(tx, { schoolIds, from, to, now });
    const schools: TrustDashboard['schools'] = [];
    for (const school of await getSchools(tx, schoolIds)) {
      const values = rows.get(school.id);
      if (!values) throw new Error(`no figures for school ${school.id}`);
      const held = viewerRoles.get(school.id) ?? [];
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

/**
 * Every school's row at once: one query per figure across the trust's schools (not a report per school),
 * each figure worked out by its own domain's rules, so a school's row is what its own pages give.
 */
async function schoolsFigures(
  tx: Db,
  input: { schoolIds: string[]; from: IsoDate; to: IsoDate; now: Date },
): Promise<Map<string, ReturnType<typeof schoolCells>>> {
  const report = await computeSchoolsHeadlineFigures(tx, input);
  const moderation = await minutesToActionBySchool(tx, input.schoolIds, { from: input.from, to: input.to });
  const window = reportWindow('', input.from, input.to);
  const late = await countLateAcknowledgementsBySchool(tx, {
    schoolIds: input.schoolIds,
    start: window.start,
    end: window.end,
    asOf: input.now,
  });
  return new Map(
    input.schoolIds.map((id) => {
      const figures = report.get(id);
      if (!figures) throw new Error(`no report figures for school ${id}`);
      return [
        id,
        schoolCells({
          report: figures,
          moderationMedianMinutes: moderation.get(id)?.median ?? null,
          lateAcknowledgements: late.get(id)?.late ?? 0,
        }),
      ];
    }),
  );
}
