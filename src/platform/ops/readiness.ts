import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { generateDataKey, type Keyring, unwrapDataKey } from '../crypto/envelope.js';
import type { Db } from '../db/database.js';
import { migrationStatus } from '../db/migrate.js';

/** A due job older than this means the worker is stuck, stopped or far behind. */
export const MAX_JOB_LAG_SECONDS = 600;

export interface CheckResult {
  ok: boolean;
  /** A short sentence for the operator; never personal data or key material. */
  detail: string;
}

export interface Readiness {
  ready: boolean;
  failed: string[];
  checks: {
    database: CheckResult;
    migrations: CheckResult & { pending: string[] };
    masterKey: CheckResult;
    jobs: CheckResult & { lagSeconds: number; maxLagSeconds: number };
  };
}

function reason(error: unknown): string {
  // Driver messages can carry a connection string; only the error's class goes out.
  return error instanceof Error ? error.name : 'error';
}

async function databaseCheck(db: Db): Promise<CheckResult> {
  try {
    await sql`select 1`.execute(db);
    return { ok: true, detail: 'reachable' };
  } catch (error) {
    return { ok: false, detail: `unreachable (${reason(error)})` };
  }
}

async function migrationsCheck(db: Db): Promise<CheckResult & { pending: string[] }> {
  try {
    const { pending } = await migrationStatus(db);
    return pending.length === 0
      ? { ok: true, detail: 'all applied', pending }
      : { ok: false, detail: `${pending.length} pending: run guardpost migrate`, pending };
  } catch (error) {
    return { ok: false, detail: `cannot read migration state (${reason(error)})`, pending: [] };
  }
}

/**
 * The master key is loaded, wraps and unwraps a throwaway data key, and every master key that wrapped a
 * stored data key is configured: a rotation that dropped an old key too early makes records unreadable.
 */
async function masterKeyCheck(db: Db, keyringOf: () => Keyring): Promise<CheckResult> {
  try {
    const keyring = keyringOf();
    const probeId = randomUUID();
    const probe = generateDataKey(keyring, probeId);
    if (!unwrapDataKey(keyring, probeId, probe.wrapped).equals(probe.key))
      return { ok: false, detail: 'self-check failed' };
    const used = await db.selectFrom('data_keys').select('master_key_id').groupBy('master_key_id').execute();
    const missing = used.filter((row) => !keyring.byId.has(row.master_key_id)).length;
    if (missing > 0)
      return {
        ok: false,
        detail: `${missing} master key(s) that wrapped stored data keys are not configured (GUARDPOST_PREVIOUS_MASTER_KEYS)`,
      };
    // One real stored key opened proves the configured key is the one the data was written under.
    const newest = await db
      .selectFrom('data_keys')
      .select(['id', 'master_key_id', 'wrapped_key'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest)
      unwrapDataKey(keyring, newest.id, {
        masterKeyId: newest.master_key_id,
        wrapped: Buffer.from(newest.wrapped_key),
      });
    return { ok: true, detail: 'loaded and able to unwrap' };
  } catch (error) {
    return { ok: false, detail: `cannot unwrap (${reason(error)})` };
  }
}

/** Age of the oldest queued job that is due: how far the worker is behind. */
export async function jobLagSeconds(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('oldest'))
    .where('status', '=', 'queued')
    .where('run_at', '<=', now)
    .executeTakeFirst();
  if (!row?.oldest) return 0;
  return Math.max(0, Math.floor((now.getTime() - new Date(row.oldest).getTime()) / 1000));
}

async function jobsCheck(
  db: Db,
  now: Date,
  maxLagSeconds: number,
): Promise<CheckResult & { lagSeconds: number; maxLagSeconds: number }> {
  try {
    const lagSeconds = await jobLagSeconds(db, now);
    return lagSeconds <= maxLagSeconds
      ? { ok: true, detail: 'worker keeping up', lagSeconds, maxLagSeconds }
      : {
          ok: false,
          detail: `oldest due job waiting ${lagSeconds}s (limit ${maxLagSeconds}s): is the worker running?`,
          lagSeconds,
          maxLagSeconds,
        };
  } catch (error) {
    return {
      ok: false,
      detail: `cannot read the job queue (${reason(error)})`,
      lagSeconds: 0,
      maxLagSeconds,
    };
  }
}

/** Everything an instance needs before it should take traffic; each check reported on its own. */
export async function checkReadiness(
  db: Db,
  /** The process's keyring; a throw (no master key) fails the master key check, not the whole answer. */
  keyring: () => Keyring,
  now: Date,
  maxLagSeconds = MAX_JOB_LAG_SECONDS,
): Promise<Readiness> {
  const database = await databaseCheck(db);
  const [migrations, masterKey, jobs] = await Promise.all([
    migrationsCheck(db),
    masterKeyCheck(db, keyring),
    jobsCheck(db, now, maxLagSeconds),
  ]);
  const checks = { database, migrations, masterKey, jobs };
  const failed = Object.entries(checks)
    .filter(([, result]) => !result.ok)
    .map(([name]) => name);
  return { ready: failed.length === 0, failed, checks };
}
