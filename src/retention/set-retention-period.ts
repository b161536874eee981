import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { canSetRetentionPeriods } from './retention.permissions.js';
import { saveSchoolPeriod, schoolPeriods } from './retention.repository.js';
import { periodProblem, type RuleView, ruleById, rulesForSchool } from './retention-rules.js';

/**
 * Sets the school's own period for one rule (in the rule's unit), or goes back to the standard period
 * (`amount: null`). The rule's bounds hold: never less than the law asks, never so long it cannot be
 * justified. The job and the due list use it from the next run. Audited with the old and new amounts.
 */
export async function setRetentionPeriod(
  db: Db,
  actor: Actor,
  input: { schoolId: string; ruleId: string; amount: number | null },
  clock: Clock,
): Promise<RuleView[]> {
  if (!canSetRetentionPeriods(actor, input.schoolId))
    throw forbidden(
      'RetentionPeriodForbidden',
      "only the headteacher or the DSL sets the school's retention periods",
    );
  const rule = ruleById(input.ruleId);
  if (!rule) throw notFound('RetentionRuleNotFound', 'there is no such retention rule');
  if (!rule.period) throw invalid('RetentionPeriodFixed', 'this rule keeps the same period in every school');
  const problem = input.amount === null ? null : periodProblem(rule, input.amount);
  if (problem) throw invalid('RetentionPeriodOutOfBounds', problem);
  const unit = rule.period.unit;
  const standard = rule.period.standard;
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const before = await schoolPeriods(tx, input.schoolId);
    await saveSchoolPeriod(tx, {
      schoolId: input.schoolId,
      ruleId: rule.id,
      amount: input.amount,
      by: actor.kind === 'staff' ? actor.staffId : null,
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'retention.period_set',
        subject: { type: 'retention_rule', id: rule.id },
        data: {
          unit,
          from: before.get(rule.id) ?? standard,
          to: input.amount ?? standard,
          standard: input.amount === null,
        },
      },
      at: now,
    });
    return rulesForSchool(await schoolPeriods(tx, input.schoolId));
  });
}
