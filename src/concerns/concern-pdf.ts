import PDFDocument from 'pdfkit';
import type { ConcernDetail } from './concerns.service.js';

const typeLabels: Record<ConcernDetail['type'], string> = {
  pupil_contact: 'A pupil made contact on a personal account (policy 1.2)',
  inappropriate_communication: 'Inappropriate communication involving a child (policy 1.3)',
  other_online_safety: 'Other online safety concern',
  staff_conduct: "Concern about an adult's social media conduct",
};

function render(write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Child protection record' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    write(doc);
    doc.end();
  });
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(10);
}

function field(doc: PDFKit.PDFDocument, label: string, value: string | null): void {
  doc
    .font('Helvetica-Bold')
    .text(`${label}: `, { continued: true })
    .font('Helvetica')
    .text(value ?? '—');
}

function writeConcern(doc: PDFKit.PDFDocument, c: ConcernDetail): void {
  doc.font('Helvetica-Bold').fontSize(14).text(`Concern ${c.reference}`).font('Helvetica').fontSize(10);
  field(doc, 'Type', typeLabels[c.type]);
  field(doc, 'Platform', c.platform);
  field(doc, 'When it happened', c.occurredAt);
  field(doc, 'Reported', `${c.reportedAt} by ${c.reporter.name}`);
  field(doc, 'Urgency', c.urgency);
  field(doc, 'Told the DSL in person', c.toldDslInPerson ? 'yes' : 'no');
  field(doc, 'Status', c.status);
  field(doc, 'Decision', c.decision);
  field(doc, 'Outcome', c.outcome);
  field(doc, 'Legal hold', c.legalHold ? 'yes' : 'no');
  field(doc, 'Keep until', c.retentionUntil);
  if (c.subjectStaff) field(doc, 'Adult concerned', c.subjectStaff.name);
  heading(doc, 'Pupils');
  for (const p of c.pupils) doc.text(`${p.name} — ${p.role.replace('_', ' ')}`);
  if (c.pupils.length === 0) doc.text('None named');
  heading(doc, 'What happened');
  doc.text(c.whatHappened);
  heading(doc, "The child's own words");
  doc.text(c.childWords ?? 'Not recorded');
  heading(doc, 'What the reporter did');
  doc.text(c.actionsTaken ?? 'Not recorded');
  heading(doc, 'Chronology');
  for (const e of c.chronology) {
    const facts = Object.entries(e.facts)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ');
    doc
      .font('Helvetica-Bold')
      .text(`${e.at}  ${e.kind}  (${e.author})${e.correctsEntryId ? `  corrects ${e.correctsEntryId}` : ''}`);
    doc.font('Helvetica');
    if (facts) doc.text(facts);
    if (e.text) doc.text(e.text);
  }
  heading(doc, 'Actions');
  for (const a of c.actions)
    doc.text(`${a.dueOn}  ${a.description}${a.completedAt ? ` (done ${a.completedAt})` : ''}`);
  heading(doc, 'Referrals');
  for (const r of c.referrals)
    doc.text(
      `${r.referredOn}  ${r.agency}  ref ${r.agencyReference ?? '—'}  follow up ${r.followUpOn ?? '—'}`,
    );
  heading(doc, 'Evidence');
  for (const e of c.evidence) doc.text(`${e.name} (${e.mediaType}, ${e.size} bytes) SHA-256 ${e.sha256}`);
}

const banner = 'OFFICIAL-SENSITIVE — child protection record. Keep securely; do not copy or forward.';

export function renderConcernPdf(concern: ConcernDetail): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(9).text(banner).moveDown();
    writeConcern(doc, concern);
  });
}

export function renderPupilChronologyPdf(input: {
  pupil: { name: string; dateOfBirth: string | null };
  concerns: ConcernDetail[];
}): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(9).text(banner).moveDown();
    doc
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(`Chronology: ${input.pupil.name}`)
      .font('Helvetica')
      .fontSize(10);
    field(doc, 'Date of birth', input.pupil.dateOfBirth);
    field(doc, 'Concerns', String(input.concerns.length));
    for (const c of input.concerns) {
      doc.moveDown();
      writeConcern(doc, c);
    }
  });
}
