import type { RosterProblem } from '../people/roster-csv.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { fileTooLarge } from '../platform/uploads/limits.js';
import type { ConsentDeps } from './consent.events.js';
import { canRecordConsents } from './consent.permissions.js';
import {
  insertConsentImport,
  listConsentPupils,
  listConsentRows,
  listResponsibleCarers,
} from './consent.repository.js';
import { formatProblem, MAX_CONSENT_FILE_BYTES, parseConsentCsv } from './consent-csv.js';
import { appendDecision } from './consent-decisions.js';
import { endOfAcademicYear } from './consent-rules.js';

export interface ImportConsentsResult {
  dryRun: boolean;
  /** Rows in the file, decisions recorded (or that would be), rows already on record, and per state. */
  counts: Record<string, number>;
  importId: string | null;
}

function refuse(problems: readonly RosterProblem[]): never {
  const details = problems.map(formatProblem);
  throw invalid(
    'ConsentFileInvalid',
    `the consent file was refused: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    details,
  );
}

/**
 * Imports consents exported from the MIS: every row is checked (pupil known, carer known with parental
 * responsibility), and any problem refuses the whole file. Rows already on record (same pupil, purpose,
 * state, date and evidence) are skipped, so re-importing the same export changes nothing.
 */
export async function importConsents(
  db: Db,
  actor: Actor,
  input: { schoolId: string; file: { name: string; bytes: Uint8Array }; dryRun: boolean; today: string },
  now: Date,
  deps: ConsentDeps,
): Promise<ImportConsentsResult> {
  if (!canRecordConsents(actor, input.schoolId))
    throw forbidden('ConsentImportForbidden', 'only SMT, the headteacher or an admin may import consents');
  if (input.file.bytes.length > MAX_CONSENT_FILE_BYTES)
    throw fileTooLarge(
      'ConsentFileTooLarge',
      input.file.name,
      input.file.bytes.length,
      MAX_CONSENT_FILE_BYTES,
    );
  const parsed = parseConsentCsv(input.file, input.today);
  if (parsed.problems.length > 0) refuse(parsed.problems);
  return db.transaction().execute(async (tx) => {
    const pupils = new Map((await listConsentPupils(tx, input.schoolId)).map((p) => [p.external_id, p]));
    const { carers, responsible } = await listResponsibleCarers(tx, input.schoolId);
    const existing = new Set(
      (await listConsentRows(tx, input.schoolId)).map(
        (r) => `${r.pupil_id}|${r.purpose}|${r.state}|${r.given_on}|${r.evidence_reference ?? ''}`,
      ),
    );
    const problems: RosterProblem[] = [];
    const at = (cell: { line: number; column: number }, message: string) =>
      problems.push({ file: input.file.name, line: cell.line, column: cell.column, message });
    const plan = [];
    let unchanged = 0;
    for (const row of parsed.rows) {
      const pupil = pupils.get(row.pupilExternalId);
      if (!pupil) {
        at(row.cells.pupil, `no pupil with external id ${row.pupilExternalId} (import the roster first)`);
        continue;
      }
      let carerId: string | null = null;
      if (row.carerExternalId !== null && row.cells.carer) {
        const id = carers.get(row.carerExternalId);
        if (!id) {
          at(row.cells.carer, `no carer with external id ${row.carerExternalId}`);
          continue;
        }
        if (!responsible.has(`${id}|${pupil.id}`)) {
          at(
            row.cells.carer,
            `carer ${row.carerExternalId} has no parental responsibility for ${row.pupilExternalId}`,
          );
          continue;
        }
        carerId = id;
      }
      if (existing.has(`${pupil.id}|${row.purpose}|${row.state}|${row.givenOn}|${row.evidenceReference}`)) {
        unchanged += 1;
        continue;
      }
      plan.push({ row, pupil, carerId });
    }
    if (problems.length > 0) refuse(problems);
    const counts: Record<string, number> = {
      rows: parsed.rows.length,
      recorded: plan.length,
      unchanged,
      granted: plan.filter((p) => p.row.state === 'granted').length,
      refused: plan.filter((p) => p.row.state === 'refused').length,
      withdrawn: plan.filter((p) => p.row.state === 'withdrawn').length,
    };
    if (input.dryRun) return { dryRun: true, counts, importId: null };
    const importId = await insertConsentImport(tx, {
      schoolId: input.schoolId,
      actorStaffId: actor.kind === 'staff' ? actor.staffId : null,
      actorLabel: actor.kind === 'staff' ? actor.email : `system:${actor.label}`,
      at: now,
      fileName: input.file.name,
      counts,
    });
    // Oldest first, so a withdrawal later in the export supersedes a grant earlier in it (and fires the hook).
    const ordered = [...plan].sort((a, b) =>
      a.row.givenOn < b.row.givenOn ? -1 : a.row.givenOn > b.row.givenOn ? 1 : 0,
    );
    for (const { row, pupil, carerId } of ordered) {
      await appendDecision(
        tx,
        actor,
        {
          schoolId: input.schoolId,
          pupil,
          purpose: row.purpose,
          state: row.state,
          carerId,
          givenOn: row.givenOn,
          expiresOn: endOfAcademicYear(row.givenOn),
          evidence: { method: 'uploaded_form', reference: row.evidenceReference, sha256: null },
          importId,
          source: 'import',
          today: input.today,
          at: now,
        },
        deps,
      );
    }
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'consent.imported',
        subject: { type: 'consent_import', id: importId },
        data: { counts },
      },
    });
    return { dryRun: false, counts, importId };
  });
}
