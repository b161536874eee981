import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBlockListState } from '../checks/get-block-list-state.js';
import { buildTarGz } from '../platform/archive/testing.js';
import { createDb } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { ExitCode } from './output.js';
import { runCliCaptured } from './test-cli.js';

/**
 * `guardpost lists update` against a UT1-format archive served from 127.0.0.1: nothing reaches the
 * internet. The archive is built here, shaped as UT1 ships it (every category under `blacklists/`).
 */
const archive = buildTarGz({
  'blacklists/adult/domains': 'pornhub.com\nxxx-example.example\n',
  'blacklists/adult/urls': 'example.org/adult-corner\n',
  'blacklists/gambling/domains': '# comment\nbet365.com\n',
  'blacklists/games/domains': 'games.example\n',
  'blacklists/README': 'not a list',
});

for (const engine of testEngines()) {
  describe(`guardpost lists update on ${engine}`, () => {
    let dataDir: string;
    let t: TestDb | undefined;
    let server: Server;
    let base = '';
    let env: Record<string, string | undefined>;
    const served: string[] = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-lists-'));
      if (engine === 'postgres') t = await createTestDb('postgres');
      server = createServer((request, response) => {
        served.push(request.url ?? '');
        if (request.url === '/blacklists.tar.gz') {
          response.writeHead(200, { 'content-type': 'application/gzip' }).end(archive);
        } else response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      env = {
        GUARDPOST_DATA_DIR: dataDir,
        DATABASE_URL: t?.databaseUrl,
        GUARDPOST_SEED_DEMO: 'false',
        GUARDPOST_BLOCKLISTS_URL: undefined,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      };
      const school = await runCliCaptured(
        ['school', 'create', '--name', 'Lists Academy', '--domain', 'lists.example', '--json'],
        env,
      );
      expect(school.code).toBe(ExitCode.ok);
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
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

    it('without an address outside production, says how to set one and downloads nothing', async () => {
      const run = await runCliCaptured(['lists', 'update'], env);
      expect(run.code).toBe(ExitCode.usage);
      expect(run.stderr).toMatch(/GUARDPOST_BLOCKLISTS_URL/);
      expect(served).toEqual([]);
    });

    it('a link to a listed site passes while no list is loaded, and the state says so', async () => {
      const check = await runCliCaptured(['check', 'Offers at https://bet365.com/today', '--json'], env);
      expect(JSON.parse(check.stdout).findings.map((f: { rule: string }) => f.rule)).not.toContain(
        'link.blocked',
      );
      const state = await withCliDb(async (db) => {
        const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
        return getBlockListState(db, { kind: 'system', label: 'test' }, school.id);
      });
      expect(state.every((c) => c.enabled && !c.loaded && c.entries === 0 && c.importedAt === null)).toBe(
        true,
      );
    });

    it('downloads the archive, loads only the school’s categories, and the link is blocked', async () => {
      const run = await runCliCaptured(['lists', 'update', '--json'], {
        ...env,
        GUARDPOST_BLOCKLISTS_URL: `${base}/blacklists.tar.gz`,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(ExitCode.ok);
      expect(JSON.parse(run.stdout).categories).toEqual({
        adult: { domains: 2, urls: 1 },
        gambling: { domains: 1, urls: 0 },
      });
      // The school's other categories are not in this archive: said, and left not loaded.
      expect(JSON.parse(run.stdout).missing).toEqual(expect.arrayContaining(['phishing', 'malware']));
      const state = await withCliDb(async (db) => {
        const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
        return getBlockListState(db, { kind: 'system', label: 'test' }, school.id);
      });
      expect(state.find((c) => c.category === 'adult')).toMatchObject({ loaded: true, entries: 3 });
      expect(state.find((c) => c.category === 'gambling')?.importedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(state.find((c) => c.category === 'phishing')).toMatchObject({ loaded: false, entries: 0 });
      // A category the school does not block is never loaded.
      expect(state.map((c) => c.category)).not.toContain('games');
      const check = await runCliCaptured(['check', 'Offers at https://bet365.com/today', '--json'], env);
      expect(JSON.parse(check.stdout).findings.map((f: { rule: string }) => f.rule)).toContain(
        'link.blocked',
      );
    });

    it('an address that answers 404 fails with exit 1 and changes nothing', async () => {
      const run = await runCliCaptured(['lists', 'update', '--url', `${base}/missing.tar.gz`, '--json'], env);
      expect(run.code).toBe(ExitCode.failed);
      expect(JSON.parse(run.stdout).error.code).toBe('BlockListDownloadFailed');
      const entries = await withCliDb((db) =>
        db.selectFrom('block_list_entries').select('category').where('category', '=', 'adult').execute(),
      );
      expect(entries).toHaveLength(3);
    });
  });
}
