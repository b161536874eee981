import { describe, expect, it } from 'vitest';
import type { ConcernDetail } from './concern-detail.js';
import { formatLondonDateTime, renderConcernPdf } from './concern-pdf.js';
import { pdfPagesText } from './test-pdf-text.js';

// Generated names and words only.
const reporter = '0b9e7f3a-2c51-4d8e-9f10-6a7b8c9d0e11';
const dsl = '1c8d6e2b-3d62-4e9f-8a21-7b8c9d0e1f22';
const deputy = '2d7c5f1c-4e73-4fa0-9b32-8c9d0e1f2a33';

function concern(overrides: Partial<ConcernDetail> = {}): ConcernDetail {
  return {
    id: '3e6b4a0d-5f84-4ab1-8c43-9d0e1f2a3b44',
    reference: 'C-2026-QWERTY',
    type: 'pupil_contact',
    platform: 'Instagram',
    occurredAt: '2026-07-14T20:30:00Z',
    urgency: 'urgent',
    status: 'open',
    toldDslInPerson: true,
    reporter: { staffId: reporter, name: 'Orla Brightwater' },
    subjectStaff: null,
    whatHappened: 'A follow request and a message late at night.',
    childWords: 'please do not tell anyone',
    actionsTaken: 'Did not reply.',
    pupils: [{ pupilId: 'p1', name: 'Tamsin Orvell', role: 'alleged_instigator' }],
    reportedAt: '2026-07-14T21:05:00Z',
    acknowledgedAt: '2026-07-14T21:12:00Z',
    assignedStaffId: deputy,
    escalationLevel: 0,
    decision: 'refer',
    outcome: null,
    legalHold: false,
    retentionUntil: '2037-05-17',
    chronology: [
      {
        id: 'e1',
        at: '2026-07-14T21:05:00Z',
        kind: 'reported',
        author: 'orla@school.example',
        authorStaffId: reporter,
        text: null,
        facts: { urgency: 'urgent', toldDslInPerson: true, evidence: 0 },
        correctsEntryId: null,
      },
      {
        id: 'e2',
        at: '2026-07-15T08:00:00Z',
        kind: 'action_added',
        author: 'dsl@school.example',
        authorStaffId: dsl,
        text: 'Call the carers',
        facts: { actionId: 'a1', ownerStaffId: deputy, dueOn: '2026-07-16' },
        correctsEntryId: null,
      },
      {
        id: 'e3',
        at: '2026-07-15T08:10:00Z',
        kind: 'decision',
        author: 'dsl@school.example',
        authorStaffId: dsl,
        text: 'Threshold met',
        facts: { decision: 'refer' },
        correctsEntryId: null,
      },
    ],
    actions: [
      {
        id: 'a1',
        description: 'Call the carers',
        ownerStaffId: deputy,
        dueOn: '2026-07-16',
        completedAt: null,
      },
    ],
    referrals: [],
    evidence: [],
    closeWarnings: [],
    ...overrides,
  };
}

const people = new Map([
  [reporter, { name: 'Orla Brightwater', role: 'Staff' }],
  [dsl, { name: 'Dara Quennell', role: 'DSL' }],
  [deputy, { name: 'Pell Amberley', role: 'Deputy DSL' }],
]);

describe('the concern PDF', () => {
  it('reads as the web page does: London time, words not codes, names and roles not ids', async () => {
    const pdf = await renderConcernPdf(concern(), {
      people,
      exportedBy: { name: 'Dara Quennell', role: 'DSL' },
      exportedAt: new Date('2026-07-20T10:00:00Z'),
      compress: false,
    });
    const text = pdfPagesText(pdf).join(' ');
    // 21:05 UTC in July is 22:05 on London's clock (BST).
    expect(text).toContain('14 July 2026, 22:05 BST by Orla Brightwater (Staff)');
    expect(text).not.toMatch(/2026-07-14T|Z\b/);
    expect(text).toContain('Refer to an agency');
    expect(text).toContain('Action added, by Dara Quennell (DSL)');
    expect(text).toContain('owner Pell Amberley');
    expect(text).toContain('Assigned to: Pell Amberley (Deputy DSL)');
    expect(text).toContain('Alleged instigator');
    expect(text).toContain('DSL also told in person');
    for (const code of [
      'action_added',
      'toldDslInPerson',
      'alleged_instigator',
      ': refer',
      dsl,
      deputy,
      reporter,
    ])
      expect(text).not.toContain(code);
    expect(text).toContain('Exported by Dara Quennell (DSL) on 20 July 2026, 11:00 BST');
  });

  it('marks every page OFFICIAL-SENSITIVE and numbers it', async () => {
    const long = Array.from({ length: 140 }, (_, i) => `Line ${i + 1} of a long account.`).join('\n');
    const pdf = await renderConcernPdf(concern({ whatHappened: long }), {
      people,
      exportedBy: { name: 'Dara Quennell', role: 'DSL' },
      exportedAt: new Date('2026-12-02T09:30:00Z'),
    });
    const pages = pdfPagesText(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page.match(/OFFICIAL-SENSITIVE/g)?.length, `page ${i + 1}`).toBe(2);
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      // Winter: GMT.
      expect(page).toContain('Exported by Dara Quennell (DSL) on 2 December 2026, 09:30 GMT');
    });
  });

  it('formats instants on London time with the zone', () => {
    expect(formatLondonDateTime('2026-03-29T00:30:00Z')).toBe('29 March 2026, 00:30 GMT');
    expect(formatLondonDateTime('2026-03-29T01:30:00Z')).toBe('29 March 2026, 02:30 BST');
  });
});
