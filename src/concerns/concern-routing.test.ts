import { describe, expect, it } from 'vitest';
import { acknowledgementDeadline, addSchoolDays, retentionUntil } from './concern-deadlines.js';
import { routeConcern, type StaffInSchool } from './concern-routing.js';

const staff: StaffInSchool[] = [
  { staffId: 'dsl', roles: ['staff', 'dsl'] },
  { staffId: 'deputy', roles: ['staff', 'deputy_dsl'] },
  { staffId: 'head', roles: ['headteacher'] },
  { staffId: 'teacher', roles: ['staff'] },
  { staffId: 'deputy-and-teacher', roles: ['staff', 'deputy_dsl'] },
];
const chair = { label: 'Chair of governors', email: 'chair@governors.example' };
const ids = (chain: ReturnType<typeof routeConcern>) =>
  chain.map((level) => level.map((r) => (r.kind === 'staff' ? r.staffId : r.email)));

describe('routeConcern', () => {
  it.each(['pupil_contact', 'inappropriate_communication', 'other_online_safety'] as const)(
    'sends %s to the DSL and deputies, then the head, then the chair (1.2, 1.3)',
    (type) => {
      expect(ids(routeConcern({ type, subjectStaffId: null, staff, chairOfGovernors: chair }))).toEqual([
        ['dsl', 'deputy', 'deputy-and-teacher'],
        ['head'],
        ['chair@governors.example'],
      ]);
    },
  );

  it('sends staff conduct to the headteacher, then the chair, never to the person concerned', () => {
    const chain = routeConcern({
      type: 'staff_conduct',
      subjectStaffId: 'teacher',
      staff,
      chairOfGovernors: chair,
    });
    expect(ids(chain)).toEqual([['head'], ['chair@governors.example']]);
  });

  it('sends a concern about the headteacher to the chair of governors only', () => {
    const chain = routeConcern({
      type: 'staff_conduct',
      subjectStaffId: 'head',
      staff,
      chairOfGovernors: chair,
    });
    expect(ids(chain)).toEqual([['chair@governors.example']]);
  });

  it('sends a concern about the DSL, with no head or chair to hear it, to the deputies and not the DSL', () => {
    const chain = routeConcern({
      type: 'staff_conduct',
      subjectStaffId: 'dsl',
      staff: staff.filter((s) => s.staffId !== 'head'),
      chairOfGovernors: null,
    });
    // No head, no chair: the deputies hear it, the DSL concerned does not.
    expect(ids(chain)).toEqual([['deputy', 'deputy-and-teacher']]);
  });

  it('drops empty levels', () => {
    const chain = routeConcern({
      type: 'pupil_contact',
      subjectStaffId: null,
      staff: [{ staffId: 'head', roles: ['headteacher'] }],
      chairOfGovernors: null,
    });
    expect(ids(chain)).toEqual([['head']]);
  });
});

describe('deadlines', () => {
  it('gives urgent concerns minutes and routine ones working days', () => {
    const settings = { urgentAckMinutes: 15, routineAckWorkingDays: 1 };
    const friday = new Date('2026-11-27T16:00:00Z');
    expect(acknowledgementDeadline('urgent', friday, settings).toISOString()).toBe(
      '2026-11-27T16:15:00.000Z',
    );
    expect(acknowledgementDeadline('routine', friday, settings).toISOString()).toBe(
      '2026-11-30T16:00:00.000Z',
    );
    const tuesday = new Date('2026-11-24T09:00:00Z');
    expect(acknowledgementDeadline('routine', tuesday, settings).toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it('counts 5 school days for a transfer', () => {
    expect(addSchoolDays('2026-11-27', 5)).toBe('2026-12-04');
    expect(addSchoolDays('2026-11-24', 5)).toBe('2026-12-01');
    // Over Christmas: 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    expect(addSchoolDays('2026-12-23', 5)).toBe('2027-01-04');
  });

  it('skips bank holidays for a routine acknowledgement', () => {
    const settings = { urgentAckMinutes: 15, routineAckWorkingDays: 1 };
    // Thursday before Easter 2027 (Good Friday 26 March, Easter Monday 29 March) → Tuesday.
    expect(acknowledgementDeadline('routine', new Date('2027-03-25T10:00:00Z'), settings).toISOString()).toBe(
      '2027-03-30T09:00:00.000Z',
    );
  });

  it('keeps records until the youngest pupil is 25', () => {
    expect(retentionUntil(['2012-03-04', '2014-09-30', null])).toBe('2039-09-30');
    expect(retentionUntil(['2012-02-29'])).toBe('2037-03-01');
    expect(retentionUntil([null])).toBeNull();
  });
});
