import { describe, expect, it } from 'vitest';
import { clauseById } from '../../../policy/clauses.js';
import type { Severity } from '../types.js';
import {
  allRuleIds,
  type RuleId,
  ruleById,
  ruleDefinitions,
  ruleFamilies,
  ruleSummaries,
} from './registry.js';

const rank: Record<Severity, number> = { advice: 0, review: 1, block: 2 };

describe('the rule registry', () => {
  it('lists every rule once, each citing a clause of the policy', () => {
    expect(new Set(allRuleIds).size).toBe(allRuleIds.length);
    expect(allRuleIds.length).toBeGreaterThanOrEqual(25);
    for (const rule of ruleDefinitions) {
      expect(clauseById(rule.clause).id).toBe(rule.clause);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.fix.length).toBeGreaterThan(0);
      expect(ruleById(rule.id)).toBe(rule);
    }
  });

  it('gives a weaker severity only below the default', () => {
    const weaker = ruleDefinitions.filter((r) => r.weakerSeverity !== undefined);
    expect(weaker.map((r) => r.id).sort()).toEqual(['language.abuse', 'pupil.name']);
    for (const rule of weaker)
      expect(rank[rule.weakerSeverity as Severity]).toBeLessThan(rank[rule.defaultSeverity]);
  });

  it('describes each rule for the API without its detector or messages', () => {
    expect(ruleSummaries.map((r) => r.id)).toEqual(allRuleIds);
    expect(ruleSummaries.find((r) => r.id === 'pupil.name')).toEqual({
      id: 'pupil.name',
      clause: '2.4',
      defaultSeverity: 'block',
      title: 'Pupil named',
      fix: 'Remove the name or use initials; never name a child shown in a photo.',
    });
  });

  it('has a text detector for every family but the photo rules', () => {
    const withoutText = ruleFamilies.filter((f) => f.detectText === undefined).flatMap((f) => f.rules);
    expect(withoutText.map((r) => r.id)).toEqual([
      'image.location',
      'image.faces',
      'image.consent',
      'image.named',
    ]);
  });

  it('knows rule ids as a closed set of names', () => {
    // @ts-expect-error an id no family defines is no RuleId (tsc fails here if RuleId widens to string)
    const unknown: RuleId = 'pii.shoe_size';
    expect(() => ruleById(unknown)).toThrow(expect.objectContaining({ code: 'RuleUnknown' }));
  });
});
