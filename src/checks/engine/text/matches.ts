const none: readonly RegExpExecArray[] = [];

/**
 * Every match of a global pattern in a text, as `text.matchAll(pattern)` gives them, without its cost:
 * matchAll copies the pattern and builds an iterator on every call, which on a short comment costs more
 * than the scan itself. The pattern's lastIndex is left at 0. No array is made when nothing matches.
 */
export function matchesOf(pattern: RegExp, text: string): readonly RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`matchesOf needs a global pattern: ${pattern.source}`);
  pattern.lastIndex = 0;
  let match = pattern.exec(text);
  if (match === null) return none;
  const out: RegExpExecArray[] = [];
  while (match !== null) {
    out.push(match);
    // An empty match would be found again at the same place: step past it (a whole code point in u mode).
    if (match[0].length === 0) {
      const at = pattern.lastIndex;
      const wide = (pattern.unicode || pattern.flags.includes('v')) && (text.codePointAt(at) ?? 0) > 0xffff;
      pattern.lastIndex = at + (wide ? 2 : 1);
    }
    match = pattern.exec(text);
  }
  return out;
}
