import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/test-app.js';
import type { Actor } from '../auth/roles.js';
import { signInAs, type TestSignIn } from '../auth/test-session.js';
import { testEngines } from '../db/test-db.js';
import { recordAudit } from './audit.js';
import { csvField } from './audit-log.service.js';

const system: Actor = { kind: 'system', label: 'test' };

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });
});

for (const engine of testEngines()) {
  describe(`audit routes on ${engine}`, () => {
    let t: TestApp;
    let schoolA: string;
    let schoolB: string;
    let adminA: TestSignIn;
    let staffA: TestSignIn;
    let adminB: TestSignIn;
    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      const school = async (name: string) =>
        (
          await db
            .insertInto('schools')
            .values({ name, official_email_domains: [`${name.toLowerCase().replace(/\W/g, '')}.example`] })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      schoolA = await school('Audit A');
      schoolB = await school('Audit B');
      const now = t.clock.now();
      adminA = await signInAs(db, { schoolId: schoolA, roles: ['staff', 'admin'], now });
      staffA = await signInAs(db, { schoolId: schoolA, roles: ['staff', 'smt'], now });
      adminB = await signInAs(db, { schoolId: schoolB, roles: ['admin'], now });
      for (let i = 1; i <= 5; i++) {
        t.clock.advance(60_000);
        await recordAudit(db, {
          actor: i % 2 === 0 ? adminA.actor : system,
          schoolId: schoolA,
          at: t.clock.now(),
          event: {
            type: 'policy.version_imported',
            subject: { type: 'policy_version', id: `v${i}` },
            data: {
              label: i === 5 ? 'Label, with "quotes"\nand a line' : `L${i}`,
              documentHash: 'h',
              sections: i,
            },
          },
        });
      }
      await recordAudit(db, {
        actor: system,
        schoolId: schoolA,
        at: t.clock.now(),
        event: {
          type: 'school.created',
          subject: { type: 'school', id: schoolA },
          data: { name: 'Audit A', demo: false },
        },
      });
      await recordAudit(db, {
        actor: system,
        schoolId: schoolB,
        at: t.clock.now(),
        event: {
          type: 'school.created',
          subject: { type: 'school', id: schoolB },
          data: { name: 'Audit B', demo: false },
        },
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const get = (who: TestSignIn | undefined, url: string) =>
      t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

    it('is for admins only', async () => {
      expect((await get(undefined, '/api/audit')).statusCode).toBe(401);
      const refused = await get(staffA, '/api/audit');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('RoleRequired');
      expect((await get(staffA, '/api/audit/export.csv')).statusCode).toBe(403);
    });

    it("shows an admin their own school's log only, newest first, in pages", async () => {
      const first = await get(adminA, '/api/audit?limit=4');
      expect(first.statusCode).toBe(200);
      expect(first.json().items.map((e: { seq: number }) => e.seq)).toEqual([6, 5, 4, 3]);
      const second = await get(adminA, `/api/audit?limit=4&cursor=${first.json().nextCursor}`);
      expect(second.json().items.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
      expect(second.json().nextCursor).toBeNull();
      const other = await get(adminB, '/api/audit');
      expect(other.json().items.map((e: { type: string }) => e.type)).toEqual(['school.created']);
      expect(other.json().items.every((e: { subjectId: string }) => e.subjectId === schoolB)).toBe(true);
    });

    it('filters by type, family, actor, subject and time', async () => {
      const seqs = async (query: string) =>
        (await get(adminA, `/api/audit?${query}`)).json().items.map((e: { seq: number }) => e.seq);
      expect(await seqs('type=school.created')).toEqual([6]);
      expect(await seqs('type=policy.*')).toEqual([5, 4, 3, 2, 1]);
      expect(await seqs(`actor=${adminA.actor.staffId}`)).toEqual([4, 2]);
      expect(await seqs('actor=system:test')).toEqual([6, 5, 3, 1]);
      expect(await seqs('subject=policy_version:v3')).toEqual([3]);
      expect(await seqs('from=2026-11-24T09:02:00Z&to=2026-11-24T09:04:00Z')).toEqual([3, 2]);
      const bad = await get(adminA, '/api/audit?from=yesterday');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('InvalidAuditFilter');
    });

    it('exports CSV with proper quoting and records the export', async () => {
      const response = await get(adminA, '/api/audit/export.csv?type=policy.*');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const lines = response.body.split('\r\n');
      expect(lines[0]).toBe('seq,at,actor,type,subject_type,subject_id,data,hash');
      expect(lines[1]).toMatch(
        /^5,2026-11-24T09:05:00\.000Z,system:test,policy\.version_imported,policy_version,v5,"/,
      );
      // The data cell is JSON with its quotes doubled; the JSON escapes the line break.
      expect(response.body).toContain('""label"":""Label, with \\""quotes\\""\\nand a line""');
      expect(lines.filter((l) => l !== '')).toHaveLength(6);
      const exported = (await get(adminA, '/api/audit?type=audit.exported')).json().items;
      expect(exported).toHaveLength(1);
      expect(exported[0]).toMatchObject({
        actorStaffId: adminA.actor.staffId,
        data: { filters: { type: 'policy.*' } },
      });
    });
  });
}
