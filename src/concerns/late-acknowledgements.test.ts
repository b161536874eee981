import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { countLateAcknowledgements } from './concerns.queries.js';
import { reportConcern } from './report-concern.js';
import { buildConcernContext, buildConcernSchool, type ConcernSchool } from './testing.js';
import { updateConcernSettings } from './update-concern-settings.js';

const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);

for (const engine of testEngines()) {
  describe(`late acknowledgements on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    const reportedAt = new Date('2026-11-24T09:00:00Z');
    const range = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('counts against the deadline a concern was given when reported, whatever the settings say later', async () => {
      const ctx = buildConcernContext(t.db, reportedAt);
      const { id } = await reportConcern(ctx, s.teacher, {
        schoolId: s.schoolId,
        type: 'pupil_contact',
        platform: 'Instagram',
        occurredAt: null,
        pupils: [{ pupilId: s.pupilId, role: 'subject' }],
        subjectStaffId: null,
        whatHappened: 'A generated account messaged a pupil about a meet-up',
        childWords: null,
        actionsTaken: null,
        toldDslInPerson: false,
        urgency: 'urgent',
        evidence: [],
      });
      const row = await t.db
        .selectFrom('concerns')
        .select('acknowledgement_due_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      // The default for an urgent concern: 15 minutes.
      expect(row.acknowledgement_due_at?.toISOString()).toBe(minutes(reportedAt, 15).toISOString());
      await t.db
        .updateTable('concerns')
        .set({ acknowledged_at: minutes(reportedAt, 20) })
        .where('id', '=', id)
        .execute();
      const asOf = new Date('2026-12-03T09:00:00Z');
      const before = await countLateAcknowledgements(t.db, { schoolId: s.schoolId, ...range, asOf });
      expect(before).toEqual({ reported: 1, late: 1 });

      // A month later the school allows 30 minutes: November's figure does not change.
      await updateConcernSettings(buildConcernContext(t.db, asOf), s.dsl, {
        schoolId: s.schoolId,
        changes: { urgentAckMinutes: 30 },
      });
      const after = await countLateAcknowledgements(t.db, { schoolId: s.schoolId, ...range, asOf });
      expect(after).toEqual({ reported: 1, late: 1 });

      // A concern from before deadlines were kept is judged by the school's settings, as before.
      await t.db.updateTable('concerns').set({ acknowledgement_due_at: null }).where('id', '=', id).execute();
      const unkept = await countLateAcknowledgements(t.db, { schoolId: s.schoolId, ...range, asOf });
      expect(unkept).toEqual({ reported: 1, late: 0 });
    });
  });
}
