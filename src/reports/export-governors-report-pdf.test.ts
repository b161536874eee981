import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPagesText } from '../concerns/test-pdf-text.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';

const SUMMER = 'from=2026-04-01&to=2026-08-31';

for (const engine of testEngines()) {
  describe(`the governors' report PDF download on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let dsl: TestSignIn;
    let governor: TestSignIn;
    let teacher: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Fenwick Academy', official_email_domains: ['fenwick.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      dsl = await signInAs(db, { schoolId, roles: ['staff', 'dsl'], now });
      governor = await signInAs(db, { schoolId, roles: ['governor'], now });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now });
    });
    afterAll(async () => {
      await t.close();
    });

    const get = (who: TestSignIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });
    const auditRows = () =>
      t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data', 'actor_staff_id'])
        .where('school_id', '=', schoolId)
        .orderBy('seq')
        .execute();

    it('writes one audit row per download, saying it was exported as PDF', async () => {
      for (const [who, type] of [
        [dsl, 'report.governors_produced'],
        [governor, 'report.governors_viewed'],
      ] as const) {
        const before = (await auditRows()).length;
        const pdf = await get(who, `/api/reports/governors.pdf?${SUMMER}`);
        expect(pdf.statusCode, pdf.body).toBe(200);
        expect(pdf.headers['content-type']).toContain('application/pdf');
        expect(pdf.headers['content-disposition']).toContain('governors-report-2026-04-01-to-2026-08-31.pdf');
        // The trends drawn into the PDF are part of this one download, not a second opening of the report.
        expect(pdfPagesText(pdf.rawPayload).join(' ')).toContain('Trends over the last terms');
        const after = await auditRows();
        expect(after).toHaveLength(before + 1);
        expect(after.at(-1)).toEqual({
          type,
          actor_staff_id: who.actor.staffId,
          data: { from: '2026-04-01', to: '2026-08-31', format: 'pdf' },
        });
      }
    });

    it('writes no row for a download refused', async () => {
      const before = (await auditRows()).length;
      const backwards = await get(dsl, '/api/reports/governors.pdf?from=2026-08-31&to=2026-04-01');
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.code).toBe('ReportRangeInvalid');
      const teacherPdf = await get(teacher, `/api/reports/governors.pdf?${SUMMER}`);
      expect(teacherPdf.statusCode).toBe(403);
      expect(await auditRows()).toHaveLength(before);
    });
  });
}
