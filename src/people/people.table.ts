import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

export interface PupilTable {
  id: Generated<string>;
  school_id: string;
  /** The MIS id; unique within a school and the key a roster import matches on. */
  external_id: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  /** ISO date. */
  date_of_birth: string | null;
  /** 0 is Reception; 1–14 the National Curriculum years. */
  year_group: number | null;
  status: Generated<'current' | 'left'>;
  /** ISO date. */
  left_on: string | null;
  /** Unique Pupil Number, when the MIS gives it. */
  upn: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CarerTable {
  id: Generated<string>;
  school_id: string;
  external_id: string;
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CarerPupilLinkTable {
  id: Generated<string>;
  school_id: string;
  carer_id: string;
  pupil_id: string;
  relationship: string | null;
  parental_responsibility: Generated<boolean>;
  /** ISO date; null while the link holds. */
  ended_on: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RosterImportTable {
  id: Generated<string>;
  school_id: string;
  actor_staff_id: string | null;
  actor_label: string;
  at: Date;
  file_name: string;
  format: 'simple' | 'oneroster' | 'demo';
  full: boolean;
  /** Counts only, never names. */
  counts: JSONColumnType<Record<string, number>>;
}

export type PupilRow = Selectable<PupilTable>;
export type NewPupilRow = Insertable<PupilTable>;
export type CarerRow = Selectable<CarerTable>;
export type NewCarerRow = Insertable<CarerTable>;
export type CarerPupilLinkRow = Selectable<CarerPupilLinkTable>;
export type RosterImportRow = Selectable<RosterImportTable>;
