// Text folding shared by the name and language detectors: one place decides what "the same letters" means.

const nonAscii = /[^\t\n\r\u0020-\u007e]/;
const marks = /\p{M}+/gu;
const apostrophes = /['’‘`]/g;

/** Lower case, accents removed (Zoë → zoe), apostrophes dropped (O'Brien → obrien). */
export function foldWord(word: string): string {
  let out = word.toLowerCase();
  if (nonAscii.test(out)) out = out.normalize('NFD').replace(marks, '');
  return out.replace(apostrophes, '');
}

/** Folds a name that may hold several words (Smith-Jones, Mary Ann) into its word list. */
export function foldNameWords(name: string): string[] {
  return name
    .split(/[\s\-‐–_.]+/)
    .map((w) => foldWord(w))
    .filter((w) => w.length > 0);
}

/** A rough phonetic key: first letter plus consonant skeleton, so Mohamed, Muhammad and Mohammed agree. */
export function phoneticKey(folded: string): string {
  if (folded.length === 0) return '';
  const s = folded.replace(/ph/g, 'f').replace(/ck/g, 'k').replace(/[cq]/g, 'k').replace(/z/g, 's');
  let out = s[0] === 'y' ? 'i' : (s[0] as string);
  let last = out;
  for (let i = 1; i < s.length; i += 1) {
    const ch = s[i] as string;
    if ('aeiouyhw'.includes(ch)) {
      last = '';
      continue;
    }
    const mapped = ch === 'v' ? 'f' : ch;
    if (mapped !== last) out += mapped;
    last = mapped;
  }
  return out;
}
