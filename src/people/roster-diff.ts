import type { Role } from '../platform/auth/roles.js';
import type { ParsedCarer, ParsedPupil, ParsedRoster, ParsedStaff } from './roster-parse.js';

/**
 * What an import would change, worked out from what the school holds now and what the file says. Pure:
 * the service loads the state, calls this, shows or writes the plan.
 */

export interface ExistingPupil {
  id: string;
  externalId: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
  leftOn: string | null;
  upn: string | null;
}

export interface ExistingCarer {
  id: string;
  externalId: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
}

export interface ExistingLink {
  carerExternalId: string;
  pupilExternalId: string;
  relationship: string | null;
  parentalResponsibility: boolean;
  endedOn: string | null;
}

export interface ExistingStaff {
  staffId: string;
  email: string;
  givenName: string;
  familyName: string;
  /** This school's membership, when there is one. */
  membership: { externalId: string | null; roles: Role[]; status: 'active' | 'left' } | undefined;
}

export interface RosterState {
  pupils: readonly ExistingPupil[];
  carers: readonly ExistingCarer[];
  links: readonly ExistingLink[];
  /** Staff of this school, and any staff elsewhere whose email the file names. */
  staff: readonly ExistingStaff[];
}

export interface DiffEntry {
  externalId: string;
  name: string;
  /** For updates: the fields that change. */
  changes?: string[];
}

export interface RosterDiff {
  pupils: { added: DiffEntry[]; updated: DiffEntry[]; leavers: DiffEntry[]; unchanged: number };
  carers: { added: DiffEntry[]; updated: DiffEntry[]; unchanged: number };
  /** Leavers: staff who were on an earlier roster and are missing from this whole one. */
  staff: { added: DiffEntry[]; updated: DiffEntry[]; leavers: DiffEntry[]; unchanged: number };
  links: { added: number; updated: number; ended: number };
}

export interface PupilWrite {
  externalId: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
  leftOn: string | null;
  upn: string | null;
}

export interface StaffWrite {
  /** Undefined for a person new to the deployment. */
  staffId: string | undefined;
  email: string;
  givenName: string;
  familyName: string;
  externalId: string;
  roles: Role[];
  namesChanged: boolean;
}

export interface LinkWrite {
  carerExternalId: string;
  pupilExternalId: string;
  relationship: string | null;
  parentalResponsibility: boolean;
}

export interface RosterPlan {
  diff: RosterDiff;
  /** Pupils to insert or update (leavers included). */
  pupils: PupilWrite[];
  carers: ParsedCarer[];
  /** Links to insert, update or re-open. */
  links: LinkWrite[];
  /** Links to end: carer and pupil external ids. */
  endedLinks: { carerExternalId: string; pupilExternalId: string }[];
  staff: StaffWrite[];
  /** Staff whose membership ends (a whole roster that no longer lists them). */
  staffLeavers: { staffId: string; externalId: string; name: string }[];
  /**
   * More than STAFF_LEAVERS_CONFIRM_SHARE of the school's active staff would leave: a truncated file looks
   * like this, so the import is refused unless the importer confirms.
   */
  staffLeaversNeedConfirmation: boolean;
  /** Staff external ids already used in this school by someone else (the import is refused). */
  conflicts: string[];
}

function displayName(p: { givenName: string; familyName: string }): string {
  return `${p.givenName} ${p.familyName}`;
}

function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): string[] {
  return fields.filter((f) => before[f] !== after[f]);
}

const pupilFields = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'yearGroup',
  'status',
  'leftOn',
  'upn',
] as const;

function pupilWrite(parsed: ParsedPupil, existing: ExistingPupil | undefined, today: string): PupilWrite {
  // A leaver keeps the date they were first seen to leave; someone back on roll has no leaving date.
  const leftOn = parsed.status === 'left' ? (parsed.leftOn ?? existing?.leftOn ?? today) : null;
  return {
    externalId: parsed.externalId,
    givenName: parsed.givenName,
    familyName: parsed.familyName,
    preferredName: parsed.preferredName,
    dateOfBirth: parsed.dateOfBirth,
    yearGroup: parsed.yearGroup,
    status: parsed.status,
    leftOn,
    upn: parsed.upn,
  };
}

