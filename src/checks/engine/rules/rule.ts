import type { ClauseId } from '../../../policy/clauses.js';
import type { TextScan } from '../text-scan.js';
import type { RawFinding, Severity } from '../types.js';

/**
 * One rule: its id, the policy clause it enforces, how severe its findings are unless a school says
 * otherwise, how it is described, and the messages its findings carry. Its detector lives in the same
 * file (a rule family: rules found in one pass, such as the eight kinds of personal data).
 */
export interface RuleDefinition<Id extends string = string> {
  id: Id;
  clause: ClauseId;
  defaultSeverity: Severity;
  /**
   * The severity of a hit its detector marks `weaker` (a quoted slur, a pupil's given name alone): a school
   * raising the rule does not raise these above it. Absent when the rule has no weaker hits.
   */
  weakerSeverity?: Severity;
  /** One line naming what the rule finds, as the policy page, the CLI and the API show it. */
  title: string;
  /** How to put it right, shown with each finding that brings no suggestion of its own. */
  fix: string;
  /** What its findings say. Functions take the detail (a domain, a reason) the finding names. */
  messages: Readonly<Record<string, string | ((...details: never[]) => string)>>;
}

/** Keeps a rule's literal id and message keys in its type, so a detector can only use its own. */
export function defineRule<const Id extends string, const M extends RuleDefinition['messages']>(
  rule: RuleDefinition<Id> & { messages: M },
): RuleDefinition<Id> & { messages: M } {
  return rule;
}

/**
 * What every rule family file exports: its rules, and the detector that finds their hits in a text. The
 * detector reads the shared scan (tokens, links, personal data and names worked out once per text).
 */
export interface RuleFamily {
  readonly rules: readonly RuleDefinition[];
  /** Absent for rules found elsewhere than in text (the photo rules). */
  readonly detectText?: (scan: TextScan) => RawFinding[];
}
