import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { importBlockLists } from './import-block-lists.js';
import { getCheckSettings, updateCheckSettings } from './update-check-settings.js';

const clock = fixedClock('2026-11-24T10:00:00Z');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error instanceof AppError ? error.code : `unexpected: ${String(error)}`;
  }
}

async function ut1Folder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-ut1-'));
  await mkdir(path.join(dir, 'gambling'));
  await writeFile(path.join(dir, 'gambling', 'domains'), '# comment\nbet-now.example\nCASINO.example\n\n');
  await writeFile(path.join(dir, 'gambling', 'urls'), 'free-host.example/slots\n');
  await mkdir(path.join(dir, 'phishing'));
  await writeFile(path.join(dir, 'phishing', 'domains'), 'login-verify.example\n');
  return dir;
}

for (const engine of testEngines()) {
  describe(`check settings and block lists on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    let admin: Actor;
    let teacher: Actor;
    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Checks School', official_email_domains: ['checks.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      admin = {
        kind: 'staff',
        staffId: '00000000-0000-4000-8000-000000000001',
        schoolId,
        roles: ['admin'],
        email: 'a@x',
        name: 'A',
      };
      teacher = {
        kind: 'staff',
        staffId: '00000000-0000-4000-8000-000000000002',
        schoolId,
        roles: ['staff'],
        email: 't@x',
        name: 'T',
      };
      // audit rows reference staff ids: create them
      await t.db
        .insertInto('staff')
        .values([
          { id: admin.staffId, email: 'admin@checks.example', given_name: 'Ada', family_name: 'Admin' },
          { id: teacher.staffId, email: 'teacher@checks.example', given_name: 'Tom', family_name: 'Teacher' },
        ])
        .execute();
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('has the seed defaults until a school changes them', async () => {
      const settings = await getCheckSettings(t.db, admin, schoolId);
      expect(settings.blockCategories).toEqual([
        'adult',
        'gambling',
        'phishing',
        'malware',
        'dating',
        'drugs',
        'violence',
      ]);
      expect(settings.severityOverrides).toBeUndefined();
    });

    it('lets an admin tune severities and lists, audited; refuses unknown rules and fields', async () => {
      const updated = await updateCheckSettings(
        t.db,
        admin,
        schoolId,
        {
          severityOverrides: { 'language.profanity': 'block' },
          allowedDomains: ['Trust.example'],
          blockCategories: ['gambling'],
        },
        clock,
      );
      expect(updated).toMatchObject({
        severityOverrides: { 'language.profanity': 'block' },
        allowedDomains: ['trust.example'],
        blockCategories: ['gambling'],
      });
      expect(
        await codeOf(
          updateCheckSettings(t.db, admin, schoolId, { severityOverrides: { 'made.up': 'block' } }, clock),
        ),
      ).toBe('InvalidCheckSettings');
      expect(await codeOf(updateCheckSettings(t.db, admin, schoolId, { colour: 'red' }, clock))).toBe(
        'InvalidCheckSettings',
      );
      expect(await codeOf(updateCheckSettings(t.db, teacher, schoolId, {}, clock))).toBe(
        'CheckSettingsForbidden',
      );
      const audit = await t.db
        .selectFrom('audit_events')
        .select('type')
        .where('school_id', '=', schoolId)
        .execute();
      expect(audit.map((a) => a.type)).toEqual(['checks.settings_updated']);
    });

    it('imports UT1 block lists per category, replacing the previous edition', async () => {
      const dir = await ut1Folder();
      const counts = await importBlockLists(t.db, admin, { schoolId, dir }, clock);
      expect(counts).toEqual({ gambling: { domains: 2, urls: 1 }, phishing: { domains: 1, urls: 0 } });
      await writeFile(path.join(dir, 'gambling', 'domains'), 'bet-now.example\n');
      await importBlockLists(t.db, admin, { schoolId, dir, categories: ['gambling'] }, clock);
      const rows = await t.db
        .selectFrom('block_list_entries')
        .select(['category', 'kind', 'value'])
        .where('school_id', '=', schoolId)
        .orderBy('value')
        .execute();
      expect(rows).toEqual([
        { category: 'gambling', kind: 'domain', value: 'bet-now.example' },
        { category: 'gambling', kind: 'url', value: 'free-host.example/slots' },
        { category: 'phishing', kind: 'domain', value: 'login-verify.example' },
      ]);
      expect(await verifyAuditChain(t.db, schoolId)).toMatchObject({ ok: true, rows: 3 });
    });

    it('refuses a folder with none of the categories, writing nothing', async () => {
      const empty = await mkdtemp(path.join(os.tmpdir(), 'guardpost-ut1-empty-'));
      const before = await t.db.selectFrom('block_list_entries').select('value').execute();
      expect(await codeOf(importBlockLists(t.db, admin, { schoolId, dir: empty }, clock))).toBe(
        'BlockListsNotFound',
      );
      expect(await t.db.selectFrom('block_list_entries').select('value').execute()).toEqual(before);
    });
  });
}
