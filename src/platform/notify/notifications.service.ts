import type { Actor } from '../auth/roles.js';
import type { DbExecutor } from '../db/database.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { NotificationRow } from './notify.table.js';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

function toView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

function requireStaff(actor: Actor): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff') throw forbidden('StaffOnly', 'notifications belong to a member of staff');
  return actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The actor's own notifications in their current school, newest first. The cursor is the id of the last
 * one on the previous page. Marking as read is not audited: it changes nobody's record but the reader's.
 */
export async function listMyNotifications(
  db: DbExecutor,
  actor: Actor,
  input: { unreadOnly: boolean; limit: number; cursor?: string | undefined },
): Promise<{ items: NotificationView[]; unreadCount: number; nextCursor: string | null }> {
  const me = requireStaff(actor);
  let after: { created_at: Date; id: string } | undefined;
  if (input.cursor !== undefined) {
    if (!UUID.test(input.cursor)) throw invalid('InvalidCursor', 'the cursor is not one this API gave out');
    after = await db
      .selectFrom('notifications')
      .select(['created_at', 'id'])
      .where('id', '=', input.cursor)
      .where('staff_id', '=', me.staffId)
      .executeTakeFirst();
    if (!after) throw invalid('InvalidCursor', 'the cursor is not one this API gave out');
  }
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('school_id', '=', me.schoolId)
    .where('staff_id', '=', me.staffId);
  if (input.unreadOnly) query = query.where('read_at', 'is', null);
  if (after) {
    const { created_at, id } = after;
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', created_at),
        eb.and([eb('created_at', '=', created_at), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const unread = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('school_id', '=', me.schoolId)
    .where('staff_id', '=', me.staffId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(toView),
    unreadCount: Number(unread.n),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function markNotificationRead(
  db: DbExecutor,
  actor: Actor,
  id: string,
  now: Date,
): Promise<NotificationView> {
  const me = requireStaff(actor);
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', me.schoolId)
    .where('staff_id', '=', me.staffId)
    .executeTakeFirst();
  // Someone else's notification is as absent as a missing one: its existence is not the reader's business.
  if (!row) throw notFound('NotificationNotFound', 'no such notification');
  if (row.read_at) return toView(row);
  const updated = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(updated);
}

export async function markAllNotificationsRead(
  db: DbExecutor,
  actor: Actor,
  now: Date,
): Promise<{ updated: number }> {
  const me = requireStaff(actor);
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('school_id', '=', me.schoolId)
    .where('staff_id', '=', me.staffId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { updated: Number(result.numUpdatedRows) };
}
