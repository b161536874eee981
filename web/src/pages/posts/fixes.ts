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
  if (spanned && finding.rule.startsWith('pii.')) return 'remove';
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

/**
 * The text with the finding's span replaced: initials for a name, nothing for personal data or a link
 * (then doubled spaces and a space before punctuation are tidied where the span was).
 */
export function applyTextFix(
  text: string,
  finding: PostFinding,
  kind: 'initials' | 'remove' | 'remove_link',
) {
  const start = Math.max(0, finding.start ?? 0);
  const end = Math.min(text.length, finding.end ?? 0);
  if (end <= start) return text;
  if (kind === 'initials') return text.slice(0, start) + toInitials(text.slice(start, end)) + text.slice(end);
  let before = text.slice(0, start);
  let after = text.slice(end);
  if (/[ \t]$/.test(before) && (/^[ \t]/.test(after) || /^[.,;:!?)]/.test(after) || after === ''))
    before = before.replace(/[ \t]+$/, '');
  if (before === '' || /\n$/.test(before)) after = after.replace(/^[ \t]+/, '');
  return before + after;
}
