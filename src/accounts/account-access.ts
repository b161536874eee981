import { z } from 'zod';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { peopleOf } from './account-view.js';
import { findAccountForUpdate, findRegisterSettings, ownersOf } from './accounts.repository.js';

export function requireStaffOrSystemSchool(actor: Actor, schoolId: string): void {
  if (actor.kind === 'staff' && actor.schoolId !== schoolId)
    throw forbidden('AccountForbidden', 'accounts of another school cannot be reached from here');
}

export async function lockedAccount(tx: DbExecutor, actor: Actor, schoolId: string, id: string) {
  requireStaffOrSystemSchool(actor, schoolId);
  const row = z.uuid().safeParse(id).success ? await findAccountForUpdate(tx, schoolId, id) : undefined;
  if (!row) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = await ownersOf(tx, schoolId, [row.id]);
  return { row, owners, people: peopleOf(row, owners) };
}

/** How long an approval lasts and how early its owners are reminded, defaults filled in. */
export async function approvalMonths(
  db: DbExecutor,
  schoolId: string,
): Promise<{ approvalMonths: number; reminderDays: number }> {
  const row = await findRegisterSettings(db, schoolId);
  return { approvalMonths: row?.approval_months ?? 12, reminderDays: row?.reminder_days ?? 30 };
}
