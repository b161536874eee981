import { recordAudit } from '../platform/audit/audit.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { canListPeople, canSeeCarerContact, canSeeDateOfBirth } from './people.permissions.js';
import {
  carersOfPupil,
  findCarerRow,
  findPupilRow,
  listStaffRows,
  pupilsOfCarer,
  searchPupilRows,
} from './people.repository.js';

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

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function schoolOf(actor: Actor, schoolId: string): string {
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

/** Finds pupils by name (given, preferred or family, each word a prefix) and year, a page at a time. */
export async function searchPupils(
  db: DbExecutor,
  actor: Actor,
  input: {
    schoolId: string;
    q?: string;
    year?: number;
    status?: 'current' | 'left' | 'all';
    offset?: number;
  },
): Promise<PupilSearchResult> {
  const schoolId = schoolOf(actor, input.schoolId);
  const words = (input.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const status = input.status === 'all' ? undefined : (input.status ?? 'current');
  const offset = Math.max(0, input.offset ?? 0);
  const { rows, total } = await searchPupilRows(db, schoolId, {
    words,
    ...(input.year === undefined ? {} : { year: input.year }),
    ...(status ? { status } : {}),
    limit: pupilSearchPageSize,
    offset,
  });
  return {
    pupils: rows.map((p) => ({
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      preferredName: p.preferred_name,
      yearGroup: p.year_group,
      status: p.status,
    })),
    total,
    offset,
    pageSize: pupilSearchPageSize,
  };
}

/** One pupil with their current carers. A pupil of another school is simply not found. */
export async function getPupil(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<PupilDetail> {
  const schoolId = schoolOf(actor, input.schoolId);
  const row = uuidPattern.test(input.id) ? await findPupilRow(db, schoolId, input.id) : undefined;
  if (!row) throw notFound('PupilNotFound', 'no such pupil');
  const contact = canSeeCarerContact(actor);
  const carers = await carersOfPupil(db, row.id);
  // A child's record is personal data: who looked, and whether they saw the protected fields, is kept.
  await recordAudit(db, {
    actor,
    schoolId,
    event: {
      type: 'people.pupil_viewed',
      subject: { type: 'pupil', id: row.id },
      data: { dateOfBirthShown: canSeeDateOfBirth(actor), carerContactShown: contact },
    },
  });
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    yearGroup: row.year_group,
    status: row.status,
    leftOn: row.left_on,
    dateOfBirth: canSeeDateOfBirth(actor) ? row.date_of_birth : null,
    carers: carers.map((c) => ({
      id: c.id,
      givenName: c.given_name,
      familyName: c.family_name,
      relationship: c.relationship,
      parentalResponsibility: c.parental_responsibility,
      email: contact ? c.email : null,
      phone: contact ? c.phone : null,
    })),
  };
}

export async function getCarer(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<CarerDetail> {
  const schoolId = schoolOf(actor, input.schoolId);
  const row = uuidPattern.test(input.id) ? await findCarerRow(db, schoolId, input.id) : undefined;
  if (!row) throw notFound('CarerNotFound', 'no such carer');
  const contact = canSeeCarerContact(actor);
  const pupils = await pupilsOfCarer(db, row.id);
  await recordAudit(db, {
    actor,
    schoolId,
    event: {
      type: 'people.carer_viewed',
      subject: { type: 'carer', id: row.id },
      data: { contactShown: contact },
    },
  });
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: contact ? row.email : null,
    phone: contact ? row.phone : null,
    pupils: pupils.map((p) => ({
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      preferredName: p.preferred_name,
      yearGroup: p.year_group,
      status: p.status,
      relationship: p.relationship,
      parentalResponsibility: p.parental_responsibility,
    })),
  };
}

export async function listStaff(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string },
): Promise<StaffListItem[]> {
  const schoolId = schoolOf(actor, input.schoolId);
  const rows = await listStaffRows(db, schoolId);
  return rows.map((s) => ({
    id: s.id,
    givenName: s.given_name,
    familyName: s.family_name,
    email: s.email,
    roles: [...s.roles],
    status: s.status,
  }));
}
