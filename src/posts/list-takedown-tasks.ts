import { accountIdsOwnedBy } from '../accounts/accounts.queries.js';
import { staffNames } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { requireStaff } from './post-access.js';
import { canSearchArchive } from './posts.permissions.js';
import { findArchive } from './posts.repository.js';
import type { PostArchiveRow } from './posts.table.js';
import { accountLabels, pupilLabels } from './takedown-labels.js';
import { listTakedownRows } from './takedowns.repository.js';

export interface TakedownView {
  id: string;
  archiveId: string;
  accountId: string;
  accountHandle: string;
  publishedUrl: string;
  pupilId: string;
  pupilName: string;
  pupilInitials: string;
  reason: string;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  removedAt: string | null;
  removedBy: string | null;
  note: string | null;
}

/** Takedown tasks: SMT, the headteacher and admins see the school's; an owner sees their accounts'. */
export async function listTakedownTasks(
  db: Db,
  actor: Actor,
  schoolId: string,
  filters: { open?: boolean | undefined },
  clock: Clock,
): Promise<TakedownView[]> {
  requireStaff(actor, schoolId);
  const leader = canSearchArchive(actor, schoolId);
  const rows = await listTakedownRows(db, schoolId, {
    open: filters.open,
    accountIds: leader ? undefined : await accountIdsOwnedBy(db, actor.staffId),
  });
  const archives = new Map<string, PostArchiveRow>();
  for (const r of rows) {
    if (!archives.has(r.archive_id)) {
      const a = await findArchive(db, schoolId, r.archive_id);
      if (a) archives.set(a.id, a);
    }
  }
  const names = await staffNames(
    db,
    rows.flatMap((r) => (r.removed_by_staff_id ? [r.removed_by_staff_id] : [])),
  );
  const pupils = await pupilLabels(
    db,
    schoolId,
    rows.map((r) => r.pupil_id),
  );
  const accounts = await accountLabels(
    db,
    rows.map((r) => r.account_id),
  );
  const now = clock.now();
  return rows.map((r) => ({
    id: r.id,
    archiveId: r.archive_id,
    accountId: r.account_id,
    accountHandle: accounts.get(r.account_id)?.handle ?? '',
    publishedUrl: archives.get(r.archive_id)?.published_url ?? '',
    pupilId: r.pupil_id,
    pupilName: pupils.get(r.pupil_id)?.name ?? '',
    pupilInitials: pupils.get(r.pupil_id)?.initials ?? '',
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    overdue: r.removed_at === null && r.due_at < now,
    removedAt: r.removed_at?.toISOString() ?? null,
    removedBy: r.removed_by_staff_id ? (names.get(r.removed_by_staff_id) ?? null) : null,
    note: r.note,
  }));
}
