import type { Finding } from './types.js';

function initials(name: string): string {
  return name
    .split(/[\s\-_]+|(?<=\p{Ll})(?=\p{Lu})/u)
    .filter((w) => /\p{L}/u.test(w))
    .map((w) => `${(/\p{L}/u.exec(w) as RegExpExecArray)[0].toUpperCase()}.`)
    .join(' ');
}

/**
 * A safe version of the text: pupils' and carers' names become initials, personal data becomes
 * `[removed]`, blocked or disguised links become `[link removed]`. Overlapping findings are applied once.
 */
export function redact(text: string, findings: readonly Finding[]): string {
  const spans = findings
    .filter((f) => f.start !== undefined && f.end !== undefined && (f.part === 'text' || f.part === 'links'))
    .map((f) => ({ start: f.start as number, end: f.end as number, rule: f.rule }))
    .filter(
      (s) =>
        s.rule === 'pupil.name' ||
        s.rule === 'carer.name' ||
        s.rule.startsWith('pii.') ||
        s.rule === 'link.blocked' ||
        s.rule === 'link.lookalike' ||
        s.rule === 'link.credentials',
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start);
    const original = text.slice(s.start, s.end);
    if (s.rule === 'pupil.name' || s.rule === 'carer.name') {
      // Keep a possessive so the sentence still reads: "Amelia's" → "A.'s".
      const possessive = /['’]s$/.exec(original)?.[0] ?? '';
      out += initials(original.slice(0, original.length - possessive.length)) + possessive;
    } else if (s.rule.startsWith('link.')) {
      out += '[link removed]';
    } else {
      out += '[removed]';
    }
    at = s.end;
  }
  return out + text.slice(at);
}
