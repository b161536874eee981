import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { findCurrentVersion } from './policy.repository.js';
import type { PolicyVersionRow } from './policy.table.js';

export const DAY_MS = 86_400_000;

/** Reminders go after this many days without an acknowledgement of the current version. */
export const REMINDER_DAYS = [7, 14] as const;

export interface AcknowledgementView {
  policyVersionId: string;
  label: string;
  documentHash: string;
  acknowledgedAt: string;
}

export function requireStaff(actor: Actor): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff') throw forbidden('StaffOnly', 'only a member of staff acknowledges the policy');
  return actor;
}

export async function requireCurrent(db: DbExecutor, schoolId: string): Promise<PolicyVersionRow> {
  const current = await findCurrentVersion(db, schoolId);
  if (!current) throw notFound('PolicyNotFound', 'this school has no current policy version');
  return current;
}

export interface AcknowledgementReport {
  policyVersionId: string;
  label: string;
  documentHash: string;
  total: number;
  acknowledged: number;
  /** Share of active staff who have acknowledged, 0–100 with one decimal; 100 when there is nobody. */
  percentage: number;
  staff: { staffId: string; name: string; email: string; acknowledgedAt: string | null }[];
}
