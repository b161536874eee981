import type { Updateable } from 'kysely';
import { listActiveStaff } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { type ConcernContext, concernNotFound, isUuid, requireVisibleConcern } from './concern-access.js';
import { appendEntry } from './concern-chronology.js';
import { assembleDetail, type ConcernDetail } from './concern-detail.js';
import { lockConcern, updateConcern } from './concerns.repository.js';
import type { ConcernRow, ConcernTable } from './concerns.table.js';

/** One triage step under way: the locked concern and the helpers that record it, all in one transaction. */
export interface TriageStep {
  tx: DbExecutor;
  ctx: ConcernContext;
  actor: Actor;
  schoolId: string;
  concern: ConcernRow;
  /** Writes the step's audit event in the step's transaction. */
  audit(event: Parameters<typeof recordAudit>[1]['event']): Promise<void>;
  /** Changes the concern row (its `updated_at` too). */
  update(set: Omit<Updateable<ConcernTable>, 'updated_at'>): Promise<void>;
  /** Adds a chronology entry, its text sealed; returns its id. */
  entry(
    kind: string,
    text?: string,
    facts?: Record<string, string | number | boolean | null>,
    correctsEntryId?: string | null,
  ): Promise<string>;
}

/**
 * Runs one triage step on one concern: one transaction, the concern row locked, a chronology entry and an
 * audit event written by the step. Reasons are mandatory where KCSIE asks for them (decisions, including
 * not to refer; closing; reopening; legal hold). A closed concern takes only the steps that allow it.
 * Returns the concern as it stands after the step.
 */
export async function runTriageStep(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; reasons?: string; allowClosed?: boolean },
  step: (s: TriageStep) => Promise<void>,
): Promise<ConcernDetail> {
  if (!isUuid(input.concernId)) throw concernNotFound();
  if (input.reasons !== undefined && input.reasons.trim().length < 3)
    throw invalid(
      'ReasonsRequired',
      'write down the reasons: KCSIE expects every decision to be recorded with them',
    );
  return ctx.db.transaction().execute(async (tx) => {
    const concern = await requireVisibleConcern(tx, actor, input.schoolId, input.concernId, { lock: true });
    if (!input.allowClosed && concern.status === 'closed')
      throw invalid('ConcernClosed', 'reopen the concern first');
    await step({
      tx,
      ctx,
      actor,
      schoolId: input.schoolId,
      concern,
      audit: async (event) => {
        await recordAudit(tx, { actor, schoolId: input.schoolId, event, at: ctx.now });
      },
      update: (set) => updateConcern(tx, concern.id, { ...set, updated_at: ctx.now }),
      entry: (kind, text, facts, correctsEntryId) =>
        appendEntry(tx, ctx.keyring, {
          concern,
          actor,
          kind,
          at: ctx.now,
          text,
          facts: facts ?? {},
          correctsEntryId: correctsEntryId ?? null,
        }),
    });
    const fresh = await lockConcern(tx, concern.id);
    if (!fresh) throw concernNotFound();
    return assembleDetail(tx, ctx.keyring, fresh, ctx.now);
  });
}

/** Refuses anyone who is not an active member of staff of the school. */
export async function requireActiveStaff(tx: DbExecutor, schoolId: string, staffId: string): Promise<void> {
  if (!isUuid(staffId)) throw invalid('StaffUnknown', 'that person is not a member of staff here');
  const staff = await listActiveStaff(tx, schoolId);
  if (!staff.some((s) => s.staffId === staffId))
    throw invalid('StaffUnknown', 'that person is not a member of staff here');
}

/** The concern's subject for its audit events. */
export const concernSubject = (concern: Pick<ConcernRow, 'id'>) => ({
  type: 'concern' as const,
  id: concern.id,
});
