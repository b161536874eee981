import type { Actor } from '../platform/auth/roles.js';
import { acknowledgeConcern } from './acknowledge-concern.js';
import { addConcernAction } from './add-concern-action.js';
import { addConcernEntry } from './add-concern-entry.js';
import { addConcernReferral } from './add-concern-referral.js';
import { assignConcern } from './assign-concern.js';
import { closeConcern } from './close-concern.js';
import { completeConcernAction } from './complete-concern-action.js';
import type { ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import type { ConcernDecision, ReferralAgency } from './concerns.table.js';
import { recordConcernDecision } from './record-concern-decision.js';
import { reopenConcern } from './reopen-concern.js';
import { setConcernLegalHold } from './set-concern-legal-hold.js';

export type TriageCommand =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; staffId: string }
  | { kind: 'note'; text: string; correctsEntryId: string | null }
  | { kind: 'action'; description: string; ownerStaffId: string; dueOn: string }
  | { kind: 'complete_action'; actionId: string }
  | { kind: 'decision'; decision: ConcernDecision; reasons: string }
  | {
      kind: 'referral';
      agency: ReferralAgency;
      agencyReference: string | null;
      referredOn: string;
      followUpOn: string | null;
      notes: string | null;
    }
  | { kind: 'close'; outcome: string; reasons: string; closeAnywayReason: string | null }
  | { kind: 'reopen'; reasons: string }
  | { kind: 'legal_hold'; legalHold: boolean; reasons: string };

/**
 * Any triage step on one concern, by command: the routes' one entry point. Each step is its own use case
 * (one file each), run in one transaction with its chronology entry and audit event.
 */
export async function triageConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; command: TriageCommand },
): Promise<ConcernDetail> {
  const { command, schoolId, concernId } = input;
  const at = { schoolId, concernId };
  switch (command.kind) {
    case 'acknowledge':
      return acknowledgeConcern(ctx, actor, at);
    case 'assign':
      return assignConcern(ctx, actor, { ...at, staffId: command.staffId });
    case 'note':
      return addConcernEntry(ctx, actor, {
        ...at,
        text: command.text,
        correctsEntryId: command.correctsEntryId,
      });
    case 'action':
      return addConcernAction(ctx, actor, {
        ...at,
        description: command.description,
        ownerStaffId: command.ownerStaffId,
        dueOn: command.dueOn,
      });
    case 'complete_action':
      return completeConcernAction(ctx, actor, { ...at, actionId: command.actionId });
    case 'decision':
      return recordConcernDecision(ctx, actor, {
        ...at,
        decision: command.decision,
        reasons: command.reasons,
      });
    case 'referral': {
      const { kind: _kind, ...referral } = command;
      return addConcernReferral(ctx, actor, { ...at, ...referral });
    }
    case 'close':
      return closeConcern(ctx, actor, {
        ...at,
        outcome: command.outcome,
        reasons: command.reasons,
        closeAnywayReason: command.closeAnywayReason,
      });
    case 'reopen':
      return reopenConcern(ctx, actor, { ...at, reasons: command.reasons });
    case 'legal_hold':
      return setConcernLegalHold(ctx, actor, {
        ...at,
        legalHold: command.legalHold,
        reasons: command.reasons,
      });
  }
}
