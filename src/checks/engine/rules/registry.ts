import type { ClauseId } from '../../../policy/clauses.js';
import { EngineError } from '../errors.js';
import type { Severity } from '../types.js';
import * as contact from './contact.js';
import * as images from './images.js';
import * as language from './language.js';
import * as links from './links.js';
import * as names from './names.js';
import * as personalData from './personal-data.js';
import type { RuleDefinition, RuleFamily } from './rule.js';
import * as safeguarding from './safeguarding.js';

/**
 * Every rule family, in the order their findings are listed. A new rule is a family file in this folder
 * (its definitions as `rules`, its detector as `detectText`; see names.ts) and one entry here.
 */
const families = [names, personalData, contact, language, links, images, safeguarding] as const;

/** Every rule's id, read from the families: a new family's ids join the union by being listed above. */
export type RuleId = (typeof families)[number]['rules'][number]['id'];

export const ruleFamilies: readonly RuleFamily[] = families;

/** Every rule, in listing order. */
export const ruleDefinitions: readonly RuleDefinition<RuleId>[] = families.flatMap(
  (family): readonly RuleDefinition<RuleId>[] => family.rules,
);

export const rules: ReadonlyMap<RuleId, RuleDefinition<RuleId>> = new Map(
  ruleDefinitions.map((d) => [d.id, d]),
);

export function ruleById(id: RuleId): RuleDefinition<RuleId> {
  const rule = rules.get(id);
  if (!rule) throw new EngineError('RuleUnknown', `unknown rule ${id}`);
  return rule;
}

export const allRuleIds: readonly RuleId[] = ruleDefinitions.map((d) => d.id);

/** A rule as the policy page, the CLI and the API describe it. */
export interface RuleSummary {
  id: RuleId;
  clause: ClauseId;
  defaultSeverity: Severity;
  /** One line naming what the rule finds. */
  title: string;
  fix: string;
}

/** Every rule described (no detector, no messages): what an API serving the rule table returns. */
export const ruleSummaries: readonly RuleSummary[] = ruleDefinitions.map(
  ({ id, clause, defaultSeverity, title, fix }) => ({ id, clause, defaultSeverity, title, fix }),
);
