import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { uuid } from './post-access.js';
import { type ArchiveView, archiveView } from './post-view.js';
import { canSearchArchive } from './posts.permissions.js';
import { type ArchiveFilters, findArchive, searchArchiveRows } from './posts.repository.js';

/** Archive search for SMT, the headteacher and admins: by account, pupil, date and rule. */
export async function searchArchive(
  db: Db,
  actor: Actor,
  schoolId: string,
  filters: ArchiveFilters,
): Promise<ArchiveView[]> {
  if (!canSearchArchive(actor, schoolId))
    throw forbidden('ArchiveForbidden', 'the publication archive is for SMT, the headteacher and admins');
  const rows = await searchArchiveRows(db, schoolId, filters);
  const views: ArchiveView[] = [];
  for (const row of rows) views.push(await archiveView(db, row));
  return views;
}

export async function getArchiveRecord(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
): Promise<ArchiveView> {
  if (!canSearchArchive(actor, schoolId))
    throw forbidden('ArchiveForbidden', 'the publication archive is for SMT, the headteacher and admins');
  const row = uuid.safeParse(id).success ? await findArchive(db, schoolId, id) : undefined;
  if (!row) throw notFound('ArchiveRecordNotFound', 'no such publication record');
  return archiveView(db, row);
}
