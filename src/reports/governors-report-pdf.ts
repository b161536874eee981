import PDFDocument from 'pdfkit';
import { formatLondonDateTime } from '../concerns/concern-pdf.js';
import { formatUkDate } from '../platform/calendar/dates.js';
import type { Figure, GovernorsReport, ReportValue } from './governors-report.js';
import type { GovernorsTrends } from './governors-trends.js';

const MARKING = 'OFFICIAL';
const HANDLING =
  'Counts only: no child, carer or reporter is named. Counts of 1 to 4 are shown as "fewer than 5".';

/** A figure's value in words, as the web page shows it. */
export function valueWords(value: ReportValue): string {
  if (value.kind === 'text') return value.text;
  if (value.band === 'fewer_than_5')
    return value.kind === 'count' ? 'fewer than 5' : 'withheld (based on fewer than 5)';
  if (value.value === null) return 'none to measure';
  if (value.kind === 'percent') return `${value.value}%`;
  if (value.kind === 'hours') return `${value.value} hours`;
  return String(value.value);
}

/** The governors' report as a PDF: the same figures as the page, marked OFFICIAL, with bars for breakdowns. */
export function renderGovernorsReportPdf(
  report: GovernorsReport,
  options: { compress?: boolean; trends?: GovernorsTrends } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 70, bottom: 70, left: 50, right: 50 },
      info: { Title: `Governors' report ${report.from} to ${report.to}` },
      bufferPages: true,
      compress: options.compress ?? true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(16).text(`Online safety report to governors: ${report.schoolName}`);
    doc.font('Helvetica').fontSize(10);
    doc.text(`Covering ${formatUkDate(report.from)} to ${formatUkDate(report.to)}.`);
    doc.text(
      `Produced by ${report.producedBy.name} (${report.producedBy.role}) on ${formatLondonDateTime(report.producedAt)}. The same range always gives the same figures.`,
    );
    for (const section of report.sections) {
      doc
        .moveDown(0.8)
        .font('Helvetica-Bold')
        .fontSize(13)
        .text(section.title)
        .font('Helvetica')
        .fontSize(10);
      for (const figure of section.figures) writeFigure(doc, figure);
    }
    if (options.trends) writeTrends(doc, options.trends);
    markEveryPage(doc, report);
    doc.end();
  });
}

function writeFigure(doc: PDFKit.PDFDocument, figure: Figure): void {
  doc.moveDown(0.4);
  doc
    .font('Helvetica-Bold')
    .text(`${figure.label}: `, { continued: true })
    .font('Helvetica')
    .text(valueWords(figure.value));
  doc.font('Helvetica-Oblique').fontSize(8.5).fillColor('#444444').text(figure.definition);
  doc.font('Helvetica').fontSize(10).fillColor('black');
  if (!figure.parts?.length) return;
  const numbers = figure.parts.map((p) =>
    p.value.kind !== 'text' && p.value.value !== null ? p.value.value : 0,
  );
  const max = Math.max(1, ...numbers);
  const left = doc.page.margins.left;
  const labelWidth = 210;
  const barMax = doc.page.width - doc.page.margins.right - left - labelWidth - 110;
  for (const part of figure.parts) {
    if (part.value.kind === 'text' || part.value.kind !== 'count') {
      doc.text(`${part.label}: ${valueWords(part.value)}`, { indent: 10 });
      continue;
    }
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    doc
      .fontSize(9)
      .text(part.label, left + 10, y, { width: labelWidth - 10, lineBreak: false, ellipsis: true });
    const n = part.value.value;
    const width = n === null ? 0 : Math.max(n > 0 ? 2 : 0, (barMax * n) / max);
    if (part.value.band === 'fewer_than_5') {
      doc
        .rect(left + labelWidth, y + 1, 6, 8)
        .dash(1.5, { space: 1.5 })
        .stroke('#555555')
        .undash();
    } else if (width > 0) {
      doc.rect(left + labelWidth, y + 1, width, 8).fill('#2f5d8a');
    }
    doc
      .fillColor('black')
      .text(valueWords(part.value), left + labelWidth + width + 10, y, { lineBreak: false });
    doc.fontSize(10).text('', left, y + 13);
  }
}

const CHART_HEIGHT = 60;

/** Trends over the last terms: one small column chart per headline figure, a column per term. */
function writeTrends(doc: PDFKit.PDFDocument, trends: GovernorsTrends): void {
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(13).text('Trends over the last terms');
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      `Each column is the figure the report for that term gives: ${trends.terms.map((t) => `${t.name} (${formatUkDate(t.from)} to ${formatUkDate(t.to)})`).join('; ')}. A dashed box is "fewer than 5" or a measure withheld.`,
    );
  const left = doc.page.margins.left;
  const inner = doc.page.width - left - doc.page.margins.right;
  for (const series of trends.series) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - (CHART_HEIGHT + 60)) doc.addPage();
    doc.moveDown(0.6);
    doc.font('Helvetica-Bold').fontSize(10).text(series.label, left, doc.y);
    const top = doc.y + 4;
    const numbers = series.points.map((p) => p.value.value ?? 0);
    const max = Math.max(1, ...numbers);
    const column = inner / Math.max(1, series.points.length);
    const barWidth = Math.min(40, column * 0.5);
    const base = top + CHART_HEIGHT;
    doc
      .moveTo(left, base)
      .lineTo(left + inner, base)
      .lineWidth(0.5)
      .stroke('#888888');
    series.points.forEach((point, i) => {
      const x = left + column * i + (column - barWidth) / 2;
      const n = point.value.value;
      if (point.value.band === 'fewer_than_5') {
        doc
          .rect(x, base - 10, barWidth, 10)
          .dash(1.5, { space: 1.5 })
          .stroke('#555555')
          .undash();
      } else if (n !== null && n > 0) {
        const h = Math.max(1, (CHART_HEIGHT - 12) * (n / max));
        doc.rect(x, base - h, barWidth, h).fill('#2f5d8a');
      }
      doc
        .fillColor('black')
        .font('Helvetica')
        .fontSize(7.5)
        .text(valueWords(point.value), left + column * i, top - 2, {
          width: column,
          align: 'center',
          lineBreak: false,
        })
        .text(point.term, left + column * i, base + 3, { width: column, align: 'center', lineBreak: false });
    });
    doc
      .font('Helvetica')
      .fontSize(10)
      .text('', left, base + 16);
  }
}

function markEveryPage(doc: PDFKit.PDFDocument, report: GovernorsReport): void {
  const range = doc.bufferedPageRange();
  const produced = `Produced by ${report.producedBy.name} (${report.producedBy.role}) on ${formatLondonDateTime(report.producedAt)}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const inner = width - margins.left - margins.right;
    const bottom = margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(MARKING, margins.left, 28, { width: inner, align: 'center', lineBreak: false });
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(HANDLING, margins.left, 42, { width: inner, align: 'center', lineBreak: false });
    doc.text(produced, margins.left, height - 52, { width: inner, align: 'left', lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, margins.left, height - 52, {
      width: inner,
      align: 'right',
      lineBreak: false,
    });
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(MARKING, margins.left, height - 38, { width: inner, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
