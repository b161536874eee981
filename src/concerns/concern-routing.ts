import type { Role } from '../platform/auth/roles.js';
import type { ConcernType } from './concerns.table.js';

/** A member of staff active in the school, with their roles there. */
export interface StaffInSchool {
  staffId: string;
  roles: readonly Role[];
}

/** Someone outside the staff list who is told by email only (the chair of governors' contact). */
export interface OutsideContact {
  label: string;
  email: string;
}

export type Recipient =
  | { kind: 'staff'; staffId: string }
  | { kind: 'contact'; label: string; email: string };

export interface RoutingInput {
  type: ConcernType;
  /** For staff_conduct: the adult the concern is about. */
  subjectStaffId: string | null;
  staff: readonly StaffInSchool[];
  chairOfGovernors: OutsideContact | null;
}

const holding = (staff: readonly StaffInSchool[], ...roles: Role[]): Recipient[] =>
  staff
    .filter((s) => roles.some((r) => s.roles.includes(r)))
    .map((s): Recipient => ({ kind: 'staff', staffId: s.staffId }));

/**
 * Who is alerted about a concern, as a chain: the first level at once, each later level when nobody has
 * acknowledged in time. Pure. Clauses 1.2 and 1.3 send pupil concerns to the DSL (and deputies, who cover
 * for the DSL); a concern about an adult goes to the headteacher, or to the chair of governors when it is
 * about the headteacher. The person a concern is about is never alerted at any level, and empty levels
 * are dropped.
 */
export function routeConcern(input: RoutingInput): Recipient[][] {
  const staff = input.staff.filter((s) => s.staffId !== input.subjectStaffId);
  const chair: Recipient[] = input.chairOfGovernors ? [{ kind: 'contact', ...input.chairOfGovernors }] : [];
  let chain: Recipient[][];
  if (input.type !== 'staff_conduct') {
    chain = [holding(staff, 'dsl', 'deputy_dsl'), holding(staff, 'headteacher'), chair];
  } else {
    const aboutHead = input.staff.some(
      (s) => s.staffId === input.subjectStaffId && s.roles.includes('headteacher'),
    );
    chain = aboutHead ? [chair] : [holding(staff, 'headteacher'), chair];
    // Without a headteacher or chair to hear it, a concern about an adult still reaches the DSL: a concern
    // that reaches nobody is the one outcome that is never acceptable.
    if (chain.every((level) => level.length === 0)) chain.push(holding(staff, 'dsl', 'deputy_dsl'));
  }
  return chain.filter((level) => level.length > 0);
}
