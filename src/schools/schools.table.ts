import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface SchoolTable {
  id: Generated<string>;
  name: string;
  /** Unique Reference Number given by the DfE: six digits. */
  urn: string | null;
  /** Domains of the school's official email accounts, lower case, e.g. `take1studios.example`. */
  official_email_domains: string[];
  website: string | null;
  aup_url: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type SchoolRow = Selectable<SchoolTable>;
export type NewSchoolRow = Insertable<SchoolTable>;
export type SchoolUpdate = Updateable<SchoolTable>;
