import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../people/testing.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import type { ConcernContext } from './concern-access.js';
import { getConcern } from './get-concern.js';
import { getEvidence } from './get-concern-evidence.js';
import { getPupilChronology } from './get-pupil-chronology.js';
import { listConcerns } from './list-concerns.js';
import { reportConcern } from './report-concern.js';
import {
  auditEventsOf,
  buildConcern,
  buildConcernContext,
  buildConcernSchool,
  type ConcernSchool,
} from './testing.js';
import { updateConcernSettings } from './update-concern-settings.js';

/** Who may read a concern: every read audited, and "not found" for anyone who may not. */
for (const engine of testEngines()) {
  describe(`who may read a concern on ${engine}`, () => {
    let t: TestDb;
    let s: ConcernSchool;
    let ctx: ConcernContext;
    let pupilConcern: string;
    let conductConcern: string;
    let subjectOfConduct: Awaited<ReturnType<typeof buildStaff>>;

    beforeAll(async () => {
      t = await createTestDb(engine);
      s = await buildConcernSchool(t.db);
      ctx = buildConcernContext(t.db, new Date('2026-11-24T09:00:00Z'));
      const reported = await reportConcern(ctx, s.teacher, {
        schoolId: s.schoolId,
        type: 'pupil_contact',
        platform: 'Snapchat',
        occurredAt: null,
        pupils: [{ pupilId: s.pupilId, role: 'subject' }],
        subjectStaffId: null,
        whatHappened: 'Messages about the velmark party',
        childWords: null,
        actionsTaken: null,
        toldDslInPerson: true,
        urgency: 'routine',
        evidence: [{ name: 'chat.txt', bytes: Buffer.from('velmark party chat') }],
      });
      pupilConcern = reported.id;
      // A deputy DSL is the adult a staff-conduct concern is about: they must not see it.
      subjectOfConduct = await buildStaff(t.db, { schoolId: s.schoolId, roles: ['staff', 'deputy_dsl'] });
      ({ id: conductConcern } = await buildConcern(ctx, s.teacher, {
        schoolId: s.schoolId,
        type: 'staff_conduct',
        subjectStaffId: subjectOfConduct.staffId,
      }));
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('lets the DSL read a pupil concern in full, audited, and answers "not found" to a teacher', async () => {
      const detail = await getConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId: pupilConcern });
      expect(detail.whatHappened).toBe('Messages about the velmark party');
      expect(detail.pupils).toEqual([{ pupilId: s.pupilId, name: 'Corvin Ashdale', role: 'subject' }]);
      expect(detail.reporter.name).toBe(s.teacher.name);
      expect(await auditEventsOf(t.db, 'concern.viewed', pupilConcern)).toMatchObject([
        { actor_staff_id: s.dsl.staffId, data: { view: 'detail' } },
      ]);
      await expect(
        getConcern(ctx, s.teacher, { schoolId: s.schoolId, concernId: pupilConcern }),
      ).rejects.toMatchObject({ code: 'ConcernNotFound' });
      await expect(
        getConcern(ctx, s.dsl, { schoolId: s.schoolId, concernId: 'not-a-uuid' }),
      ).rejects.toMatchObject({ code: 'ConcernNotFound' });
    });

    it('gives evidence files to a lead only, each opening audited', async () => {
      const detail = await getConcern(ctx, s.deputy, { schoolId: s.schoolId, concernId: pupilConcern });
      const [file] = detail.evidence;
      expect(file).toMatchObject({ name: 'chat.txt', mediaType: 'text/plain', hasViewingCopy: false });
      const opened = await getEvidence(ctx, s.deputy, {
        schoolId: s.schoolId,
        concernId: pupilConcern,
        evidenceId: file?.id ?? '',
        variant: 'original',
      });
      expect(opened.bytes.toString('utf8')).toBe('velmark party chat');
      expect(await auditEventsOf(t.db, 'concern.evidence_viewed', pupilConcern)).toHaveLength(1);
      await expect(
        getEvidence(ctx, s.teacher, {
          schoolId: s.schoolId,
          concernId: pupilConcern,
          evidenceId: file?.id ?? '',
          variant: 'original',
        }),
      ).rejects.toMatchObject({ code: 'ConcernNotFound' });
    });

    it('hides a staff-conduct concern from the adult it is about, and pupil concerns from the head by default', async () => {
      await expect(
        getConcern(ctx, subjectOfConduct.actor, { schoolId: s.schoolId, concernId: conductConcern }),
      ).rejects.toMatchObject({ code: 'ConcernNotFound' });
      expect((await getConcern(ctx, s.head, { schoolId: s.schoolId, concernId: conductConcern })).type).toBe(
        'staff_conduct',
      );
      await expect(
        getConcern(ctx, s.head, { schoolId: s.schoolId, concernId: pupilConcern }),
      ).rejects.toMatchObject({ code: 'ConcernNotFound' });
      await updateConcernSettings(ctx, s.dsl, { schoolId: s.schoolId, changes: { headteacherSees: 'all' } });
      expect(await auditEventsOf(t.db, 'concern.settings_updated')).toMatchObject([
        { data: { fields: ['headteacherSees'] } },
      ]);
      expect((await getConcern(ctx, s.head, { schoolId: s.schoolId, concernId: pupilConcern })).id).toBe(
        pupilConcern,
      );
      await updateConcernSettings(ctx, s.dsl, {
        schoolId: s.schoolId,
        changes: { headteacherSees: 'staff_conduct' },
      });
    });

    it('lists to each lead what they may read, audited; a teacher may not list', async () => {
      const forSubject = await listConcerns(ctx, subjectOfConduct.actor, {
        schoolId: s.schoolId,
        today: '2026-11-24',
      });
      expect(forSubject.map((c) => c.id)).toEqual([pupilConcern]);
      const forDsl = await listConcerns(ctx, s.dsl, { schoolId: s.schoolId, today: '2026-11-24' });
      expect(forDsl.map((c) => c.id).sort()).toEqual([pupilConcern, conductConcern].sort());
      const views = await auditEventsOf(t.db, 'concern.list_viewed');
      expect(views.filter((v) => (v.data as { view: string }).view === 'dashboard')).toHaveLength(2);
      await expect(
        listConcerns(ctx, s.teacher, { schoolId: s.schoolId, today: '2026-11-24' }),
      ).rejects.toMatchObject({ code: 'ConcernListForbidden' });
    });

    it("gives a pupil's chronology across the concerns the lead may see, audited", async () => {
      const chronology = await getPupilChronology(ctx, s.dsl, {
        schoolId: s.schoolId,
        pupilId: s.pupilId,
        format: 'json',
      });
      expect(chronology.pupil).toMatchObject({
        id: s.pupilId,
        name: 'Corvin Ashdale',
        dateOfBirth: '2012-05-17',
      });
      expect(chronology.concerns.map((c) => c.id)).toEqual([pupilConcern]);
      expect(await auditEventsOf(t.db, 'concern.pupil_chronology_viewed', s.pupilId)).toMatchObject([
        { data: { format: 'json', concerns: 1 } },
      ]);
      await expect(
        getPupilChronology(ctx, s.teacher, { schoolId: s.schoolId, pupilId: s.pupilId, format: 'json' }),
      ).rejects.toMatchObject({ code: 'PupilChronologyNotFound' });
    });
  });
}
