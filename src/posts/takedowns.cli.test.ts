import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../cli/output.js';
import { runCliCaptured } from '../cli/test-cli.js';
import { buildConsentFamily } from '../consent/testing.js';
import { createDb } from '../platform/db/create-db.js';
import { buildPostingAccount } from './testing.js';

describe('retroactive re-check from the CLI (guardpost consent import)', () => {
  let dir: string;
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let archiveId: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-takedown-cli-'));
    dataDir = path.join(dir, 'data');
    env = { GUARDPOST_DATA_DIR: dataDir, DATABASE_URL: undefined, PORT: undefined };
    expect((await runCliCaptured(['migrate'], env)).code).toBe(ExitCode.ok);
    expect((await runCliCaptured(['school', 'list'], env)).code).toBe(ExitCode.ok);
    const db = createDb({ dataDir });
    try {
      const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
      const family = await buildConsentFamily(db, { schoolId: school.id, key: 'TK' });
      const owner = await db
        .insertInto('staff')
        .values({ email: 'owner-tk@cli.example', given_name: 'Owner', family_name: 'Tk' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('staff_memberships')
        .values({ school_id: school.id, staff_id: owner.id, roles: ['staff'] })
        .execute();
      const accountId = await buildPostingAccount(db, {
        schoolId: school.id,
        ownerIds: [owner.id],
        key: 'tk',
      });
      const at = new Date('2026-11-03T10:00:00Z');
      const post = await db
        .insertInto('posts')
        .values({
          school_id: school.id,
          account_id: accountId,
          author_staff_id: owner.id,
          text: 'Choir',
          links: '[]',
          tagged_pupil_ids: JSON.stringify([family.pupilId]),
          no_identifiable_pupils: false,
          revision: 1,
          status: 'published',
          verdict: 'pass',
          findings: '[]',
          checked_at: at,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      archiveId = (
        await db
          .insertInto('post_archive')
          .values({
            school_id: school.id,
            post_id: post.id,
            account_id: accountId,
            author_staff_id: owner.id,
            published_by_staff_id: owner.id,
            published_at: at,
            published_url: 'https://x.com/posts_tk/status/1',
            text: 'Choir',
            links: '[]',
            photos: '[]',
            tagged_pupil_ids: JSON.stringify([family.pupilId]),
            tagged_pupils: JSON.stringify([
              { pupilId: family.pupilId, consentState: 'granted', expiresOn: null },
            ]),
            no_identifiable_pupils: false,
            verdict: 'pass',
            findings: '[]',
            rule_ids: '[]',
            approvals: '[]',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } finally {
      await db.destroy();
    }
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens a takedown task when an imported withdrawal ends a grant', async () => {
    const header = 'pupil_external_id,purpose,state,date,evidence_reference,carer_external_id\n';
    const granted = path.join(dir, 'granted.csv');
    const withdrawn = path.join(dir, 'withdrawn.csv');
    await writeFile(granted, `${header}P-TK,social_media,granted,2026-11-02,FORM-1,C-TK\n`);
    await writeFile(withdrawn, `${header}P-TK,social_media,withdrawn,2026-11-20,EMAIL-2,C-TK\n`);
    expect((await runCliCaptured(['consent', 'import', granted], env)).code).toBe(ExitCode.ok);
    expect((await runCliCaptured(['consent', 'import', withdrawn], env)).code).toBe(ExitCode.ok);
    const db = createDb({ dataDir });
    try {
      const tasks = await db.selectFrom('post_takedown_tasks').selectAll().execute();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ archive_id: archiveId, reason: 'withdrawn', removed_at: null });
      const due = tasks[0] ? tasks[0].due_at.getTime() - tasks[0].created_at.getTime() : 0;
      expect(due).toBe(2 * 86_400_000);
    } finally {
      await db.destroy();
    }
  });
});
