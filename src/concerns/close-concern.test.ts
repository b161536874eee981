import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { addConcernAction } from './add-concern-action.js';
import { closeConcern } from './close-concern.js';
import type { ConcernContext } from './concern-access.js';
import { recordConcernDecision } from './record-concern-decision.js';
import { reopenConcern } from './reopen-concern.js';
import { setConcernLegalHold } from './set-concern-legal-hold.js';
import {
  auditEventsOf,
  buildConcern,
  buildConcernContext,
  buildConcernSchool,
  type ConcernSchool,
} from './testing.js';
import { triageConcern } from './triage-concern.js';

for (const engine of testEngines()) {
  describe(`closing a concern on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    let ctx: ConcernContext;
    let concernId: string;

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
      ctx = buildConcernContext(t.db, new Date('2026-11-24T09:00:00Z'));
      ({ id: concernId } = await buildConcern(ctx, s.teacher, {
        schoolId: s.schoolId,
        pupils: [{ pupilId: s.pupilId, role: 'subject' }],
      }));
      await triageConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId, command: { kind: 'acknowledge' } });
    });
    afterAll(async () => {
      await t.destroy();
    });

    const close = (closeAnywayReason: string | null) =>
      closeConcern(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        outcome: 'Resolved with the family',
        reasons: 'Carer engaged; no further risk seen',
        closeAnywayReason,
      });

    it('needs a decision first, then a reason to close with work still open', async () => {
      await expect(close(null)).rejects.toMatchObject({ code: 'DecisionRequired' });
      await recordConcernDecision(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        decision: 'monitor',
        reasons: 'Monitor for half a term',
      });
      await addConcernAction(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        description: 'Check in after the holiday',
        ownerStaffId: s.deputy.staffId,
        dueOn: '2026-12-01',
      });
      await expect(close(null)).rejects.toMatchObject({ code: 'CloseNeedsReason' });
      expect(await auditEventsOf(t.db, 'concern.closed', concernId)).toHaveLength(0);
    });

    it('closes with the reason kept in the chronology and audited, and then takes no more work', async () => {
      const closed = await close('The check-in is handed to the pastoral team');
      expect(closed.status).toBe('closed');
      expect(closed.outcome).toBe('Resolved with the family');
      expect(closed.chronology.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['closed', 'closed_despite']),
      );
      const [audit] = await auditEventsOf(t.db, 'concern.closed', concernId);
      expect(audit?.data).toMatchObject({ outcome: 'Resolved with the family' });
      expect(
        (audit?.data as { closedDespite?: string[] } | undefined)?.closedDespite?.length,
      ).toBeGreaterThan(0);
      await expect(
        triageConcern(ctx, s.dsl, {
          schoolId: s.schoolId,
          concernId,
          command: { kind: 'note', text: 'late note', correctsEntryId: null },
        }),
      ).rejects.toMatchObject({ code: 'ConcernClosed' });
    });

    it('holds and reopens with reasons, audited, and nothing is ever deleted', async () => {
      const entriesBefore = await t.db
        .selectFrom('concern_entries')
        .select('id')
        .where('concern_id', '=', concernId)
        .execute();
      const held = await setConcernLegalHold(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        legalHold: true,
        reasons: 'Police investigation under way',
      });
      expect(held.legalHold).toBe(true);
      await expect(
        reopenConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId, reasons: '' }),
      ).rejects.toMatchObject({ code: 'ReasonsRequired' });
      const reopened = await reopenConcern(ctx, s.dsl, {
        schoolId: s.schoolId,
        concernId,
        reasons: 'New information from the carer',
      });
      expect(reopened.status).toBe('open');
      await expect(
        reopenConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId, reasons: 'Again, by mistake' }),
      ).rejects.toMatchObject({ code: 'ConcernNotClosed' });
      expect(await auditEventsOf(t.db, 'concern.legal_hold_set', concernId)).toHaveLength(1);
      expect(await auditEventsOf(t.db, 'concern.reopened', concernId)).toHaveLength(1);
      const entriesAfter = await t.db
        .selectFrom('concern_entries')
        .select('id')
        .where('concern_id', '=', concernId)
        .execute();
      expect(entriesAfter.map((e) => e.id)).toEqual(expect.arrayContaining(entriesBefore.map((e) => e.id)));
      expect(entriesAfter.length).toBe(entriesBefore.length + 2);
      expect(reopened.actions).toHaveLength(1);
    });
  });
}
