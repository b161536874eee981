import type { Actor, Role } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { canListPeople } from './people.permissions.js';

export interface PupilListItem {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
}

export interface PupilDetail extends PupilListItem {
  /** Only for roles that may see it; null otherwise or when unknown. */
  dateOfBirth: string | null;
  leftOn: string | null;
  carers: {
    id: string;
    givenName: string;
    familyName: string;
    relationship: string | null;
    parentalResponsibility: boolean;
    email: string | null;
    phone: string | null;
  }[];
}

export interface CarerDetail {
  id: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  pupils: (PupilListItem & { relationship: string | null; parentalResponsibility: boolean })[];
}

export interface StaffListItem {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  roles: Role[];
  status: 'active' | 'left';
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function schoolOf(actor: Actor, schoolId: string): string {
  if (!canListPeople(actor, schoolId)) throw forbidden('PeopleForbidden', 'you do not work at this school');
  return schoolId;
}

/** How many pupils a search answers at once; the answer says how many match in all. */
export const pupilSearchPageSize = 50;

export interface PupilSearchResult {
  pupils: PupilListItem[];
  /** How many pupils match in all (the page holds at most `pupilSearchPageSize` of them). */
  total: number;
  offset: number;
  pageSize: number;
}
