import type { PostFinding } from '../../api/posts';

/** The one-click fix a finding offers in the composer, if any. */
export type FixKind = 'initials' | 'remove' | 'remove_link' | 'untag';

export const fixLabels: Record<FixKind, string> = {
  initials: 'Use initials',
  remove: 'Remove',
  remove_link: 'Remove the link',
  untag: 'Untag',
};

export function fixKindOf(finding: PostFinding, taggedIds: ReadonlySet<string>): FixKind | undefined {
  const spanned = finding.start !== undefined && finding.end !== undefined && finding.end > finding.start;
  if (spanned && (finding.rule === 'pupil.name' || finding.rule === 'carer.name')) return 'initials';
  if (spanned && (finding.rule.startsWith('pii.') || finding.rule === 'contact.personal_channel'))
    return 'remove';
  if (spanned && finding.rule.startsWith('link.')) return 'remove_link';
  if (finding.rule === 'image.consent' && finding.pupilId !== undefined && taggedIds.has(finding.pupilId))
    return 'untag';
  return undefined;
}

/** "Amelia Jones" → "A. J.", keeping a possessive ("Amelia's" → "A.'s") so the sentence still reads. */
export function toInitials(name: string): string {
  const possessive = /['’]s$/u.exec(name)?.[0] ?? '';
  const bare = name.slice(0, name.length - possessive.length);
  const letters = bare
    .split(/[\s\-_]+/u)
    .map((word) => /\p{L}/u.exec(word)?.[0])
    .filter((letter): letter is string => letter !== undefined)
    .map((letter) => `${letter.toUpperCase()}.`);
  return letters.length === 0 ? name : letters.join(' ') + possessive;
}

/** Words that join two phrases: removing a phrase takes its joining word with it. */
const joiners = /^(?:or|and|but|then|also|plus)$/i;

/** Where a phrase may end: sentence and clause punctuation, or a line break. */
const phraseBreak = /[.!?;:,\n()–—]/;

/**
 * The phrase of `text` that carries the span, with what joins it to the rest of its sentence, so removing
 * an item never leaves a sentence without its object ("Call her mum on 07700 900123 or see …" loses "Call
 * her mum on 07700 900123 or", not only the number). Phrases end at clause punctuation and at joining
 * words (or, and, but); a phrase that is a whole sentence goes with its full stop.
 */
export function phraseAround(text: string, start: number, end: number): { start: number; end: number } {
  // Walk out from the span to the nearest break on each side, stopping at a joining word.
  let from = start;
  while (from > 0 && !phraseBreak.test(text.charAt(from - 1))) {
    const word = /(\S+)\s+$/.exec(text.slice(Math.max(0, from - 12), from));
    if (word?.[1] && joiners.test(word[1]) && /\s/.test(text.charAt(from - 1))) break;
    from -= 1;
  }
  let to = end;
  while (to < text.length && !phraseBreak.test(text.charAt(to))) {
    const word = /^\s+(\S+)/.exec(text.slice(to, to + 12));
    if (word?.[1] && joiners.test(word[1].replace(/[.,;:!?]+$/, '')) && /\s/.test(text.charAt(to))) break;
    to += 1;
  }
  // A URL's own dots are not sentence ends: the span itself is never cut short.
  from = Math.min(from, start);
  to = Math.max(to, end);
  // Leading spaces belong to the join; trailing ones too.
  while (from < start && /\s/.test(text.charAt(from))) from += 1;
  // An aside in brackets goes with its brackets and the space before them.
  if (text.charAt(from - 1) === '(' && text.charAt(to) === ')') {
    const space = /\s$/.test(text.slice(0, from - 1)) ? 1 : 0;
    return { start: from - 1 - space, end: to + 1 };
  }
  const after = text.slice(to);
  const following = /^\s+(or|and|but|then|also|plus)\b\s*/i.exec(after);
  if (following) return { start: from, end: to + following[0].length };
  const before = text.slice(0, from);
  const preceding = /(?:,\s*)?\s*\b(or|and|but|then|also|plus)\s+$/i.exec(before);
  if (preceding) return { start: from - preceding[0].length, end: to };
  // A whole sentence: take its end mark and the space after it.
  const sentenceStart = from === 0 || /[.!?\n]\s*$/.test(before);
  const sentenceEnd = /^[.!?]+\s*/.exec(after);
  if (sentenceStart && (sentenceEnd || to === text.length))
    return { start: from, end: to + (sentenceEnd?.[0].length ?? 0) };
  // A clause set off by commas: take one of the commas.
  const comma = /,\s*$/.exec(before);
  if (comma) return { start: from - comma[0].length, end: to };
  return { start: from, end: to };
}

/**
 * The text with the finding's span replaced: initials for a name; for personal data or a link, the phrase
 * that carries it goes (see `phraseAround`), and a sentence that now starts with a small letter gets a
 * capital. Returns the new text and what was removed, so the page can say it.
 */
export function applyTextFix(
  text: string,
  finding: PostFinding,
  kind: 'initials' | 'remove' | 'remove_link',
): { text: string; removed?: string } {
  const start = Math.max(0, finding.start ?? 0);
  const end = Math.min(text.length, finding.end ?? 0);
  if (end <= start) return { text };
  if (kind === 'initials')
    return { text: text.slice(0, start) + toInitials(text.slice(start, end)) + text.slice(end) };
  const phrase = phraseAround(text, start, end);
  let before = text.slice(0, phrase.start);
  let after = text.slice(phrase.end);
  if (/[ \t]$/.test(before) && (/^[ \t]/.test(after) || /^[.,;:!?)]/.test(after) || after === ''))
    before = before.replace(/[ \t]+$/, '');
  if (before === '' || /\n$/.test(before)) after = after.replace(/^[ \t]+/, '');
  if (before === '' || /[.!?]\s*$|\n$/.test(before)) after = after.charAt(0).toUpperCase() + after.slice(1);
  return { text: before + after, removed: text.slice(phrase.start, phrase.end).trim() };
}
