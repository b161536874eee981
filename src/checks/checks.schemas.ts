import { z } from 'zod';
import type { RuleId } from './engine/rules/registry.js';
import { allRuleIds } from './engine/rules/registry.js';

/** What crosses the wire from the checks routes (the OpenAPI document and the web client are built from these). */

const severity = z.enum(['block', 'review', 'advice']);
const ruleId = z.enum(allRuleIds as [RuleId, ...RuleId[]]);

const blockListStateSchema = z.object({
  category: z.string(),
  enabled: z.boolean(),
  loaded: z.boolean(),
  entries: z.number().int(),
  importedAt: z.string().nullable(),
});

/** `GET /api/checks/settings` and the answer to `PUT`: the school's tuning and its block lists' state. */
export const checkSettingsViewSchema = z.object({
  severityOverrides: z.partialRecord(ruleId, z.enum(['block', 'review', 'advice', 'off'])).optional(),
  extraAbuseWords: z.array(z.string()).optional(),
  extraProfanityWords: z.array(z.string()).optional(),
  languageExceptions: z.array(z.string()).optional(),
  allowedDomains: z.array(z.string()).optional(),
  allowOnlyListed: z.boolean().optional(),
  schoolPhones: z.array(z.string()).optional(),
  schoolAddresses: z.array(z.string()).optional(),
  schoolPostcodes: z.array(z.string()).optional(),
  blockCategories: z.array(z.string()),
  blockLists: z.array(blockListStateSchema),
});

/** `GET /api/check-rules`: the engine's rule table, each rule with the policy clause it enforces. */
export const checkRulesSchema = z.object({
  rules: z.array(
    z.object({
      id: ruleId,
      clause: z.string(),
      clauseTitle: z.string(),
      severity: severity.describe('The default severity, before a school tunes it'),
      title: z.string(),
      fix: z.string().describe('How to put it right, shown with each finding'),
    }),
  ),
});
