import PDFDocument from 'pdfkit';
import {
  agencyLabels,
  concernStatusLabels,
  concernTypeLabels,
  decisionLabels,
  describeEntryFacts,
  entryKindLabels,
  formatCalendarDate,
  pupilRoleLabels,
  urgencyLabels,
} from '../shared/concern-words.js';
import type { ConcernDetail } from './concern-detail.js';

/** A member of staff as the record names them: never by an internal id. */
export interface NamedPerson {
  name: string;
  /** Their role in the school, in words ("DSL", "Headteacher", "Staff"). */
  role: string;
}

/** Who the record names, who exports it and when: the export is itself part of the record. */
export interface PdfContext {
  people: ReadonlyMap<string, NamedPerson>;
  exportedBy: NamedPerson;
  exportedAt: Date;
  /** Uncompressed content streams, so tests can read the text. */
  compress?: boolean;
}

const MARKING = 'OFFICIAL-SENSITIVE';
const HANDLING = 'Child protection record. Keep securely; do not copy or forward.';

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** An instant on London's clock with its zone (GMT or BST), as a receiving agency reads it. */
export function formatLondonDateTime(iso: string | Date): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(at.getTime()) ? String(iso) : londonDateTime.format(at).replace(' at ', ', ');
}

function render(
  title: string,
  context: PdfContext,
  write: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 70, bottom: 70, left: 50, right: 50 },
      info: { Title: title },
      bufferPages: true,
      compress: context.compress ?? true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica').fontSize(10);
    write(doc);
    markEveryPage(doc, context);
    doc.end();
  });
}

