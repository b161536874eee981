import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

function migratorFor<T>(db: Kysely<T>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'guardpost_migrations',
    migrationLockTableName: 'guardpost_migrations_lock',
    // Migrations from branches developed side by side may land with names older than one already applied
    // on a long-lived database; apply them rather than refuse to start. Each migration stands alone.
    allowUnorderedMigrations: true,
  });
}

/** Applies every pending migration in order, in one run guarded by Kysely's migration lock. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const result: MigrationResultSet = await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrationStatus<T>(db: Kysely<T>): Promise<MigrationReport> {
  const infos = await migratorFor(db).getMigrations();
  return {
    applied: infos.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
