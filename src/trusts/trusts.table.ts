import type { Generated, Insertable, Selectable } from 'kysely';
import type { TrustRole } from '../platform/auth/roles.js';

export interface TrustTable {
  id: Generated<string>;
  name: string;
  created_at: Generated<Date>;
}

/** A school's place in a trust: a school belongs to one trust at most. */
export interface TrustSchoolTable {
  school_id: string;
  trust_id: string;
  joined_at: Generated<Date>;
}

/** Trust roles, held per trust (not per school). */
export interface TrustMembershipTable {
  id: Generated<string>;
  trust_id: string;
  staff_id: string;
  roles: TrustRole[];
  status: Generated<'active' | 'left'>;
  created_at: Generated<Date>;
}

/** A version of a policy text the trust offers its schools. */
export interface TrustPolicyTemplateTable {
  id: Generated<string>;
  trust_id: string;
  label: string;
  format: 'text' | 'markdown';
  document_text: string;
  /** SHA-256 of the template's text: an adoption that kept it unchanged has the same hash. */
  document_hash: string;
  published_by_staff_id: string | null;
  created_at: Generated<Date>;
}

/** A school took a template version as its own new policy version (as it was, or adapted). */
export interface TrustTemplateAdoptionTable {
  id: Generated<string>;
  template_id: string;
  school_id: string;
  policy_version_id: string;
  adapted: boolean;
  adopted_by_staff_id: string | null;
  adopted_at: Generated<Date>;
}

export type TrustRow = Selectable<TrustTable>;
export type TrustMembershipRow = Selectable<TrustMembershipTable>;
export type NewTrustMembershipRow = Insertable<TrustMembershipTable>;
export type TrustPolicyTemplateRow = Selectable<TrustPolicyTemplateTable>;
export type TrustTemplateAdoptionRow = Selectable<TrustTemplateAdoptionTable>;
