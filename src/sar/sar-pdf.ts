import PDFDocument from 'pdfkit';
import type { SarItem, SarSubject } from './sar-collect.js';

/** The readable half of a subject access export: the same items as the JSON, section by section. */
export function renderSarPdf(input: {
  subject: SarSubject;
  items: SarItem[];
  releasedAt: string;
  school: string;
}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: 'Your personal data held by Guardpost' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc
      .font('Helvetica-Bold')
      .fontSize(14)
      .text('Personal data held by Guardpost')
      .font('Helvetica')
      .fontSize(10);
    doc.text(`About: ${input.subject.name}`);
    doc.text(`School: ${input.school}`);
    doc.text(`Prepared: ${input.releasedAt}`);
    doc.moveDown(0.5);
    doc.text(
      "Other people's details are replaced by their role in square brackets, and some information may have been withheld where the law allows it (for example to protect a child or another person).",
    );
    let section = '';
    for (const item of input.items) {
      if (item.section !== section) {
        section = item.section;
        doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(section).font('Helvetica').fontSize(10);
      }
      doc.moveDown(0.3).font('Helvetica-Bold').text(item.title).font('Helvetica');
      for (const [name, value] of Object.entries(item.fields)) {
        if (value === null || value === '') continue;
        doc.text(`${name}: ${String(value)}`);
      }
    }
    if (input.items.length === 0)
      doc.moveDown().text('Guardpost holds no personal data about you beyond what is above.');
    doc.end();
  });
}
