import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

/** The migration set; tests pass an older prefix of it to build a database as an earlier release left it. */
type MigrationSet = Record<string, Migration>;

function migratorFor<T>(db: Kysely<T>, set: MigrationSet): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => set },
    migrationTableName: 'guardpost_migrations',
    migrationLockTableName: 'guardpost_migrations_lock',
    // Migrations from branches developed side by side may land with names older than one already applied
    // on a long-lived database; apply them rather than refuse to start. Each migration stands alone.
    allowUnorderedMigrations: true,
  });
}

/** Applies every pending migration in order, in one run guarded by Kysely's migration lock. */
export async function migrateToLatest<T>(db: Kysely<T>, set: MigrationSet = migrations): Promise<string[]> {
  const result: MigrationResultSet = await migratorFor(db, set).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** What is applied and what is pending; reads only, so `migrate --dry-run` changes nothing. */
export async function migrationStatus<T>(
  db: Kysely<T>,
  set: MigrationSet = migrations,
): Promise<MigrationReport> {
  const infos = await migratorFor(db, set).getMigrations();
  return {
    applied: infos.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
