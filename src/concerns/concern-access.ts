import type { Actor } from '../platform/auth/roles.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { type ConcernAccessSettings, canTriageConcern, isConcernLead } from './concerns.permissions.js';
import { findConcern, findConcernSettings, lockConcern } from './concerns.repository.js';
import type { ConcernRow } from './concerns.table.js';

/** What every concern use case runs with: the database, the keyring that seals its content, the time. */
export interface ConcernContext {
  db: Db;
  keyring: Keyring;
  now: Date;
}

export const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export const concernNotFound = () => notFound('ConcernNotFound', 'no such concern');

export async function accessSettingsOf(db: DbExecutor, schoolId: string): Promise<ConcernAccessSettings> {
  const settings = await findConcernSettings(db, schoolId);
  return { headteacherSees: settings?.headteacher_sees ?? 'staff_conduct' };
}

/** Loads a concern the actor may triage, locked when asked; "not found" otherwise, so nothing leaks. */
export async function requireVisibleConcern(
  tx: DbExecutor,
  actor: Actor,
  schoolId: string,
  concernId: string,
  options: { lock?: boolean } = {},
): Promise<ConcernRow> {
  if (!isConcernLead(actor)) throw concernNotFound();
  const concern = options.lock
    ? await lockConcern(tx, concernId)
    : await findConcern(tx, schoolId, concernId);
  if (!concern || concern.school_id !== schoolId) throw concernNotFound();
  if (
    !canTriageConcern(
      actor,
      { schoolId, type: concern.type, subjectStaffId: concern.subject_staff_id },
      await accessSettingsOf(tx, schoolId),
    )
  )
    throw concernNotFound();
  return concern;
}

export function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? actor.email : `system:${actor.label}`;
}

export function actorStaffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.staffId : null;
}
