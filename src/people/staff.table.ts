import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../platform/auth/roles.js';

export interface StaffTable {
  id: Generated<string>;
  /** Lower case; the sign-in identity and the address notifications go to. */
  email: string;
  given_name: string;
  family_name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StaffMembershipTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  roles: Role[];
  external_id: string | null;
  manager_staff_id: string | null;
  status: Generated<'active' | 'left'>;
  /** The day the membership ended (marked by hand or by a whole-roster import); null while active. */
  left_on: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type StaffRow = Selectable<StaffTable>;
export type NewStaffRow = Insertable<StaffTable>;
export type StaffMembershipRow = Selectable<StaffMembershipTable>;
export type NewStaffMembershipRow = Insertable<StaffMembershipTable>;
