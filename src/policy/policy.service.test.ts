import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/roles.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { createSchool } from '../schools/create-school.js';
import { getPolicyOverview } from './get-policy-overview.js';
import { getReviewStatus } from './get-review-status.js';
import { importPolicy } from './import-policy.js';

const markdownPolicy = `# Online Conduct Policy

## Purpose
Keep pupils safe online.

## 1 Personal accounts
- Staff do not follow pupils.
- Report any contact from a pupil.
`;

const testActor: Actor = { kind: 'system', label: 'test' };

for (const engine of testEngines()) {
  describe(`policy versions on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await createSchool(t.db, testActor, {
          name: 'Hillside School',
          officialEmailDomains: ['hillside.example'],
        })
      ).id;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('imports a Markdown document as the new current version, keeping the old one', async () => {
      const view = await importPolicy(
        t.db,
        testActor,
        {
          schoolId,
          text: markdownPolicy,
          format: 'markdown',
          label: '2026-autumn',
          effectiveFrom: '2026-09-01',
        },
        '2026-11-24',
      );
      expect(view).toMatchObject({
        label: '2026-autumn',
        nextReviewDue: '2027-09-01',
        isCurrent: true,
        source: 'import',
      });
      expect(view.sections.map((s) => s.id)).toEqual(['purpose', '1', '1.1', '1.2']);
      const overview = await getPolicyOverview(t.db, schoolId, '2026-11-24');
      expect(overview.versions.map((v) => [v.label, v.isCurrent])).toEqual([
        ['2026-autumn', true],
        ['2019-08', false],
      ]);
      expect(overview.review?.status).toBe('ok');
      expect(await getReviewStatus(t.db, schoolId, '2027-08-20')).toMatchObject({
        status: 'due_soon',
        daysUntilDue: 12,
      });
    });

    it('refuses an empty document, bad dates and a reused label without changing the current version', async () => {
      const attempts = [
        importPolicy(t.db, testActor, { schoolId, text: '\n\n', format: 'text' }, '2026-11-24'),
        importPolicy(
          t.db,
          testActor,
          { schoolId, text: markdownPolicy, format: 'markdown', effectiveFrom: '2026-02-30' },
          '2026-11-24',
        ),
        importPolicy(
          t.db,
          testActor,
          {
            schoolId,
            text: markdownPolicy,
            format: 'markdown',
            effectiveFrom: '2026-09-01',
            nextReviewDue: '2026-01-01',
          },
          '2026-11-24',
        ),
        importPolicy(
          t.db,
          testActor,
          { schoolId, text: markdownPolicy, format: 'markdown', label: '2026-autumn' },
          '2026-11-24',
        ),
      ];
      const codes: string[] = [];
      for (const attempt of attempts) {
        try {
          await attempt;
          codes.push('none');
        } catch (error) {
          codes.push(error instanceof AppError ? error.code : 'unexpected');
        }
      }
      expect(codes).toEqual(['InvalidPolicyDocument', 'InvalidDate', 'InvalidDate', 'PolicyVersionExists']);
      const overview = await getPolicyOverview(t.db, schoolId, '2026-11-24');
      expect(overview.current?.label).toBe('2026-autumn');
      expect(overview.versions).toHaveLength(2);
    });
  });
}
