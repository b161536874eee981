import { doubleMetaphone } from 'double-metaphone';
import { foldWord } from '../checks/engine/text/fold.js';

/**
 * Name keys of the follower self-audit (clauses 1.1, 1.9), computed the same way on both sides: the browser
 * for each follower (display name and handle), the server for each person on the roster. Each side hashes
 * its keys with the session's HMAC key; only the hashes of the browser's keys cross the wire, and the server
 * answers which of them are also keys of a pupil, former pupil or carer. This module is pure and imports
 * nothing that needs Node, so the web app bundles it as it is.
 *
 * Key kinds:
 * - `n:given|family`  a first and last name as written (the roster side adds nickname variants);
 * - `s:GIVEN|FAMILY`  their Double Metaphone codes (Jayden Khan ~ Jaiden Kahn); display names only;
 * - `y:i|family|yyyy` an initial, a last name and a year of birth, from handles such as `jkhan_2011`.
 */
export type KeySource = 'name' | 'name_sound' | 'handle' | 'handle_year';

export interface FollowerKey {
  key: string;
  source: KeySource;
}

export interface Follower {
  /** Display name as the platform shows it; may be empty (X exports hold ids only). */
  name: string;
  /** Handle without the @; may be empty. */
  handle: string;
}

const letters = /^[a-z]+$/;

