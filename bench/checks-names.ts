import { checkText } from '../src/checks/engine/engine.js';
import { buildRosterIndex } from '../src/checks/engine/roster-index.js';
import { baseNicknameGroups, nicknameGroups } from '../src/checks/engine/text/nicknames.js';
import type { CheckContext } from '../src/checks/engine/types.js';
import { type GeneratedRoster, pick, rng } from './checks-corpus.js';
import { type BenchRow, row } from './harness.js';

/**
 * Pupils named by a variant of the roster name, anchored on the surname: the nickname table's forms, a
 * prefix (Jeff for Jeffrey) and rule-made respellings the table does not hold (Jefrey, Katharine, Stefen);
 * near-misses are other people: a different first name with a pupil's surname, and members of staff who
 * share a pupil's surname and go by a variant of the pupil's name. Generated names only.
 */
const suite = 'checks';
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const respellings: [RegExp, string][] = [
  [/ph/, 'f'],
  [/([bcdfglmnprst])\1/, '$1'],
  [/([aeiou])([lnrt])([aeiou])/, '$1$2$2$3'],
  [/y$/, 'ie'],
  [/ie$/, 'y'],
  [/c(?=[aou])/, 'k'],
  [/k/, 'c'],
  [/ey$/, 'y'],
  [/([a-z])i([a-z])/, '$1y$2'],
  [/ph/, 'v'],
];

function respell(name: string, r: () => number): string | undefined {
  const start = Math.floor(r() * respellings.length);
  for (let k = 0; k < respellings.length; k += 1) {
    const [pattern, to] = respellings[(start + k) % respellings.length] as [RegExp, string];
    const out = name.replace(pattern, to);
    if (out !== name && out.length >= 3) return out;
  }
  return undefined;
}

export function namesBench(generated: GeneratedRoster): BenchRow[] {
  const r = rng(1501);
  const given = new Map(generated.pupils.map((p) => [p.id, p.given.toLowerCase()]));
  const bySurname = new Map<string, string[]>();
  for (const p of generated.pupils)
    bySurname.set(p.family, [...(bySurname.get(p.family) ?? []), p.given.toLowerCase()]);
  // Staff sharing a surname with a pupil and going by a variant of the pupil's name.
  const staff: { givenName: string; familyName: string }[] = [];
  const staffTexts: string[] = [];
  for (const p of generated.pupils.slice(100, 400)) {
    const forms = (nicknameGroups.get(p.given.toLowerCase()) ?? []).filter((f) => f.length >= 3);
    if (forms.length === 0) continue;
    const name = cap(pick(r, forms));
    if (bySurname.get(p.family)?.includes(name.toLowerCase())) continue;
    staff.push({ givenName: name, familyName: p.family });
    staffTexts.push(`Thank you to ${name} ${p.family} for running the residential trip.`);
  }
  const staffNames = new Set(staff.map((m) => `${m.givenName.toLowerCase()} ${m.familyName}`));
  const context: CheckContext = {
    roster: buildRosterIndex({ ...generated.roster, staff }, '2026-01-15'),
    consents: new Map(),
    settings: {},
    today: '2026-01-15',
  };
  const fullNameAt = (text: string, from: number) =>
    checkText(text, context).findings.some(
      (f) =>
        f.rule === 'pupil.name' &&
        f.message === 'A pupil’s full name.' &&
        (f.start ?? -1) <= from &&
        (f.end ?? -1) > from,
    );
  const counts = { table: [0, 0], prefix: [0, 0], respelt: [0, 0] } as Record<string, [number, number]>;
  let tp = 0;
  let positives = 0;
  const heads = [...baseNicknameGroups.keys()].filter((n) => n.length >= 3);
  let fp = 0;
  let negatives = 0;
  for (const p of generated.pupils) {
    const name = given.get(p.id) as string;
    const forms = (nicknameGroups.get(name) ?? []).filter((f) => f.length >= 3);
    const variants: [string, string][] = forms.slice(0, 3).map((f) => ['table', f]);
    if (name.length >= 6) variants.push(['prefix', name.slice(0, 3 + Math.floor(r() * 2))]);
    const respelt = respell(name, r);
    if (respelt && !forms.includes(respelt)) variants.push(['respelt', respelt]);
    for (const [kind, v] of variants) {
      // A member of staff is called exactly this: the mention is theirs (measured with the near-misses).
      if (staffNames.has(`${v} ${p.family}`)) continue;
      const text = `Congratulations to ${cap(v)} ${p.family} on the county trials.`;
      const hit = fullNameAt(text, 'Congratulations to '.length);
      const c = counts[kind] as [number, number];
      c[1] += 1;
      positives += 1;
      if (hit) {
        c[0] += 1;
        tp += 1;
      }
    }
    // Someone else with the same surname: a first name no pupil of that surname goes by.
    const sharing = bySurname.get(p.family) ?? [];
    const other = pick(r, heads);
    const related = sharing.some(
      (g) =>
        g === other ||
        (nicknameGroups.get(g) ?? []).includes(other) ||
        g.startsWith(other) ||
        other.startsWith(g),
    );
    if (!related) {
      negatives += 1;
      if (
        fullNameAt(
          `Congratulations to ${cap(other)} ${p.family} on the county trials.`,
          'Congratulations to '.length,
        )
      )
        fp += 1;
    }
  }
  let staffFlagged = 0;
  for (const text of staffTexts) if (fullNameAt(text, 'Thank you to '.length)) staffFlagged += 1;
  fp += staffFlagged;
  negatives += staffTexts.length;
  const recall = tp / positives;
  const precision = tp / Math.max(1, tp + fp);
  const by = Object.entries(counts)
    .map(([k, [hit, all]]) => `${k} ${(hit / Math.max(1, all)).toFixed(3)} of ${all}`)
    .join(', ');
  return [
    row(
      suite,
      'name variants: recall (surname-anchored)',
      recall,
      'ratio',
      '>= 0.90',
      `${positives} generated variant mentions; ${by}`,
    ),
    row(
      suite,
      'name variants: precision',
      precision,
      'ratio',
      '>= 0.95',
      `${negatives} near-misses (other first names with a pupil surname; ${staffTexts.length} staff names): ${fp} flagged, ${staffFlagged} of them staff`,
    ),
  ];
}
