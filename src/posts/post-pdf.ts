import PDFDocument from 'pdfkit';
import { clauseById } from '../policy/clauses.js';
import type { ArchiveView } from './post-view.js';

function field(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(10);
}

/** A post's publication record as a PDF: what went out, where, on what grounds, and who decided. */
export function renderPublicationPdf(record: ArchiveView): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Publication record' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(14).text('Publication record').font('Helvetica').fontSize(10);
    field(doc, 'Record', record.id);
    field(doc, 'Published', `${record.publishedAt} by ${record.publishedBy.name}`);
    field(doc, 'Where', record.publishedUrl);
    field(doc, 'Account', record.accountId);
    field(doc, 'Check verdict', record.verdict);
    heading(doc, 'Text as published');
    doc.text(record.text === '' ? '(no text)' : record.text);
    if (record.links.length > 0) {
      heading(doc, 'Links');
      for (const link of record.links) doc.text(link);
    }
    heading(doc, 'Photos');
    if (record.photos.length === 0) doc.text('None');
    for (const photo of record.photos) {
      doc.text(`SHA-256 ${photo.sha256}`);
      doc.image(Buffer.from(photo.thumbnail, 'base64'), { fit: [120, 120] });
      doc.moveDown(0.3);
    }
    heading(doc, 'Pupils shown, with their consent when published');
    if (record.noIdentifiablePupils) doc.text('The author confirmed that no pupil can be identified.');
    if (record.taggedPupils.length === 0 && !record.noIdentifiablePupils) doc.text('None tagged');
    for (const p of record.taggedPupils)
      doc.text(`Pupil ${p.pupilId}: ${p.consentState}${p.expiresOn ? ` until ${p.expiresOn}` : ''}`);
    heading(doc, 'Findings');
    if (record.findings.length === 0) doc.text('None');
    for (const f of record.findings)
      doc.text(`${f.severity} — ${f.rule} (clause ${f.clause}, ${clauseById(f.clause).title}): ${f.message}`);
    heading(doc, 'Approvals');
    if (record.approvals.length === 0) doc.text('None needed');
    for (const a of record.approvals)
      doc.text(`${a.at} ${a.approverName} (verdict ${a.verdict}): ${a.reason}`);
    doc.end();
  });
}
