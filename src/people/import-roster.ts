import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { systemClock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid } from '../platform/errors.js';
import type { ZipLimits } from '../platform/uploads/zip.js';
import type { PeopleDeps } from './mark-staff-left.js';
import { canImportRoster } from './people.permissions.js';
import {
  endLinks,
  idsByExternalId,
  insertRosterImport,
  insertStaff,
  loadRosterState,
  updateStaffNames,
  upsertCarers,
  upsertLinks,
  upsertMemberships,
  upsertPupils,
} from './roster.repository.js';
import { diffCounts, planRosterImport, type RosterDiff } from './roster-diff.js';
import { type ParsedRoster, parseRosterUploads, type RosterUpload } from './roster-parse.js';

/** Reports how far a write has got, for a progress bar: `done` of `total` steps. */
export type ImportProgress = (done: number, total: number) => void;

export interface ImportRosterInput {
  schoolId: string;
  files: readonly RosterUpload[];
  /** What a zip may unpack to (GUARDPOST_MAX_UNZIPPED_MB); the default when not given. */
  zipLimits?: ZipLimits;
  /** Work out and return the diff; write nothing. */
  dryRun: boolean;
  /**
   * The file lists everyone on roll: current pupils missing from it become leavers, and so do staff who came
   * from a roster and are missing from it (when it lists staff at all).
   */
  full: boolean;
  /** The importer has seen that more than a tenth of the staff would be marked left, and means it. */
  confirmStaffLeavers?: boolean;
  /** ISO date leavers are marked as leaving on; the school's today by default. */
  today?: string;
  onProgress?: ImportProgress;
}

export interface ImportRosterResult {
  format: 'simple' | 'oneroster' | 'demo';
  dryRun: boolean;
  full: boolean;
  diff: RosterDiff;
  counts: Record<string, number>;
  /** So many staff would be marked left that the import needs `confirmStaffLeavers`. */
  staffLeaversNeedConfirmation: boolean;
  /** The roster_imports row, when written. */
  importId: string | null;
}

/**
 * Imports a roster: parse (refusing the whole file on any problem), compare with what the school holds,
 * and unless it is a dry run write every change in one transaction with its audit event. A failure at
 * any point leaves the school's people as they were.
 */
export async function importRoster(
  db: Db,
  actor: Actor,
  input: ImportRosterInput,
  deps: RosterImportDeps,
): Promise<ImportRosterResult> {
  if (!canImportRoster(actor, input.schoolId))
    throw forbidden('RosterImportForbidden', 'only an admin or the headteacher may import the roster');
  const roster = parseRosterUploads(input.files, input.zipLimits);
  const fileName = input.files.map((f) => f.name).join(', ');
  return applyRoster(db, actor, { ...input, roster, fileName }, deps);
}

/** Who reacts when an import ends a member of staff's membership: the same listener as marking them by hand. */
export type RosterImportDeps = Pick<PeopleDeps, 'onStaffLeft'>;

