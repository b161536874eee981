import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { listTransferTasks } from './list-transfer-tasks.js';
import { openTransferTasks } from './open-transfer-tasks.js';
import { recordTransferStep } from './record-transfer-step.js';
import {
  auditEventsOf,
  buildConcern,
  buildConcernContext,
  buildConcernSchool,
  type ConcernSchool,
} from './testing.js';

for (const engine of testEngines()) {
  describe(`child protection file transfers on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    const now = new Date('2026-11-24T09:00:00Z');

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
      await buildConcern(buildConcernContext(t.db, now), s.teacher, {
        schoolId: s.schoolId,
        pupils: [{ pupilId: s.pupilId, role: 'subject' }],
      });
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('opens one task when a pupil with a file leaves, then records sending and receipt, each audited', async () => {
      expect(await openTransferTasks(t.db, now)).toBe(0);
      await t.db
        .updateTable('pupils')
        .set({ status: 'left', left_on: '2026-11-20' })
        .where('id', '=', s.pupilId)
        .execute();
      expect(await openTransferTasks(t.db, now)).toBe(1);
      expect(await openTransferTasks(t.db, now)).toBe(0);

      const [task] = await listTransferTasks(t.db, s.dsl, { schoolId: s.schoolId, today: '2026-11-30', now });
      expect(task).toMatchObject({
        pupilId: s.pupilId,
        pupilName: 'Corvin Ashdale',
        status: 'pending',
        overdue: true,
      });
      expect(await auditEventsOf(t.db, 'concern.transfer_created', task?.id)).toHaveLength(1);
      await expect(
        listTransferTasks(t.db, s.head, { schoolId: s.schoolId, today: '2026-11-30', now }),
      ).rejects.toMatchObject({ code: 'TransferForbidden' });

      const step = (kind: 'sent' | 'received') =>
        recordTransferStep(t.db, s.deputy, {
          schoolId: s.schoolId,
          transferId: task?.id ?? '',
          now,
          step:
            kind === 'sent'
              ? { kind, destination: 'Fernhollow High', method: 'Secure transfer service' }
              : { kind, from: 'Fernhollow High DSL' },
        });
      await expect(step('received')).rejects.toMatchObject({ code: 'TransferNotSent' });
      await step('sent');
      await expect(step('sent')).rejects.toMatchObject({ code: 'TransferAlreadySent' });
      await step('received');
      const [done] = await listTransferTasks(t.db, s.dsl, { schoolId: s.schoolId, today: '2026-11-30', now });
      expect(done).toMatchObject({ status: 'received', receiptFrom: 'Fernhollow High DSL', overdue: false });
      expect(await auditEventsOf(t.db, 'concern.transfer_sent', task?.id)).toHaveLength(1);
      expect(await auditEventsOf(t.db, 'concern.transfer_receipt_confirmed', task?.id)).toHaveLength(1);
      expect(
        (await auditEventsOf(t.db, 'concern.list_viewed')).filter(
          (v) => (v.data as { view: string }).view === 'transfers',
        ),
      ).toHaveLength(2);
    });
  });
}