function linkKey(carer: string, pupil: string): string {
  return `${carer}\u0000${pupil}`;
}

/** Above this share of the school's active staff, staff leavers from one import need the importer's yes. */
export const STAFF_LEAVERS_CONFIRM_SHARE = 0.1;

/**
 * Plans an import. A full import says "this is everyone on roll": current pupils missing from it become
 * leavers (status left, left today), and so do members of staff who came from a roster (they have an
 * external id) and are missing from it, when the file lists staff at all (a pupils-only export says
 * nothing about staff). Staff added by hand, without an external id, are never ended by absence, nor is
 * the person importing (someone else marks them left, as by hand). Carers are never ended by absence: a
 * missing carer may simply have no current child.
 */
export function planRosterImport(
  state: RosterState,
  roster: Omit<ParsedRoster, 'format'>,
  options: { full: boolean; today: string; importerStaffId?: string | undefined },
): RosterPlan {
  const diff: RosterDiff = {
    pupils: { added: [], updated: [], leavers: [], unchanged: 0 },
    carers: { added: [], updated: [], unchanged: 0 },
    staff: { added: [], updated: [], leavers: [], unchanged: 0 },
    links: { added: 0, updated: 0, ended: 0 },
  };
  const plan: RosterPlan = {
    diff,
    pupils: [],
    carers: [],
    links: [],
    endedLinks: [],
    staff: [],
    staffLeavers: [],
    staffLeaversNeedConfirmation: false,
    conflicts: [],
  };

  const pupilsById = new Map(state.pupils.map((p) => [p.externalId, p]));
  for (const parsed of roster.pupils) {
    const existing = pupilsById.get(parsed.externalId);
    const write = pupilWrite(parsed, existing, options.today);
    if (!existing) {
      diff.pupils.added.push({ externalId: write.externalId, name: displayName(write) });
      plan.pupils.push(write);
      continue;
    }
    const changes = changedFields(existing, { ...existing, ...write }, pupilFields);
    if (changes.length === 0) diff.pupils.unchanged += 1;
    else {
      diff.pupils.updated.push({ externalId: write.externalId, name: displayName(write), changes });
      plan.pupils.push(write);
    }
  }
  if (options.full) {
    const inFile = new Set(roster.pupils.map((p) => p.externalId));
    for (const existing of state.pupils) {
      if (existing.status !== 'current' || inFile.has(existing.externalId)) continue;
      diff.pupils.leavers.push({ externalId: existing.externalId, name: displayName(existing) });
      plan.pupils.push({ ...existing, status: 'left', leftOn: options.today });
    }
  }

  const carersById = new Map(state.carers.map((c) => [c.externalId, c]));
  const carerFields = ['givenName', 'familyName', 'email', 'phone'] as const;
  for (const parsed of roster.carers) {
    const existing = carersById.get(parsed.externalId);
    if (!existing) {
      diff.carers.added.push({ externalId: parsed.externalId, name: displayName(parsed) });
      plan.carers.push(parsed);
      continue;
    }
    const changes = changedFields(existing, { ...existing, ...parsed }, carerFields);
    if (changes.length === 0) diff.carers.unchanged += 1;
    else {
      diff.carers.updated.push({ externalId: parsed.externalId, name: displayName(parsed), changes });
      plan.carers.push(parsed);
    }
  }

  const linksByKey = new Map(state.links.map((l) => [linkKey(l.carerExternalId, l.pupilExternalId), l]));
  for (const carer of roster.carers) {
    const wanted = new Set<string>();
    for (const link of carer.links) {
      const key = linkKey(carer.externalId, link.pupilExternalId);
      wanted.add(key);
      const existing = linksByKey.get(key);
      const write: LinkWrite = { carerExternalId: carer.externalId, ...link };
      if (!existing || existing.endedOn !== null) {
        diff.links.added += 1;
        plan.links.push(write);
      } else if (
        existing.relationship !== link.relationship ||
        existing.parentalResponsibility !== link.parentalResponsibility
      ) {
        diff.links.updated += 1;
        plan.links.push(write);
      }
    }
    for (const existing of state.links) {
      if (existing.carerExternalId !== carer.externalId || existing.endedOn !== null) continue;
      if (wanted.has(linkKey(existing.carerExternalId, existing.pupilExternalId))) continue;
      diff.links.ended += 1;
      plan.endedLinks.push({
        carerExternalId: existing.carerExternalId,
        pupilExternalId: existing.pupilExternalId,
      });
    }
  }

  const staffByEmail = new Map(state.staff.map((s) => [s.email, s]));
  const memberByExternalId = new Map(
    state.staff.flatMap((s) => (s.membership?.externalId ? [[s.membership.externalId, s] as const] : [])),
  );
  for (const parsed of roster.staff) {
    planStaff(parsed, staffByEmail.get(parsed.email), memberByExternalId.get(parsed.externalId), plan);
  }
  if (options.full && roster.staff.length > 0) planStaffLeavers(state, roster, options.importerStaffId, plan);
  return plan;
}

