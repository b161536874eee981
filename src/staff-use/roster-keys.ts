import { createHash, createHmac } from 'node:crypto';
import { isUnder18 } from '../checks/engine/roster-index.js';
import { foldNameWords } from '../checks/engine/text/fold.js';
import { nicknameGroups } from '../checks/engine/text/nicknames.js';
import { encodeHash, HASH_BYTES, type HashMatch, soundCodes } from './follower-keys.js';

/**
 * The roster's side of the self-audit: each pupil on roll (any age), each former pupil under 18 today and each
 * carer of a current pupil becomes a set of name keys (follower-keys.ts), each key pointing at the kind of
 * person and what staff may see of them (a year group, never a name). The server hashes these keys with the
 * session's key and answers the browser's hashes from that map; neither the keys nor the names leave it.
 */
export interface RosterPersonForAudit {
  kind: 'pupil' | 'carer';
  givenName: string;
  familyName: string;
  preferredName?: string | null;
  dateOfBirth?: string | null;
  status?: 'current' | 'left';
  leftOn?: string | null;
  yearGroup?: number | null;
  /** Year groups of the carer's current pupils. */
  childYearGroups?: readonly (number | null)[];
}

function yearWords(yearGroup: number | null | undefined): string {
  if (yearGroup === null || yearGroup === undefined) return 'year group not recorded';
  return yearGroup === 0 ? 'Reception' : `Year ${yearGroup}`;
}

/** What the member of staff may see of a match: the kind and a year group, as words. */
export function matchOf(person: RosterPersonForAudit, today: string): HashMatch | undefined {
  if (person.kind === 'carer') {
    const years = [...new Set((person.childYearGroups ?? []).map(yearWords))];
    if (years.length === 0) return undefined;
    return { kind: 'carer', detail: `carer of a pupil in ${years.join(', ')}` };
  }
  if (person.status !== 'left') return { kind: 'current_pupil', detail: yearWords(person.yearGroup) };
  // A leaver with no date of birth is kept: we cannot show they are 18, and missing a child is worse.
  if (person.dateOfBirth && !isUnder18(person.dateOfBirth, today)) return undefined;
  return {
    kind: 'former_pupil_under_18',
    detail: person.leftOn ? `left in ${person.leftOn.slice(0, 4)}` : 'left the school',
  };
}

/** A given name with its variants two steps through the nickname table (Babs ↔ Barbara ↔ Bobbie). */
function givenForms(name: string): Set<string> {
  const forms = new Set([name]);
  for (const v of nicknameGroups.get(name) ?? []) {
    forms.add(v);
    if (v.length <= 2) continue;
    for (const w of nicknameGroups.get(v) ?? []) forms.add(w);
  }
  return forms;
}

/** Every key of one person (follower-keys.ts explains the kinds). Carers: full names only. */
export function personKeys(person: RosterPersonForAudit): string[] {
  const keys = new Set<string>();
  const familyWords = foldNameWords(person.familyName)
    .map((w) => w.replace(/[^a-z]/g, ''))
    .filter(Boolean);
  if (familyWords.length === 0) return [];
  const families = new Set([familyWords.join('')]);
  if (familyWords.length > 1) for (const w of familyWords) if (w.length >= 2) families.add(w);
  const givens = [person.givenName, person.preferredName ?? '']
    .map((n) => foldNameWords(n)[0]?.replace(/[^a-z]/g, '') ?? '')
    .filter((n) => n.length >= 2);
  for (const given of givens) {
    const forms = person.kind === 'pupil' ? givenForms(given) : new Set([given]);
    for (const form of forms) for (const family of families) keys.add(`n:${form}|${family}`);
    for (const g of soundCodes(given))
      for (const family of families)
        for (const f of soundCodes(family)) if (g.length >= 2 && f.length >= 2) keys.add(`s:${g}|${f}`);
    if (person.kind === 'pupil' && person.dateOfBirth)
      for (const family of families) keys.add(`y:${given[0]}|${family}|${person.dateOfBirth.slice(0, 4)}`);
  }
  return [...keys];
}

/** The roster's keys → what each matches (distinct kinds and details, at most five per key). */
export function buildRosterKeyMap(
  people: readonly RosterPersonForAudit[],
  today: string,
): Map<string, HashMatch[]> {
  const map = new Map<string, HashMatch[]>();
  for (const person of people) {
    const match = matchOf(person, today);
    if (!match) continue;
    for (const key of personKeys(person)) {
      const list = map.get(key);
      if (!list) map.set(key, [match]);
      else if (list.length < 5 && !list.some((m) => m.kind === match.kind && m.detail === match.detail))
        list.push(match);
    }
  }
  return map;
}

/** The same map keyed by the session's hashes instead of the keys. */
export function hashRosterKeyMap(
  keyMap: ReadonlyMap<string, HashMatch[]>,
  hmacKey: Uint8Array,
): Map<string, HashMatch[]> {
  const hash = keyedHasher(hmacKey);
  const out = new Map<string, HashMatch[]>();
  for (const [key, matches] of keyMap) out.set(hash(key), matches);
  return out;
}

/**
 * HMAC-SHA-256 with the key's inner and outer blocks hashed once and copied per message (RFC 2104, for a key
 * of at most 64 bytes): the same digests as createHmac, at a fraction of the cost for tens of thousands of keys.
 */
export function keyedHasher(hmacKey: Uint8Array): (message: string) => string {
  if (hmacKey.length > 64) return (message) => hashKeyNode(hmacKey, message);
  const inner = new Uint8Array(64).fill(0x36);
  const outer = new Uint8Array(64).fill(0x5c);
  hmacKey.forEach((byte, i) => {
    inner[i] = (inner[i] as number) ^ byte;
    outer[i] = (outer[i] as number) ^ byte;
  });
  const innerState = createHash('sha256').update(inner);
  const outerState = createHash('sha256').update(outer);
  // Truncated and encoded as encodeHash does, by Buffer's own base64url (the string building costs as much
  // as the hashing for tens of thousands of keys).
  return (message) =>
    outerState
      .copy()
      .update(innerState.copy().update(message).digest())
      .digest()
      .subarray(0, HASH_BYTES)
      .toString('base64url');
}

/** HMAC-SHA-256 of a key, truncated and encoded as the browser does (follower-keys.ts `encodeHash`). */
export function hashKeyNode(hmacKey: Uint8Array, key: string): string {
  return encodeHash(createHmac('sha256', hmacKey).update(key).digest());
}
