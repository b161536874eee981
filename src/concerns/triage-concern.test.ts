import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { acknowledgeConcern } from './acknowledge-concern.js';
import { addConcernAction } from './add-concern-action.js';
import { addConcernEntry } from './add-concern-entry.js';
import { addConcernReferral } from './add-concern-referral.js';
import { assignConcern } from './assign-concern.js';
import { completeConcernAction } from './complete-concern-action.js';
import type { ConcernContext } from './concern-access.js';
import { escalateConcern } from './escalate-concern.js';
import { recordConcernDecision } from './record-concern-decision.js';
import {
  auditEventsOf,
  buildConcern,
  buildConcernContext,
  buildConcernSchool,
  type ConcernSchool,
} from './testing.js';

for (const engine of testEngines()) {
  describe(`triaging a concern on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    let concernId: string;
    let ctx: ConcernContext;
    const now = new Date('2026-11-24T09:00:00Z');
    const later = new Date('2026-11-24T09:25:00Z');

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
      // One keyring for the whole file: the concern's content is sealed under it.
      const reported = buildConcernContext(t.db, now);
      ctx = { ...reported, now: later };
      ({ id: concernId } = await buildConcern(reported, s.teacher, {
        schoolId: s.schoolId,
        pupils: [{ pupilId: s.pupilId, role: 'subject' }],
        urgency: 'urgent',
      }));
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('acknowledges once, audited with the time it took, and the escalation then stops', async () => {
      const teacherTry = acknowledgeConcern(ctx, s.teacher, { schoolId: s.schoolId, concernId });
      await expect(teacherTry).rejects.toMatchObject({ code: 'ConcernNotFound' });
      const detail = await acknowledgeConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId });
      expect(detail.status).toBe('open');
      expect(detail.acknowledgedAt).toBe(later.toISOString());
      expect(detail.chronology.map((e) => e.kind)).toEqual(['reported', 'acknowledged']);
      expect(await auditEventsOf(t.db, 'concern.acknowledged', concernId)).toMatchObject([
        { actor_staff_id: s.dsl.staffId, data: { afterMinutes: 25 } },
      ]);
      await expect(
        acknowledgeConcern(ctx, s.deputy, { schoolId: s.schoolId, concernId }),
      ).rejects.toMatchObject({ code: 'ConcernAlreadyAcknowledged' });
      expect(await escalateConcern(ctx, { concernId, level: 1 })).toEqual({ escalated: false });
    });

    it('assigns only to a lead who may see the concern', async () => {
      await expect(
        assignConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId, staffId: s.teacher.staffId }),
      ).rejects.toMatchObject({ code: 'AssigneeCannotSeeConcern' });
      await expect(
        assignConcern(ctx, s.dsl, {
          schoolId: s.schoolId,
          concernId,
          staffId: '00000000-0000-4000-8000-000000000000',
        }),
      ).rejects.toMatchObject({ code: 'StaffUnknown' });
      const detail = await assignConcern(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        staffId: s.deputy.staffId,
      });
      expect(detail.assignedStaffId).toBe(s.deputy.staffId);
      expect(await auditEventsOf(t.db, 'concern.assigned', concernId)).toMatchObject([
        { data: { staffId: s.deputy.staffId } },
      ]);
    });

    it('adds notes and corrections without changing what was written, and audits each', async () => {
      const noted = await addConcernEntry(ctx, s.deputy, {
        schoolId: s.schoolId,
        concernId,
        text: 'Spoke with the pupil about the tarnwick chats',
        correctsEntryId: null,
      });
      const note = noted.chronology.find((e) => e.kind === 'note');
      expect(note?.text).toBe('Spoke with the pupil about the tarnwick chats');
      const corrected = await addConcernEntry(ctx, s.deputy, {
        schoolId: s.schoolId,
        concernId,
        text: 'Spoke with the pupil and their carer',
        correctsEntryId: note?.id ?? null,
      });
      // The original stays as written beside its correction.
      expect(corrected.chronology.filter((e) => e.kind === 'note')).toHaveLength(1);
      expect(corrected.chronology.find((e) => e.kind === 'correction')?.correctsEntryId).toBe(note?.id);
      await expect(
        addConcernEntry(ctx, s.deputy, {
          schoolId: s.schoolId,
          concernId,
          text: 'x',
          correctsEntryId: '00000000-0000-4000-8000-000000000000',
        }),
      ).rejects.toMatchObject({ code: 'CorrectedEntryUnknown' });
      const entries = await auditEventsOf(t.db, 'concern.entry_added', concernId);
      expect(entries.map((e) => (e.data as { kind: string }).kind)).toEqual(['note', 'correction']);
      // Sealed at rest.
      const rows = await t.db
        .selectFrom('concern_entries')
        .select('content')
        .where('concern_id', '=', concernId)
        .execute();
      for (const r of rows)
        expect(Buffer.from(r.content ?? []).includes(Buffer.from('tarnwick'))).toBe(false);
    });

    it('records actions, their completion, a decision with reasons and a referral, each audited', async () => {
      const withAction = await addConcernAction(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        description: 'Call the carer',
        ownerStaffId: s.deputy.staffId,
        dueOn: '2026-11-25',
      });
      const action = withAction.actions[0];
      expect(action).toMatchObject({ description: 'Call the carer', completedAt: null });
      const done = await completeConcernAction(ctx, s.deputy, {
        schoolId: s.schoolId,
        concernId,
        actionId: action?.id ?? '',
      });
      expect(done.actions[0]?.completedAt).toBe(later.toISOString());
      await expect(
        completeConcernAction(ctx, s.deputy, { schoolId: s.schoolId, concernId, actionId: action?.id ?? '' }),
      ).rejects.toMatchObject({ code: 'ActionUnknown' });
      await expect(
        recordConcernDecision(ctx, s.dsl, {
          schoolId: s.schoolId,
          concernId,
          decision: 'refer',
          reasons: 'no',
        }),
      ).rejects.toMatchObject({ code: 'ReasonsRequired' });
      const decided = await recordConcernDecision(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        decision: 'refer',
        reasons: 'Threshold met for a referral',
      });
      expect(decided.decision).toBe('refer');
      const referred = await addConcernReferral(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        agency: referralAgency(),
        agencyReference: 'R-1',
        referredOn: '2026-11-24',
        followUpOn: '2026-12-01',
        notes: null,
      });
      expect(referred.referrals).toHaveLength(1);
      for (const type of [
        'concern.action_added',
        'concern.action_completed',
        'concern.decision_recorded',
        'concern.referral_added',
      ])
        expect(await auditEventsOf(t.db, type, concernId)).toHaveLength(1);
    });
  });
}

function referralAgency() {
  return 'childrens_social_care' as const;
}
