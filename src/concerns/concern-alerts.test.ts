import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import type { ConcernContext } from './concern-access.js';
import { escalateConcern } from './escalate-concern.js';
import { getAlertView } from './get-alert-view.js';
import { listUrgentUnacknowledged } from './list-urgent-concerns.js';
import { respondToAlert } from './respond-to-alert.js';
import {
  auditEventsOf,
  buildConcern,
  buildConcernContext,
  buildConcernSchool,
  type ConcernSchool,
} from './testing.js';

for (const engine of testEngines()) {
  describe(`alerts of a concern on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    let ctx: ConcernContext;

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
      ctx = buildConcernContext(t.db, new Date('2026-11-24T09:00:00Z'));
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('shows an unacknowledged urgent concern in the banner of its leads only, audited when it names one', async () => {
      const { id } = await buildConcern(ctx, s.teacher, { schoolId: s.schoolId, urgency: 'urgent' });
      const banner = await listUrgentUnacknowledged(ctx, s.dsl, { schoolId: s.schoolId });
      expect(banner.map((c) => c.id)).toEqual([id]);
      expect(await listUrgentUnacknowledged(ctx, s.teacher, { schoolId: s.schoolId })).toEqual([]);
      const views = await auditEventsOf(t.db, 'concern.list_viewed');
      expect(views.map((v) => v.data)).toContainEqual({ count: 1, view: 'urgent' });

      const alert = await getAlertView(ctx, s.deputy, { schoolId: s.schoolId, concernId: id });
      expect(alert.canRead).toBe(true);
      expect(alert.readers.map((r) => r.staffId).sort()).toEqual([s.dsl.staffId, s.deputy.staffId].sort());
      expect(await auditEventsOf(t.db, 'concern.viewed', id)).toMatchObject([{ data: { view: 'alert' } }]);
      await expect(
        getAlertView(ctx, s.teacher, { schoolId: s.schoolId, concernId: id }),
      ).rejects.toMatchObject({
        code: 'ConcernNotFound',
      });

      const acknowledged = await respondToAlert(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId: id,
        response: { kind: 'acknowledge' },
      });
      expect(acknowledged.acknowledgedAt).not.toBeNull();
      expect(await listUrgentUnacknowledged(ctx, s.dsl, { schoolId: s.schoolId })).toEqual([]);
      expect(await auditEventsOf(t.db, 'concern.acknowledged', id)).toHaveLength(1);
    });

    it('escalates to the headteacher when nobody acknowledges; they may hand it on to a lead who may read it', async () => {
      const { id } = await buildConcern(ctx, s.teacher, { schoolId: s.schoolId, urgency: 'urgent' });
      const later = { ...ctx, now: new Date('2026-11-24T10:00:00Z') };
      expect(await escalateConcern(later, { concernId: id, level: 1 })).toEqual({ escalated: true });
      expect(await escalateConcern(later, { concernId: id, level: 1 })).toEqual({ escalated: false });
      expect(await auditEventsOf(t.db, 'concern.escalated', id)).toMatchObject([{ data: { level: 1 } }]);

      // The head may not read a pupil concern (the default setting) but sees its alert.
      const alert = await getAlertView(later, s.head, { schoolId: s.schoolId, concernId: id });
      expect(alert.canRead).toBe(false);
      await expect(
        respondToAlert(later, s.head, {
          schoolId: s.schoolId,
          concernId: id,
          response: { kind: 'hand_on', staffId: s.teacher.staffId },
        }),
      ).rejects.toMatchObject({ code: 'AssigneeCannotSeeConcern' });
      const handed = await respondToAlert(later, s.head, {
        schoolId: s.schoolId,
        concernId: id,
        response: { kind: 'hand_on', staffId: s.deputy.staffId },
      });
      expect(handed.assignedStaffId).toBe(s.deputy.staffId);
      expect(handed.acknowledgedAt).not.toBeNull();
      const told = await t.db
        .selectFrom('notifications')
        .select('kind')
        .where('staff_id', '=', s.deputy.staffId)
        .where('kind', '=', 'concern.handed_on')
        .execute();
      expect(told).toHaveLength(1);
      expect(await auditEventsOf(t.db, 'concern.assigned', id)).toMatchObject([
        { actor_staff_id: s.head.staffId, data: { staffId: s.deputy.staffId } },
      ]);
    });
  });
}
