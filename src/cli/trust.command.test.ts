import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { runCliCaptured } from './test-cli.js';

for (const engine of testEngines()) {
  describe(`guardpost trust on ${engine}`, () => {
    let dataDir: string;
    let t: TestDb | undefined;
    let env: Record<string, string | undefined>;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-trust-'));
      if (engine === 'postgres') t = await createTestDb('postgres');
      env = {
        GUARDPOST_DATA_DIR: dataDir,
        DATABASE_URL: t?.databaseUrl,
        GUARDPOST_SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      };
    });
    afterAll(async () => {
      await t?.destroy();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function withCliDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
      if (t) return run(t.db);
      const db = createDb({ dataDir });
      try {
        return await run(db);
      } finally {
        await db.destroy();
      }
    }

    it('creates a trust, adds schools, grants trust roles and lists them', async () => {
      const schoolA = JSON.parse(
        (
          await runCliCaptured(
            ['school', 'create', '--name', 'Harrowdene Primary', '--domain', 'harrowdene.example', '--json'],
            env,
          )
        ).stdout,
      ) as { id: string };
      const schoolB = JSON.parse(
        (
          await runCliCaptured(
            ['school', 'create', '--name', 'Lintmoor Academy', '--domain', 'lintmoor.example', '--json'],
            env,
          )
        ).stdout,
      ) as { id: string };

      const created = await runCliCaptured(['trust', 'create', 'Fellside Learning Trust', '--json'], env);
      expect(created.code).toBe(0);
      const trust = JSON.parse(created.stdout) as { id: string; name: string };
      expect(trust.name).toBe('Fellside Learning Trust');

      const again = await runCliCaptured(['trust', 'create', 'Fellside Learning Trust'], env);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toMatch(/TrustExists|already exists/);

      // By name or by id.
      expect(
        (await runCliCaptured(['trust', 'add-school', 'Fellside Learning Trust', schoolA.id], env)).code,
      ).toBe(0);
      expect((await runCliCaptured(['trust', 'add-school', trust.id, schoolB.id], env)).code).toBe(0);
      const twice = await runCliCaptured(['trust', 'add-school', trust.id, schoolB.id], env);
      expect(twice.code).not.toBe(0);
      expect(twice.stderr).toMatch(/SchoolAlreadyInTrust|already in/);

      const granted = await runCliCaptured(
        [
          'trust',
          'grant',
          trust.id,
          'exec@fellside.example',
          '--role',
          'trust_executive',
          '--given-name',
          'Morwenna',
          '--family-name',
          'Quillfeather',
        ],
        env,
      );
      expect(granted.code).toBe(0);
      expect(granted.stdout).toContain('trust_executive');
      const badRole = await runCliCaptured(
        ['trust', 'grant', trust.id, 'exec@fellside.example', '--role', 'dsl'],
        env,
      );
      expect(badRole.code).not.toBe(0);
      expect(badRole.stderr).toMatch(/InvalidTrustRoles|trust roles are/);

      const listed = JSON.parse((await runCliCaptured(['trust', 'list', '--json'], env)).stdout) as {
        id: string;
        schoolIds: string[];
      }[];
      expect(listed).toEqual([
        { id: trust.id, name: 'Fellside Learning Trust', schoolIds: expect.any(Array) },
      ]);
      expect([...(listed[0]?.schoolIds ?? [])].sort()).toEqual([schoolA.id, schoolB.id].sort());
      expect((await runCliCaptured(['trust', 'list'], env)).stdout).toContain('(2 schools)');

      const held = await withCliDb((db) =>
        db
          .selectFrom('trust_memberships')
          .innerJoin('staff', 'staff.id', 'trust_memberships.staff_id')
          .select(['staff.email', 'trust_memberships.roles'])
          .execute(),
      );
      expect(held).toEqual([{ email: 'exec@fellside.example', roles: ['trust_executive'] }]);

      const revoked = await runCliCaptured(
        ['trust', 'revoke', 'Fellside Learning Trust', 'exec@fellside.example', '--role', 'trust_executive'],
        env,
      );
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain('holds no role in the trust any more');
      const left = await withCliDb((db) =>
        db.selectFrom('trust_memberships').select(['roles', 'status']).execute(),
      );
      expect(left).toEqual([{ roles: [], status: 'left' }]);
    });
  });
}
