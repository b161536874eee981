import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { CONCERN_ESCALATE_QUEUE } from './concern-alerting.js';
import { listMyReceipts } from './list-my-receipts.js';
import { reportConcern } from './report-concern.js';
import { auditEventsOf, buildConcernContext, buildConcernSchool, type ConcernSchool } from './testing.js';

// Generated words only.
const NARRATIVE = 'A stranger asked about the brindlemoor meet-up after lessons';

for (const engine of testEngines()) {
  describe(`reporting a concern on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    const now = new Date('2026-11-24T09:00:00Z');
    const base = () => ({
      schoolId: s.schoolId,
      type: 'pupil_contact' as const,
      platform: 'Instagram',
      occurredAt: null,
      pupils: [{ pupilId: s.pupilId, role: 'subject' as const }],
      subjectStaffId: null,
      whatHappened: NARRATIVE,
      childWords: 'it was about the brindlemoor thing',
      actionsTaken: null,
      toldDslInPerson: false,
      urgency: 'urgent' as const,
      evidence: [{ name: 'notes.txt', bytes: Buffer.from('screen text about brindlemoor') }],
    });

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('keeps the concern sealed, alerts the leads, queues the escalation and audits it, in one transaction', async () => {
      const ctx = buildConcernContext(t.db, now);
      const { id, receipt } = await reportConcern(ctx, s.teacher, base());
      expect(receipt).toMatchObject({ status: 'new', type: 'pupil_contact' });
      expect(receipt.reference).toMatch(/^C-2026-[A-Z2-9]{6}$/);

      const row = await t.db
        .selectFrom('concerns')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(row.content).includes(Buffer.from('brindlemoor'))).toBe(false);
      expect(row.retention_until).toBe('2037-05-17');
      const evidence = await t.db
        .selectFrom('concern_evidence')
        .selectAll()
        .where('concern_id', '=', id)
        .execute();
      expect(evidence).toHaveLength(1);
      expect(Buffer.from(evidence[0]?.original ?? []).includes(Buffer.from('brindlemoor'))).toBe(false);

      const alerts = await t.db
        .selectFrom('concern_alerts')
        .selectAll()
        .where('concern_id', '=', id)
        .execute();
      expect(alerts.map((a) => a.staff_id).sort()).toEqual([s.dsl.staffId, s.deputy.staffId].sort());
      const jobs = await t.db
        .selectFrom('jobs')
        .selectAll()
        .where('queue', '=', CONCERN_ESCALATE_QUEUE)
        .execute();
      expect(jobs.map((j) => j.payload)).toContainEqual({ concernId: id, level: 1 });

      const [audit] = await auditEventsOf(t.db, 'concern.reported', id);
      expect(audit).toMatchObject({
        actor_staff_id: s.teacher.staffId,
        data: { concernType: 'pupil_contact', urgency: 'urgent', pupils: 1, evidence: 1, alerted: 2 },
      });
      expect(JSON.stringify(audit)).not.toMatch(/brindlemoor/);
    });

    it('refuses a report without a narrative, with a pupil named twice, off the roll, or about oneself', async () => {
      const ctx = buildConcernContext(t.db, now);
      const before = await t.db.selectFrom('concerns').select('id').execute();
      await expect(reportConcern(ctx, s.teacher, { ...base(), whatHappened: '  ' })).rejects.toMatchObject({
        code: 'ConcernNarrativeMissing',
      });
      await expect(
        reportConcern(ctx, s.teacher, {
          ...base(),
          pupils: [
            { pupilId: s.pupilId, role: 'subject' },
            { pupilId: s.pupilId, role: 'witness' },
          ],
        }),
      ).rejects.toMatchObject({ code: 'ConcernPupilRepeated' });
      await expect(
        reportConcern(ctx, s.teacher, {
          ...base(),
          pupils: [{ pupilId: '00000000-0000-4000-8000-000000000000', role: 'subject' }],
        }),
      ).rejects.toMatchObject({ code: 'ConcernPupilUnknown' });
      await expect(
        reportConcern(ctx, s.teacher, {
          ...base(),
          type: 'staff_conduct',
          pupils: [],
          subjectStaffId: s.teacher.staffId,
        }),
      ).rejects.toMatchObject({ code: 'ConcernAboutSelf' });
      // Nothing half-written by a refused report.
      expect(await t.db.selectFrom('concerns').select('id').execute()).toHaveLength(before.length);
    });

    it('gives the reporter their receipts only, and audits that they looked', async () => {
      const ctx = buildConcernContext(t.db, now);
      const receipts = await listMyReceipts(ctx, s.teacher, { schoolId: s.schoolId });
      expect(receipts.length).toBeGreaterThan(0);
      expect(Object.keys(receipts[0] ?? {}).sort()).toEqual(['reference', 'reportedAt', 'status', 'type']);
      expect(await auditEventsOf(t.db, 'concern.receipts_viewed', s.teacher.staffId)).toHaveLength(1);
      expect(await listMyReceipts(ctx, s.dsl, { schoolId: s.schoolId })).toEqual([]);
      await expect(
        listMyReceipts(ctx, s.teacher, { schoolId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'ConcernReceiptsForbidden' });
    });
  });
}
