import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzTexts } from '../testing/fuzz-texts.js';
import { classInsults } from './group-hate.js';
import { findGroupHate } from './group-hate-find.js';
import { Softening } from './innocent-use.js';
import { isGroupCue, languageTokens } from './language.js';
import { compileLanguageLists, type LanguageHit } from './language-classify.js';
import { groupAdjectives, groupNouns, slurs } from './lexicon.js';

// findLanguage runs the group-hate matcher only on texts holding a group cue: these tests hold it to that.
const hatecheck = path.resolve(import.meta.dirname, '../../../../../shared/eval/hatecheck.jsonl');

function corpus(): string[] {
  const texts = fuzzTexts(2000, 21);
  if (existsSync(hatecheck))
    for (const line of readFileSync(hatecheck, 'utf8').split('\n'))
      if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text);
  return texts;
}

describe('language fast paths', () => {
  it('counts every group adjective, group noun, slur and class insult as a group cue', () => {
    for (const set of [groupAdjectives, groupNouns, slurs, classInsults])
      for (const w of set) expect(isGroupCue(w), w).toBe(true);
    expect(isGroupCue('school')).toBe(false);
  });

  it('finds group hate only in texts holding a group cue (so skipping the others changes nothing)', () => {
    const lists = compileLanguageLists({});
    let withHate = 0;
    for (const text of corpus()) {
      const tokens = languageTokens(text, lists);
      const hits: LanguageHit[] = [];
      findGroupHate(text, tokens, hits, new Softening(tokens, new Map(), false));
      if (hits.length > 0) withHate += 1;
      if (!tokens.some((t) => isGroupCue(t.norm))) expect(hits, text).toEqual([]);
    }
    expect(withHate).toBeGreaterThan(0);
  });
});
