import { sql } from 'kysely';
import type { Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { PupilRow } from './people.table.js';
import type {
  ExistingCarer,
  ExistingLink,
  ExistingPupil,
  ExistingStaff,
  LinkWrite,
  PupilWrite,
  RosterState,
} from './roster-diff.js';
import type { ParsedCarer } from './roster-parse.js';

/** The roster import's SQL: what an import compares against, and its batched writes. */

// Rows per multi-row insert: big enough to cut round trips, well under PostgreSQL's 65,535 parameters.
const batchSize = 500;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += batchSize) out.push(items.slice(i, i + batchSize));
  return out;
}

/** Everything an import compares against, in four queries. */
export async function loadRosterState(
  db: DbExecutor,
  schoolId: string,
  staffEmails: readonly string[],
): Promise<RosterState> {
  const pupils = await db.selectFrom('pupils').selectAll().where('school_id', '=', schoolId).execute();
  const carers = await db.selectFrom('carers').selectAll().where('school_id', '=', schoolId).execute();
  const links = await db
    .selectFrom('carer_pupil_links as l')
    .innerJoin('carers as c', 'c.id', 'l.carer_id')
    .innerJoin('pupils as p', 'p.id', 'l.pupil_id')
    .select([
      'c.external_id as carer_external_id',
      'p.external_id as pupil_external_id',
      'l.relationship',
      'l.parental_responsibility',
      'l.ended_on',
    ])
    .where('l.school_id', '=', schoolId)
    .execute();
  const staff = await db
    .selectFrom('staff as s')
    .leftJoin('staff_memberships as m', (join) =>
      join.onRef('m.staff_id', '=', 's.id').on('m.school_id', '=', schoolId),
    )
    .select([
      's.id',
      's.email',
      's.given_name',
      's.family_name',
      'm.id as membership_id',
      'm.external_id',
      'm.roles',
      'm.status',
    ])
    .where((eb) =>
      staffEmails.length > 0
        ? eb.or([eb('m.id', 'is not', null), eb('s.email', 'in', [...staffEmails])])
        : eb('m.id', 'is not', null),
    )
    .execute();
  return {
    pupils: pupils.map(toExistingPupil),
    carers: carers.map(
      (c): ExistingCarer => ({
        id: c.id,
        externalId: c.external_id,
        givenName: c.given_name,
        familyName: c.family_name,
        email: c.email,
        phone: c.phone,
      }),
    ),
    links: links.map(
      (l): ExistingLink => ({
        carerExternalId: l.carer_external_id,
        pupilExternalId: l.pupil_external_id,
        relationship: l.relationship,
        parentalResponsibility: l.parental_responsibility,
        endedOn: l.ended_on,
      }),
    ),
    staff: staff.map(
      (s): ExistingStaff => ({
        staffId: s.id,
        email: s.email,
        givenName: s.given_name,
        familyName: s.family_name,
        membership:
          s.membership_id === null
            ? undefined
            : { externalId: s.external_id, roles: (s.roles ?? []) as Role[], status: s.status ?? 'active' },
      }),
    ),
  };
}

function toExistingPupil(p: PupilRow): ExistingPupil {
  return {
    id: p.id,
    externalId: p.external_id,
    givenName: p.given_name,
    familyName: p.family_name,
    preferredName: p.preferred_name,
    dateOfBirth: p.date_of_birth,
    yearGroup: p.year_group,
    status: p.status,
    leftOn: p.left_on,
    upn: p.upn,
  };
}

