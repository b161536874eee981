import { disclosureKindLabels, findDisclosures } from '../text/disclosure.js';
import type { TextScan } from '../text-scan.js';
import type { RawFinding } from '../types.js';
import { defineRule } from './rule.js';

export const safeguardingDisclosure = defineRule({
  id: 'safeguarding.disclosure',
  clause: '1.3',
  defaultSeverity: 'review',
  title: 'A child may be disclosing harm or risk',
  fix: 'Never hide it by itself: the DSL reads it as a draft concern and decides what happens next.',
  messages: {
    disclosing: (kind: string) => `A child may be disclosing ${kind}: the DSL must read it.`,
  },
});

export const rules = [safeguardingDisclosure] as const;

/**
 * A child disclosing harm, self-harm, bullying, fear of home or a grooming approach: looked for in what
 * arrives from outside (comments), where a child may write it, not in what staff write.
 */
export function detectText(scan: TextScan): RawFinding[] {
  if (scan.options.disclosure !== true && scan.options.kind !== 'comment') return [];
  return findDisclosures(scan.text).map((hit) => ({
    rule: safeguardingDisclosure.id,
    message: safeguardingDisclosure.messages.disclosing(disclosureKindLabels[hit.kind]),
    start: hit.start,
    end: hit.end,
    part: 'text' as const,
  }));
}