/** Words of a display name: folded, letters only; emoji, digits and punctuation dropped. */
export function nameWords(text: string): string[] {
  return text
    .split(/[\s\-‐–_.,/|·•()[\]{}"!?:;+*&]+/u)
    .map((w) => foldWord(w).replace(/[^a-z]/g, ''))
    .filter((w) => w.length >= 2 && letters.test(w));
}

// Names repeat (a roster's family names, a list's given names): each word's codes are worked out once.
const soundCache = new Map<string, string[]>();

/** Double Metaphone codes of a word (primary and, when different, alternate). */
export function soundCodes(word: string): string[] {
  const cached = soundCache.get(word);
  if (cached) return cached;
  const [primary, alternate] = doubleMetaphone(word);
  const out = primary ? [primary] : [];
  if (alternate && alternate !== primary) out.push(alternate);
  if (soundCache.size >= 50_000) soundCache.clear();
  soundCache.set(word, out);
  return out;
}

/** A four-digit year of birth a handle may carry (`09` → 2009, `2011`), for ages a school sees. */
export function yearHints(handle: string, thisYear: number): number[] {
  const out = new Set<number>();
  for (const match of handle.matchAll(/(?<!\d)(\d{2}|\d{4})(?!\d)/g)) {
    const digits = match[1] as string;
    const year = digits.length === 2 ? 2000 + Number(digits) : Number(digits);
    if (year >= thisYear - 25 && year <= thisYear - 2) out.add(year);
  }
  return [...out];
}

function pushKey(out: Map<string, KeySource>, key: string, source: KeySource): void {
  // The first source seen for a key is the strongest, as keys are added strongest first.
  if (!out.has(key)) out.set(key, source);
}

function nameKeys(words: readonly string[], out: Map<string, KeySource>, source: 'name' | 'handle'): void {
  // Every word followed by a later word or run of words: "Amy Smith Jones" → amy|smith, amy|smithjones, amy|jones…
  for (let i = 0; i < words.length - 1 && i < 5; i++) {
    const given = words[i] as string;
    let joined = '';
    for (let j = i + 1; j < words.length && j < i + 4; j++) {
      const family = words[j] as string;
      joined += family;
      pushKey(out, `n:${given}|${family}`, source);
      if (joined !== family) pushKey(out, `n:${given}|${joined}`, source);
      if (source === 'handle') pushKey(out, `n:${family}|${given}`, source);
    }
  }
}

/** The candidate keys of one follower, strongest first, each with where it came from. */
export function followerKeys(follower: Follower, thisYear: number): FollowerKey[] {
  const out = new Map<string, KeySource>();
  const words = nameWords(follower.name).slice(0, 6);
  nameKeys(words, out, 'name');
  for (let i = 0; i < words.length - 1 && i < 3; i++) {
    const given = soundCodes(words[i] as string);
    const family = soundCodes(words[words.length - 1] as string);
    if (i === words.length - 1) continue;
    for (const g of given)
      for (const f of family) if (g.length >= 2 && f.length >= 2) pushKey(out, `s:${g}|${f}`, 'name_sound');
  }

  const handle = foldWord(follower.handle.replace(/^@/, '').split('@')[0] ?? '');
  if (handle.length >= 4) {
    const years = yearHints(handle, thisYear);
    const parts = handle
      .split(/[^a-z]+/)
      .filter((p) => p.length > 0)
      .slice(0, 4);
    const long = parts.filter((p) => p.length >= 2);
    if (long.length >= 2) nameKeys(long, out, 'handle');
    // One run of letters: try each split into two names ("jesskhan" → jess|khan, and khan|jess).
    for (const part of parts) {
      if (part.length < 4 || part.length > 24) continue;
      for (let at = 2; at <= part.length - 2; at++) {
        const a = part.slice(0, at);
        const b = part.slice(at);
        pushKey(out, `n:${a}|${b}`, 'handle');
        pushKey(out, `n:${b}|${a}`, 'handle');
      }
      // An initial then a last name, with a year: jkhan_2011.
      if (years.length > 0 && part.length >= 3)
        for (const year of years) pushKey(out, `y:${part[0]}|${part.slice(1)}|${year}`, 'handle_year');
    }
    if (years.length > 0 && long.length >= 2 && (parts[0]?.length ?? 0) >= 1)
      for (const year of years) {
        const first = parts[0] as string;
        const last = parts[parts.length - 1] as string;
        pushKey(out, `y:${first[0]}|${last}|${year}`, 'handle_year');
      }
  }
  return [...out].map(([key, source]) => ({ key, source }));
}

/**
 * Hashes keys with the session's key: HMAC-SHA-256 truncated to 12 bytes, base64url (16 characters). The
 * caller passes the HMAC (WebCrypto in the browser, node:crypto in Node) so this module stays pure.
 */
export const HASH_BYTES = 12;

export function encodeHash(digest: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < HASH_BYTES; i++) binary += String.fromCharCode(digest[i] as number);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What a hash matched, as the server answers it: a kind of person and what staff may see of them. */
export type MatchKind = 'current_pupil' | 'former_pupil_under_18' | 'carer';

export interface HashMatch {
  kind: MatchKind;
  /** "Year 9", "left in 2025", "carer of a pupil in Year 4": never a name. */
  detail: string;
}

export interface FollowerResult {
  index: number;
  follower: Follower;
  matches: HashMatch[];
  /** The strongest reason, in words. */
  why: string;
  strength: 'strong' | 'possible';
}

const kindWords: Record<MatchKind, string> = {
  current_pupil: 'a current pupil',
  former_pupil_under_18: 'a former pupil under 18',
  carer: 'a carer of a current pupil',
};

const sourceWords: Record<KeySource, string> = {
  name: 'Display name is the first and last name of',
  name_sound: 'Display name sounds like the name of',
  handle: 'Handle contains the first and last name of',
  handle_year: 'Handle holds the initial, last name and year of birth of',
};

/** Joins each follower's keys with the server's answers into likely matches, strongest first. */
export function compileResults(
  followers: readonly Follower[],
  keysOf: readonly (readonly { hash: string; source: KeySource }[])[],
  answers: ReadonlyMap<string, readonly HashMatch[]>,
): FollowerResult[] {
  const order: KeySource[] = ['name', 'handle', 'handle_year', 'name_sound'];
  const results: FollowerResult[] = [];
  keysOf.forEach((keys, index) => {
    let best: { source: KeySource; matches: readonly HashMatch[] } | undefined;
    for (const { hash, source } of keys) {
      const matched = answers.get(hash);
      if (!matched || matched.length === 0) continue;
      if (!best || order.indexOf(source) < order.indexOf(best.source)) best = { source, matches: matched };
    }
    if (!best) return;
    const first = best.matches[0] as HashMatch;
    const follower = followers[index] as Follower;
    results.push({
      index,
      follower,
      matches: [...best.matches],
      why: `${sourceWords[best.source]} ${kindWords[first.kind]} (${first.detail})`,
      strength: best.source === 'name' || best.source === 'handle' ? 'strong' : 'possible',
    });
  });
  return results.sort((a, b) =>
    a.strength === b.strength ? a.index - b.index : a.strength === 'strong' ? -1 : 1,
  );
}
