/**
 * Third parties' names out of free text, for a subject access export: UK GDPR article 15(4) and the Data
 * Protection Act 2018 schedule 2 part 3 protect other people's data in what a subject receives, so other
 * pupils named in a concern and the member of staff who reported it are replaced by a role. Pure.
 */
export interface ThirdParty {
  /** Every way the text may name them: full name, given name, family name. */
  names: string[];
  /** What replaces them: "another pupil", "a member of staff". */
  as: string;
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function redactThirdParties(text: string, parties: readonly ThirdParty[]): string {
  // Longest names first, so "Wren Castellow" goes whole before "Wren" is looked for.
  const pairs = parties
    .flatMap((p) => p.names.filter((n) => n.trim().length >= 2).map((n) => ({ name: n.trim(), as: p.as })))
    .sort((a, b) => b.name.length - a.name.length);
  let result = text;
  for (const { name, as } of pairs) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeForPattern(name)}(?![\\p{L}\\p{N}])`, 'giu');
    result = result.replace(pattern, `[${as}]`);
  }
  return result;
}

/** The ways a person's name may appear: "Given Family", "Given", "Family", and a preferred name. */
export function namesOf(person: {
  given_name: string;
  family_name: string;
  preferred_name?: string | null;
}): string[] {
  const names = [`${person.given_name} ${person.family_name}`, person.given_name, person.family_name];
  if (person.preferred_name)
    names.push(person.preferred_name, `${person.preferred_name} ${person.family_name}`);
  return names;
}