function planStaffLeavers(
  state: RosterState,
  roster: Omit<ParsedRoster, 'format'>,
  importerStaffId: string | undefined,
  plan: RosterPlan,
): void {
  const emails = new Set(roster.staff.map((s) => s.email));
  const externalIds = new Set(roster.staff.map((s) => s.externalId));
  const active = state.staff.filter((s) => s.membership?.status === 'active');
  for (const existing of active) {
    const externalId = existing.membership?.externalId;
    if (!externalId || existing.staffId === importerStaffId) continue;
    if (emails.has(existing.email) || externalIds.has(externalId)) continue;
    const name = displayName(existing);
    plan.diff.staff.leavers.push({ externalId, name });
    plan.staffLeavers.push({ staffId: existing.staffId, externalId, name });
  }
  plan.staffLeaversNeedConfirmation =
    plan.staffLeavers.length > STAFF_LEAVERS_CONFIRM_SHARE * Math.max(1, active.length);
}

function planStaff(
  parsed: ParsedStaff,
  existing: ExistingStaff | undefined,
  holderOfId: ExistingStaff | undefined,
  plan: RosterPlan,
): void {
  if (holderOfId && holderOfId.email !== parsed.email) {
    plan.conflicts.push(parsed.externalId);
    return;
  }
  const membership = existing?.membership;
  const roles = parsed.roles ?? membership?.roles ?? ['staff'];
  const namesChanged =
    existing !== undefined &&
    (existing.givenName !== parsed.givenName || existing.familyName !== parsed.familyName);
  const write: StaffWrite = {
    staffId: existing?.staffId,
    email: parsed.email,
    givenName: parsed.givenName,
    familyName: parsed.familyName,
    externalId: parsed.externalId,
    roles,
    namesChanged,
  };
  const entry = { externalId: parsed.externalId, name: displayName(parsed) };
  if (!membership) {
    plan.diff.staff.added.push(entry);
    plan.staff.push(write);
    return;
  }
  const changes: string[] = [];
  if (existing && existing.givenName !== parsed.givenName) changes.push('givenName');
  if (existing && existing.familyName !== parsed.familyName) changes.push('familyName');
  if (membership.externalId !== parsed.externalId) changes.push('externalId');
  if ([...membership.roles].sort().join() !== [...roles].sort().join()) changes.push('roles');
  if (membership.status !== 'active') changes.push('status');
  if (changes.length === 0) plan.diff.staff.unchanged += 1;
  else {
    plan.diff.staff.updated.push({ ...entry, changes });
    plan.staff.push(write);
  }
}

/** Counts only: what the audit log and the import history keep (never names). */
export function diffCounts(diff: RosterDiff): Record<string, number> {
  return {
    pupilsAdded: diff.pupils.added.length,
    pupilsUpdated: diff.pupils.updated.length,
    pupilsLeft: diff.pupils.leavers.length,
    carersAdded: diff.carers.added.length,
    carersUpdated: diff.carers.updated.length,
    staffAdded: diff.staff.added.length,
    staffUpdated: diff.staff.updated.length,
    staffLeft: diff.staff.leavers.length,
    linksAdded: diff.links.added,
    linksUpdated: diff.links.updated,
    linksEnded: diff.links.ended,
  };
}
