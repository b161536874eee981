import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL, ensureDemoSchool } from '../demo/demo-school.js';
import { testDemoDeps } from '../demo/testing.js';
import type { Actor } from '../platform/auth/roles.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { getPolicyOverview } from '../policy/get-policy-overview.js';
import { createSchool } from './create-school.js';
import { listSchools, resolveSchool } from './schools.queries.js';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const testActor: Actor = { kind: 'system', label: 'test' };

for (const engine of testEngines()) {
  describe(`schools on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('creates the demo school once, with the seed policy overdue', async () => {
      const first = await ensureDemoSchool(t.db, testDemoDeps());
      expect(first?.created).toBe(true);
      expect(first?.school).toMatchObject({
        name: DEMO_SCHOOL.name,
        officialEmailDomains: ['take1studios.example'],
        aupUrl: DEMO_SCHOOL.aupUrl,
        isDemo: true,
      });
      const again = await ensureDemoSchool(t.db, testDemoDeps());
      expect(again?.created).toBe(false);
      expect(await listSchools(t.db)).toHaveLength(1);

      const overview = await getPolicyOverview(t.db, first!.school.id, '2026-11-24');
      expect(overview.review).toMatchObject({
        status: 'overdue',
        nextReviewDue: '2020-08-29',
        daysOverdue: 2278,
      });
      expect(overview.current?.reviews.map((r) => r.on)).toEqual([
        '2015-09-15',
        '2017-11-01',
        '2018-03-15',
        '2019-02-21',
        '2019-08-29',
      ]);
    });

    it('refuses bad input naming each field, and writes nothing', async () => {
      const error = await errorOf(
        createSchool(t.db, testActor, {
          name: 'X',
          urn: '12',
          officialEmailDomains: ['gmail.com'],
          aupUrl: 'ftp://x',
        }),
      );
      expect(error.code).toBe('InvalidSchool');
      expect(error.details.join('\n')).toMatch(/name/);
      expect(error.details.join('\n')).toMatch(/urn/);
      expect(error.details.join('\n')).toMatch(/officialEmailDomains\.0: is a public webmail domain/);
      expect(error.details.join('\n')).toMatch(/aupUrl/);
      expect(await listSchools(t.db)).toHaveLength(1);
    });

    it('refuses an AUP hosted off the school domains and a duplicate URN', async () => {
      const offDomain = await errorOf(
        createSchool(t.db, testActor, {
          name: 'Northfield Academy',
          officialEmailDomains: ['northfield.example'],
          aupUrl: 'https://elsewhere.example/aup',
        }),
      );
      expect(offDomain.code).toBe('InvalidSchool');
      await createSchool(t.db, testActor, {
        name: 'Northfield Academy',
        urn: '123456',
        officialEmailDomains: ['northfield.example'],
      });
      const duplicate = await errorOf(
        createSchool(t.db, testActor, {
          name: 'Other',
          urn: '123456',
          officialEmailDomains: ['other.example'],
        }),
      );
      expect(duplicate.code).toBe('SchoolExists');
    });

    it('resolves the demo school when several exist and none is named', async () => {
      const school = await resolveSchool(t.db);
      expect(school.name).toBe(DEMO_SCHOOL.name);
      expect((await errorOf(resolveSchool(t.db, 'not-a-uuid'))).code).toBe('SchoolNotFound');
    });
  });
}

describe('demo seeding after an interrupted first start', () => {
  it('seeds the demo people when the demo school exists without them', async () => {
    const t = await createTestDb('pglite');
    try {
      const school = await createSchool(
        t.db,
        { kind: 'system', label: 'test' },
        { name: DEMO_SCHOOL.name, officialEmailDomains: ['take1studios.example'] },
        { demo: true },
      );
      const before = await t.db
        .selectFrom('pupils')
        .select('id')
        .where('school_id', '=', school.id)
        .execute();
      expect(before).toHaveLength(0);
      expect((await ensureDemoSchool(t.db, testDemoDeps()))?.created).toBe(false);
      const after = await t.db.selectFrom('pupils').select('id').where('school_id', '=', school.id).execute();
      expect(after.length).toBeGreaterThan(500);
    } finally {
      await t.destroy();
    }
  });
});
