import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, type ProfileSite, startProfileSite } from '../accounts/testing.js';
import { createDb } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { runCliCaptured } from './test-cli.js';

for (const engine of testEngines()) {
  describe(`guardpost accounts on ${engine}`, () => {
    let dataDir: string;
    let t: TestDb | undefined;
    let site: ProfileSite;
    let page = '';
    let env: Record<string, string | undefined>;
    let accountId = '';

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-accounts-'));
      if (engine === 'postgres') t = await createTestDb('postgres');
      site = await startProfileSite(() => ({ '/club': (req, res) => html(page)(req, res) }));
      env = {
        GUARDPOST_DATA_DIR: dataDir,
        DATABASE_URL: t?.databaseUrl,
        GUARDPOST_SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      };
    });
    afterAll(async () => {
      await site.close();
      await t?.destroy();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** The CLI's database, opened after it has closed it (PGlite allows one user of a folder). */
    async function withCliDb(run: (db: Db) => Promise<void>): Promise<void> {
      if (t) return run(t.db);
      const db = createDb({ dataDir });
      try {
        await run(db);
      } finally {
        await db.destroy();
      }
    }

    it('lists the register, filtered by status, as text and JSON', async () => {
      const created = await runCliCaptured(
        ['school', 'create', '--name', 'Cli Academy', '--domain', 'cli.example'],
        env,
      );
      expect(created.code).toBe(0);
      expect((await runCliCaptured(['accounts', 'list'], env)).stdout).toContain(
        'No accounts on the register.',
      );
      await withCliDb(async (db) => {
        const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
        await db
          .updateTable('schools')
          .set({ aup_url: `${site.base}/aup` })
          .execute();
        const staff = await db
          .insertInto('staff')
          .values({ email: 'club.lead@cli.example', given_name: 'Cara', family_name: 'Lead' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const account = await db
          .insertInto('accounts')
          .values({
            school_id: school.id,
            platform: 'other',
            handle: null,
            profile_url: `${site.base}/club`,
            identity_key: 'web:club.cli.example',
            purpose_kind: 'club',
            purpose: 'Chess club results',
            linked_email: 'chess@cli.example',
            audience: [],
            about_text: null,
            about_findings: '[]',
            attests_no_direct_messages: true,
            attests_aup_link: true,
            status: 'approved',
            created_by_staff_id: staff.id,
            submitted_at: null,
            approved_at: new Date('2026-11-01T10:00:00Z'),
            approved_by_staff_id: null,
            approval_expires_on: '2027-11-01',
            expiry_reminder_sent_for: null,
            aup_status: null,
            aup_checked_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        accountId = account.id;
        await db
          .insertInto('account_owners')
          .values({ account_id: account.id, staff_id: staff.id, is_primary: true })
          .execute();
      });
      const listed = await runCliCaptured(['accounts', 'list', '--status', 'approved', '--json'], env);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout).items.map((a: { id: string }) => a.id)).toEqual([accountId]);
      const none = await runCliCaptured(['accounts', 'list', '--status', 'draft', '--json'], env);
      expect(JSON.parse(none.stdout).items).toEqual([]);
      expect((await runCliCaptured(['accounts', 'list', '--status', 'bogus'], env)).code).toBe(2);
    });

    it('verifies one account or all: 0 when the link is there, 3 when it is not', async () => {
      page = `<html><body><a href="${site.base}/aup/">Our AUP</a></body></html>`;
      const found = await runCliCaptured(['accounts', 'verify', accountId, '--json'], env);
      expect(found.code).toBe(0);
      expect(JSON.parse(found.stdout).results[0]).toMatchObject({ accountId, result: 'found' });
      page = '<html><body>Chess club</body></html>';
      const gone = await runCliCaptured(['accounts', 'verify', '--all'], env);
      expect(gone.code).toBe(3);
      expect(gone.stdout).toContain(`${accountId}  not_found`);
      expect((await runCliCaptured(['accounts', 'verify'], env)).code).toBe(2);
      const missing = await runCliCaptured(
        ['accounts', 'verify', '00000000-0000-4000-8000-000000000000'],
        env,
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('[AccountNotFound]');
    });
  });
}
