import type { Finding, FindingSeverity } from '../../api/checks';

export const severityLabels: Record<FindingSeverity, string> = {
  block: 'Blocked',
  review: 'Needs review',
  advice: 'Advice',
};

export type MirrorSegment =
  | { kind: 'plain'; text: string }
  | { kind: 'mark'; text: string; severity: FindingSeverity; numbers: number[] };

const rank: Record<FindingSeverity, number> = { block: 3, review: 2, advice: 1 };

/**
 * Cuts the checked text into plain runs and marked spans, one per finding that points into the text (its
 * number is its place in the findings list). Overlapping spans merge into one mark carrying the more
 * serious severity and every number, so no character is marked twice.
 */
export function segmentText(text: string, findings: readonly Finding[]): MirrorSegment[] {
  const spans = findings
    .map((finding, index) => ({ finding, number: index + 1 }))
    .filter(
      ({ finding }) =>
        finding.start !== undefined && finding.end !== undefined && finding.end > finding.start,
    )
    .map(({ finding, number }) => ({
      start: Math.max(0, finding.start ?? 0),
      end: Math.min(text.length, finding.end ?? 0),
      severity: finding.severity,
      numbers: [number],
    }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const merged: typeof spans = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.numbers.push(...span.numbers);
      if (rank[span.severity] > rank[last.severity]) last.severity = span.severity;
    } else {
      merged.push({ ...span, numbers: [...span.numbers] });
    }
  }

  const segments: MirrorSegment[] = [];
  let at = 0;
  for (const span of merged) {
    if (span.start > at) segments.push({ kind: 'plain', text: text.slice(at, span.start) });
    segments.push({
      kind: 'mark',
      text: text.slice(span.start, span.end),
      severity: span.severity,
      numbers: span.numbers,
    });
    at = span.end;
  }
  if (at < text.length) segments.push({ kind: 'plain', text: text.slice(at) });
  return segments;
}

/**
 * The checked text with each problem marked: a coloured underline and, for those who cannot tell colours
 * apart or cannot see them, a text label with the severity and the finding's number in the list below.
 */
export function TextMirror({ text, findings }: { text: string; findings: readonly Finding[] }) {
  const segments = segmentText(text, findings);
  return (
    <div className="mirror">
      {segments.map((segment, index) =>
        segment.kind === 'plain' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are rebuilt whole from one text
          <span key={index}>{segment.text}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are rebuilt whole from one text
          <mark key={index} className={`mirror__mark mirror__mark--${segment.severity}`}>
            {segment.text}
            <span className="mirror__label">
              {' '}
              [{severityLabels[segment.severity]}: see {segment.numbers.length > 1 ? 'findings' : 'finding'}{' '}
              {segment.numbers.join(', ')}]
            </span>
          </mark>
        ),
      )}
    </div>
  );
}