/** The write half of an import, for rosters that did not come from a file (the demo school). */
export async function applyRoster(
  db: Db,
  actor: Actor,
  input: {
    schoolId: string;
    roster: ParsedRoster | (Omit<ParsedRoster, 'format'> & { format: 'demo' });
    fileName: string;
    dryRun: boolean;
    full: boolean;
    confirmStaffLeavers?: boolean;
    today?: string;
    onProgress?: ImportProgress;
  },
  /** Needed only by an import that ends staff memberships (a full one); the demo seeds are partial. */
  deps?: RosterImportDeps,
): Promise<ImportRosterResult> {
  if (!canImportRoster(actor, input.schoolId))
    throw forbidden('RosterImportForbidden', 'only an admin or the headteacher may import the roster');
  const { roster } = input;
  if (input.full && roster.pupils.length === 0)
    throw invalid('RosterEmpty', 'a full import with no pupils would mark every pupil as left; refused');
  const today = input.today ?? systemClock.today();
  return db.transaction().execute(async (tx) => {
    const state = await loadRosterState(
      tx,
      input.schoolId,
      roster.staff.map((s) => s.email),
    );
    const plan = planRosterImport(state, roster, {
      full: input.full,
      today,
      importerStaffId: actor.kind === 'staff' ? actor.staffId : undefined,
    });
    if (plan.conflicts.length > 0) {
      throw conflict(
        'RosterStaffIdTaken',
        `staff external id already belongs to someone else in this school: ${plan.conflicts.join(', ')}`,
      );
    }
    const counts = diffCounts(plan.diff);
    const base = {
      format: roster.format,
      dryRun: input.dryRun,
      full: input.full,
      diff: plan.diff,
      counts,
      staffLeaversNeedConfirmation: plan.staffLeaversNeedConfirmation,
    };
    if (input.dryRun) return { ...base, importId: null };
    if (plan.staffLeaversNeedConfirmation && !input.confirmStaffLeavers)
      throw invalid(
        'RosterStaffLeaversUnconfirmed',
        `this import would mark ${plan.staffLeavers.length} members of staff as left, more than a tenth of the staff: check the file is the whole roster, then confirm`,
      );
    if (plan.staffLeavers.length > 0 && !deps)
      throw new Error('a roster import that marks staff as left needs the onStaffLeft listener');

    const progress = input.onProgress ?? (() => {});
    const total = 6;
    progress(0, total);
    await upsertPupils(tx, input.schoolId, plan.pupils);
    progress(1, total);
    await upsertCarers(tx, input.schoolId, plan.carers);
    progress(2, total);
    const ids = await idsByExternalId(tx, input.schoolId);
    await upsertLinks(tx, input.schoolId, plan.links, ids);
    await endLinks(tx, plan.endedLinks, ids, today);
    progress(3, total);
    await writeStaff(tx, input.schoolId, plan.staff);
    progress(4, total);
    const at = new Date();
    const importId = await insertRosterImport(tx, {
      schoolId: input.schoolId,
      actorStaffId: actor.kind === 'staff' ? actor.staffId : null,
      actorLabel: actor.kind === 'staff' ? actor.email : `system:${actor.label}`,
      at,
      fileName: input.fileName,
      format: roster.format,
      full: input.full,
      counts,
    });
    progress(5, total);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at,
      event: {
        type: 'roster.imported',
        subject: { type: 'roster_import', id: importId },
        data: { format: roster.format, full: input.full, counts },
      },
    });
    for (const leaver of plan.staffLeavers)
      await endStaffMembership(
        tx,
        actor,
        { schoolId: input.schoolId, staffId: leaver.staffId, at, today, importId },
        deps as RosterImportDeps,
      );
    progress(total, total);
    return { ...base, importId };
  });
}

/**
 * A member of staff a whole roster no longer lists leaves as if marked by hand (mark-staff-left.ts): the
 * membership ends with the date, the same audit event (naming the import) and the same listeners (the
 * handover opens and SMT and the headteacher are told), inside the import's transaction.
 */
async function endStaffMembership(
  tx: DbExecutor,
  actor: Actor,
  leaver: { schoolId: string; staffId: string; at: Date; today: string; importId: string },
  deps: RosterImportDeps,
): Promise<void> {
  await tx
    .updateTable('staff_memberships')
    .set({ status: 'left', left_on: leaver.today, updated_at: leaver.at })
    .where('school_id', '=', leaver.schoolId)
    .where('staff_id', '=', leaver.staffId)
    .execute();
  await recordAudit(tx, {
    actor,
    schoolId: leaver.schoolId,
    at: leaver.at,
    event: {
      type: 'people.staff_left',
      subject: { type: 'staff', id: leaver.staffId },
      data: { leftOn: leaver.today, rosterImportId: leaver.importId },
    },
  });
  await deps.onStaffLeft(tx, { schoolId: leaver.schoolId, staffId: leaver.staffId, actor, at: leaver.at });
}

async function writeStaff(
  tx: DbExecutor,
  schoolId: string,
  staff: ReturnType<typeof planRosterImport>['staff'],
): Promise<void> {
  const created = await insertStaff(
    tx,
    staff.filter((s) => s.staffId === undefined),
  );
  for (const s of staff) {
    if (s.staffId !== undefined && s.namesChanged) await updateStaffNames(tx, s.staffId, s);
  }
  await upsertMemberships(
    tx,
    schoolId,
    staff.map((s) => ({
      staffId: s.staffId ?? (created.get(s.email) as string),
      externalId: s.externalId,
      roles: s.roles,
    })),
  );
}
