import type { RosterIndex } from '../roster-index.js';
import { findLanguage } from '../text/language.js';
import type { LanguageHit } from '../text/language-classify.js';
import type { TextScan } from '../text-scan.js';
import type { RawFinding } from '../types.js';
import { defineRule } from './rule.js';

export const profanity = defineRule({
  id: 'language.profanity',
  clause: '2.3',
  defaultSeverity: 'review',
  title: 'Swearing',
  fix: 'Rephrase: school accounts publish professional content only.',
  messages: { found: 'Swearing.' },
});

export const abuse = defineRule({
  id: 'language.abuse',
  clause: '2.3',
  defaultSeverity: 'block',
  // Quoted, reported or self-referring abuse is for a person to judge.
  weakerSeverity: 'review',
  title: 'Abuse, threat, slur or harmful content',
  fix: 'Do not publish; remove abusive comments and report them to SMT (clause 2.6).',
  messages: {
    found: (why: string) => `Abusive language (${why}).`,
    softened: (why: string) => `Quoted, reported or self-referring ${why}: a person should judge it.`,
  },
});

export const mild = defineRule({
  id: 'language.mild',
  clause: '2.3',
  defaultSeverity: 'advice',
  title: 'Mild swearing',
  fix: 'Consider rephrasing: words like “bloody” or “damn” read as unprofessional on a school account.',
  messages: { found: 'Mild swearing.' },
});

export const unprofessional = defineRule({
  id: 'language.unprofessional',
  clause: '2.3',
  defaultSeverity: 'review',
  title: 'Unprofessional: offensive word or pupils run down',
  fix: 'Rephrase: content should reflect well on the school, and pupils are never criticised in public.',
  messages: {
    pupilsRunDown: 'Pupils run down in public: content should reflect well on the school.',
    insultOnReader: 'An insult turned on the reader (“… like you”): a person should judge it.',
    offensiveWord: 'An offensive word, even if aimed at nobody.',
  },
});

export const rules = [profanity, abuse, mild, unprofessional] as const;

const nameTests = new WeakMap<RosterIndex, (word: string) => boolean>();

/** Whether a word is a name on the roster (never respelled into an abuse word); one test per roster. */
function rosterNameTest(roster: RosterIndex): (word: string) => boolean {
  let test = nameTests.get(roster);
  if (!test) {
    test = (word) =>
      roster.pupilsByGiven.has(word) || roster.pupilsByFamily.has(word) || roster.carersByGiven.has(word);
    nameTests.set(roster, test);
  }
  return test;
}

function messageOf(hit: LanguageHit): string {
  switch (hit.rule) {
    case 'language.profanity':
      return profanity.messages.found;
    case 'language.mild':
      return mild.messages.found;
    case 'language.unprofessional':
      return hit.why === 'pupils run down'
        ? unprofessional.messages.pupilsRunDown
        : hit.why === 'insult turned on the reader'
          ? unprofessional.messages.insultOnReader
          : unprofessional.messages.offensiveWord;
    case 'language.abuse':
      return hit.softened ? abuse.messages.softened(hit.why) : abuse.messages.found(hit.why);
  }
}

/** Clause 2.3's language rules (text/language.ts reads the words); roster names are never respelled. */
export function detectText(scan: TextScan): RawFinding[] {
  const raw: RawFinding[] = [];
  for (const hit of findLanguage(scan.text, scan.settings.language, rosterNameTest(scan.context.roster))) {
    raw.push({
      rule: hit.rule,
      ...(hit.rule === 'language.abuse' && hit.softened ? { weaker: true } : {}),
      message: messageOf(hit),
      start: hit.start,
      end: hit.end,
      part: 'text',
    });
  }
  return raw;
}