/** The protective marking above and below every page, the exporter, and "Page n of N". */
function markEveryPage(doc: PDFKit.PDFDocument, context: PdfContext): void {
  const range = doc.bufferedPageRange();
  const exported = `Exported by ${context.exportedBy.name} (${context.exportedBy.role}) on ${formatLondonDateTime(context.exportedAt)}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const inner = width - margins.left - margins.right;
    // Writing inside the margins would start a new page: lift the bottom margin while marking.
    const bottom = margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica-Bold').fontSize(11);
    doc.text(MARKING, margins.left, 28, { width: inner, align: 'center', lineBreak: false });
    doc.font('Helvetica').fontSize(8);
    doc.text(HANDLING, margins.left, 42, { width: inner, align: 'center', lineBreak: false });
    doc.text(exported, margins.left, height - 52, { width: inner, align: 'left', lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, margins.left, height - 52, {
      width: inner,
      align: 'right',
      lineBreak: false,
    });
    doc.font('Helvetica-Bold').fontSize(11);
    doc.text(MARKING, margins.left, height - 38, { width: inner, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(10);
}

function field(doc: PDFKit.PDFDocument, label: string, value: string | null): void {
  doc
    .font('Helvetica-Bold')
    .text(`${label}: `, { continued: true })
    .font('Helvetica')
    .text(value ?? 'Not recorded');
}

function writeConcern(doc: PDFKit.PDFDocument, c: ConcernDetail, context: PdfContext): void {
  const person = (staffId: string | null) => {
    if (staffId === null) return 'Nobody';
    const found = context.people.get(staffId);
    return found ? `${found.name} (${found.role})` : 'A former member of staff';
  };
  const nameOnly = (staffId: string) => context.people.get(staffId)?.name ?? 'a former member of staff';
  doc.font('Helvetica-Bold').fontSize(14).text(`Concern ${c.reference}`).font('Helvetica').fontSize(10);
  field(doc, 'Type', concernTypeLabels[c.type]);
  field(doc, 'Where', c.platform);
  field(doc, 'When it happened', c.occurredAt ? formatLondonDateTime(c.occurredAt) : 'Not known');
  field(doc, 'Reported', `${formatLondonDateTime(c.reportedAt)} by ${person(c.reporter.staffId)}`);
  field(doc, 'Urgency', urgencyLabels[c.urgency]);
  field(doc, 'The DSL was also told in person', c.toldDslInPerson ? 'Yes' : 'No');
  field(doc, 'Status', concernStatusLabels[c.status]);
  field(doc, 'Acknowledged', c.acknowledgedAt ? formatLondonDateTime(c.acknowledgedAt) : 'Not yet');
  field(doc, 'Assigned to', person(c.assignedStaffId));
  field(doc, 'Decision', c.decision ? decisionLabels[c.decision] : 'None yet');
  if (c.outcome) field(doc, 'Outcome', c.outcome);
  field(doc, 'Legal hold', c.legalHold ? 'Yes: never disposed of' : 'No');
  field(doc, 'Keep until', c.retentionUntil ? formatCalendarDate(c.retentionUntil) : 'Not set');
  if (c.subjectStaff) field(doc, 'About (adult)', person(c.subjectStaff.staffId));
  heading(doc, 'Pupils');
  for (const p of c.pupils) doc.text(`${p.name}: ${pupilRoleLabels[p.role]}`);
  if (c.pupils.length === 0) doc.text('None named');
  heading(doc, 'What happened');
  doc.text(c.whatHappened);
  heading(doc, "The child's own words (verbatim)");
  doc.text(c.childWords ?? 'Not given');
  heading(doc, 'What the reporter did already');
  doc.text(c.actionsTaken ?? 'Not given');
  heading(doc, 'Chronology');
  const byId = new Map(c.chronology.map((e) => [e.id, e]));
  for (const e of c.chronology) {
    const author = e.authorStaffId ? person(e.authorStaffId) : 'Guardpost (automatic)';
    doc
      .font('Helvetica-Bold')
      .text(`${formatLondonDateTime(e.at)}: ${entryKindLabels[e.kind] ?? e.kind}, by ${author}`);
    doc.font('Helvetica');
    const corrected = e.correctsEntryId ? byId.get(e.correctsEntryId) : undefined;
    if (corrected)
      doc.text(
        `Corrects the ${(entryKindLabels[corrected.kind] ?? corrected.kind).toLowerCase()} entry of ${formatLondonDateTime(corrected.at)}`,
      );
    const facts = describeEntryFacts(e.facts, nameOnly);
    if (facts) doc.text(facts);
    if (e.text) doc.text(e.text);
    doc.moveDown(0.3);
  }
  heading(doc, 'Actions');
  for (const a of c.actions)
    doc.text(
      `${a.description}. Owner: ${person(a.ownerStaffId)}. Due ${formatCalendarDate(a.dueOn)}.${
        a.completedAt ? ` Done ${formatLondonDateTime(a.completedAt)}.` : ' Not done yet.'
      }`,
    );
  if (c.actions.length === 0) doc.text('None');
  heading(doc, 'Referrals');
  for (const r of c.referrals)
    doc.text(
      `${agencyLabels[r.agency]}, referred on ${formatCalendarDate(r.referredOn)}. Their reference: ${
        r.agencyReference ?? 'not given'
      }. Follow up: ${r.followUpOn ? formatCalendarDate(r.followUpOn) : 'none set'}.`,
    );
  if (c.referrals.length === 0) doc.text('None');
  heading(doc, 'Evidence');
  for (const e of c.evidence) doc.text(`${e.name} (${e.mediaType}, ${e.size} bytes). SHA-256 ${e.sha256}`);
  if (c.evidence.length === 0) doc.text('None attached');
}

export function renderConcernPdf(concern: ConcernDetail, context: PdfContext): Promise<Buffer> {
  return render(`Child protection record ${concern.reference}`, context, (doc) => {
    writeConcern(doc, concern, context);
  });
}

export function renderPupilChronologyPdf(
  input: { pupil: { name: string; dateOfBirth: string | null }; concerns: ConcernDetail[] },
  context: PdfContext,
): Promise<Buffer> {
  return render(`Child protection chronology: ${input.pupil.name}`, context, (doc) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(`Chronology: ${input.pupil.name}`)
      .font('Helvetica')
      .fontSize(10);
    field(doc, 'Date of birth', input.pupil.dateOfBirth ? formatCalendarDate(input.pupil.dateOfBirth) : null);
    field(doc, 'Concerns', String(input.concerns.length));
    for (const c of input.concerns) {
      doc.moveDown();
      writeConcern(doc, c, context);
    }
  });
}