/** Inserts new pupils and updates changed ones (matched on the school's external id), in batches. */
export async function upsertPupils(
  db: DbExecutor,
  schoolId: string,
  pupils: readonly PupilWrite[],
): Promise<void> {
  for (const batch of batches(pupils)) {
    await db
      .insertInto('pupils')
      .values(
        batch.map((p) => ({
          school_id: schoolId,
          external_id: p.externalId,
          given_name: p.givenName,
          family_name: p.familyName,
          preferred_name: p.preferredName,
          date_of_birth: p.dateOfBirth,
          year_group: p.yearGroup,
          status: p.status,
          left_on: p.leftOn,
          upn: p.upn,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['school_id', 'external_id']).doUpdateSet((eb) => ({
          given_name: eb.ref('excluded.given_name'),
          family_name: eb.ref('excluded.family_name'),
          preferred_name: eb.ref('excluded.preferred_name'),
          date_of_birth: eb.ref('excluded.date_of_birth'),
          year_group: eb.ref('excluded.year_group'),
          status: eb.ref('excluded.status'),
          left_on: eb.ref('excluded.left_on'),
          upn: eb.ref('excluded.upn'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export async function upsertCarers(
  db: DbExecutor,
  schoolId: string,
  carers: readonly ParsedCarer[],
): Promise<void> {
  for (const batch of batches(carers)) {
    await db
      .insertInto('carers')
      .values(
        batch.map((c) => ({
          school_id: schoolId,
          external_id: c.externalId,
          given_name: c.givenName,
          family_name: c.familyName,
          email: c.email,
          phone: c.phone,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['school_id', 'external_id']).doUpdateSet((eb) => ({
          given_name: eb.ref('excluded.given_name'),
          family_name: eb.ref('excluded.family_name'),
          email: eb.ref('excluded.email'),
          phone: eb.ref('excluded.phone'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

/** External id → row id, for the school's pupils and carers (links are written by row id). */
export async function idsByExternalId(
  db: DbExecutor,
  schoolId: string,
): Promise<{ pupils: Map<string, string>; carers: Map<string, string> }> {
  const pupils = await db
    .selectFrom('pupils')
    .select(['id', 'external_id'])
    .where('school_id', '=', schoolId)
    .execute();
  const carers = await db
    .selectFrom('carers')
    .select(['id', 'external_id'])
    .where('school_id', '=', schoolId)
    .execute();
  return {
    pupils: new Map(pupils.map((p) => [p.external_id, p.id])),
    carers: new Map(carers.map((c) => [c.external_id, c.id])),
  };
}

/** Inserts links, or updates and re-opens existing ones. */
export async function upsertLinks(
  db: DbExecutor,
  schoolId: string,
  links: readonly LinkWrite[],
  ids: { pupils: Map<string, string>; carers: Map<string, string> },
): Promise<void> {
  for (const batch of batches(links)) {
    await db
      .insertInto('carer_pupil_links')
      .values(
        batch.map((l) => ({
          school_id: schoolId,
          carer_id: ids.carers.get(l.carerExternalId) as string,
          pupil_id: ids.pupils.get(l.pupilExternalId) as string,
          relationship: l.relationship,
          parental_responsibility: l.parentalResponsibility,
          ended_on: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['carer_id', 'pupil_id']).doUpdateSet((eb) => ({
          relationship: eb.ref('excluded.relationship'),
          parental_responsibility: eb.ref('excluded.parental_responsibility'),
          ended_on: null,
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export async function endLinks(
  db: DbExecutor,
  links: readonly { carerExternalId: string; pupilExternalId: string }[],
  ids: { pupils: Map<string, string>; carers: Map<string, string> },
  today: string,
): Promise<void> {
  for (const batch of batches(links)) {
    await db
      .updateTable('carer_pupil_links')
      .set({ ended_on: today, updated_at: sql<Date>`now()` })
      .where((eb) =>
        eb.or(
          batch.map((l) =>
            eb.and([
              eb('carer_id', '=', ids.carers.get(l.carerExternalId) as string),
              eb('pupil_id', '=', ids.pupils.get(l.pupilExternalId) as string),
            ]),
          ),
        ),
      )
      .execute();
  }
}

/** Creates people new to the deployment; returns email → staff id. */
export async function insertStaff(
  db: DbExecutor,
  rows: readonly { email: string; givenName: string; familyName: string }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const batch of batches(rows)) {
    const inserted = await db
      .insertInto('staff')
      .values(batch.map((s) => ({ email: s.email, given_name: s.givenName, family_name: s.familyName })))
      .returning(['id', 'email'])
      .execute();
    for (const row of inserted) ids.set(row.email, row.id);
  }
  return ids;
}

export async function updateStaffNames(
  db: DbExecutor,
  staffId: string,
  names: { givenName: string; familyName: string },
): Promise<void> {
  await db
    .updateTable('staff')
    .set({ given_name: names.givenName, family_name: names.familyName, updated_at: sql<Date>`now()` })
    .where('id', '=', staffId)
    .execute();
}

export async function upsertMemberships(
  db: DbExecutor,
  schoolId: string,
  rows: readonly { staffId: string; externalId: string; roles: Role[] }[],
): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('staff_memberships')
      .values(
        batch.map((m) => ({
          school_id: schoolId,
          staff_id: m.staffId,
          external_id: m.externalId,
          roles: m.roles,
          status: 'active' as const,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['school_id', 'staff_id']).doUpdateSet((eb) => ({
          external_id: eb.ref('excluded.external_id'),
          roles: eb.ref('excluded.roles'),
          // Back on the roster: no longer left (their old handover stays as it is: see open-staff-handover.ts).
          status: 'active',
          left_on: null,
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export async function insertRosterImport(
  db: DbExecutor,
  row: {
    schoolId: string;
    actorStaffId: string | null;
    actorLabel: string;
    at: Date;
    fileName: string;
    format: 'simple' | 'oneroster' | 'demo';
    full: boolean;
    counts: Record<string, number>;
  },
): Promise<string> {
  const inserted = await db
    .insertInto('roster_imports')
    .values({
      school_id: row.schoolId,
      actor_staff_id: row.actorStaffId,
      actor_label: row.actorLabel,
      at: row.at,
      file_name: row.fileName,
      format: row.format,
      full: row.full,
      counts: JSON.stringify(row.counts),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
