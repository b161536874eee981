import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit with its standard fonts, one string per page, for tests: content
 * streams are inflated when compressed and each `[<hex> kern <hex>] TJ` run is decoded (WinAnsi, read as
 * Latin-1, is enough for the words we write). Runs are joined with spaces and spaces collapsed.
 */
export function pdfPagesText(pdf: Buffer): string[] {
  const pages: string[] = [];
  let from = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', from);
    if (start < 0) break;
    const end = pdf.indexOf('\nendstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start + 'stream\n'.length, end);
    let content: string;
    try {
      content = inflateSync(raw).toString('latin1');
    } catch {
      content = raw.toString('latin1');
    }
    from = end + '\nendstream'.length;
    if (!content.includes(' TJ')) continue;
    const runs = [...content.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/gi)].map((m) =>
      [...(m[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)]
        .map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1'))
        .join(''),
    );
    pages.push(runs.join(' ').replace(/\s+/g, ' '));
  }
  return pages;
}
