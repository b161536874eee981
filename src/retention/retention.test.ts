import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsentFamily } from '../consent/testing.js';
import { buildPupil, buildStaff } from '../people/testing.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { buildArchivedPost } from '../posts/testing.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { applyRetention } from './apply-retention.js';
import { isDestroyable, periodProblem, ruleById, rulesForSchool } from './retention-rules.js';

describe('isDestroyable', () => {
  it('destroys only what is past its date, not held and not open', () => {
    expect(isDestroyable({ dueOn: '2027-01-10', held: false }, '2027-01-10')).toBe(true);
    expect(isDestroyable({ dueOn: '2027-01-11', held: false }, '2027-01-10')).toBe(false);
    expect(isDestroyable({ dueOn: '2020-01-01', held: true }, '2027-01-10')).toBe(false);
    expect(isDestroyable({ dueOn: '2020-01-01', held: false, open: true }, '2027-01-10')).toBe(false);
  });
});

describe('school periods', () => {
  it('holds every settable rule within its bounds: never below the statutory minimum', () => {
    const concern = ruleById('concern.dob_plus_25');
    if (!concern) throw new Error('no concern rule');
    expect(periodProblem(concern, 24)).toMatch(/between 25 years and 75 years/);
    expect(periodProblem(concern, 25)).toBeNull();
    expect(periodProblem(concern, 76)).not.toBeNull();
    const consent = ruleById('consent.left_plus_6');
    if (!consent) throw new Error('no consent rule');
    expect(periodProblem(consent, 5)).toMatch(/Limitation Act 1980/);
    const audit = ruleById('audit_event.keep_whole');
    if (!audit) throw new Error('no audit rule');
    expect(periodProblem(audit, 10)).toMatch(/same period in every school/);
  });

  it("words each rule with the school's period", () => {
    const rules = rulesForSchool(new Map([['concern.dob_plus_25', 30]]));
    const concern = rules.find((r) => r.kind === 'concern');
    expect(concern?.keptFor).toMatch(/^until the 30th birthday/);
    expect(concern?.period).toMatchObject({ amount: 30, standard: 25, setBySchool: true });
    expect(rules.find((r) => r.kind === 'consent')?.period).toMatchObject({ amount: 6, setBySchool: false });
  });
});

// Generated names only.
for (const engine of testEngines()) {
  describe(`retention on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let dsl: TestSignIn;
    let head: TestSignIn;
    let teacher: TestSignIn;
    const pupils: Record<'dueSoon' | 'held' | 'open', string> = { dueSoon: '', held: '', open: '' };
    const concerns: Record<'dueSoon' | 'held' | 'open', string> = { dueSoon: '', held: '', open: '' };
    let leaver = '';
    let heldLeaver = '';

    const as = (who: TestSignIn, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

    async function signInAgain() {
      const now = t.clock.now();
      dsl = await signInAs(t.testDb.db, { schoolId, roles: ['staff', 'dsl'], email: dsl.actor.email, now });
      head = await signInAs(t.testDb.db, { schoolId, roles: ['headteacher'], email: head.actor.email, now });
    }

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Brackenholt School', official_email_domains: ['brackenholt.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      // Born so that the 25th birthday of the first falls inside the next 90 days.
      const births = { dueSoon: '2002-01-10', held: '2002-01-05', open: '2001-12-01' };
      for (const [key, dob] of Object.entries(births) as [keyof typeof births, string][]) {
        pupils[key] = (
          await db
            .insertInto('pupils')
            .values({
              school_id: schoolId,
              external_id: `R-${key}`,
              given_name: `Orrin${key}`,
              family_name: 'Vexley',
              preferred_name: null,
              date_of_birth: dob,
              year_group: 13,
              left_on: null,
              upn: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      const now = t.clock.now();
      dsl = await signInAs(db, { schoolId, roles: ['staff', 'dsl'], now });
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now });
      for (const key of ['dueSoon', 'held', 'open'] as const) {
        const reported = await as(teacher, 'POST', '/api/concerns', {
          type: 'pupil_contact',
          platform: 'Snapchat',
          pupils: [{ pupilId: pupils[key], role: 'subject' }],
          whatHappened: `Wrenna Castellow messaged ${key} late at night`,
          childWords: null,
          actionsTaken: null,
          toldDslInPerson: false,
          urgency: 'routine',
        });
        expect(reported.statusCode).toBe(201);
        concerns[key] = reported.json().id;
        if (key === 'open') continue;
        const post = (path: string, payload: object) =>
          as(dsl, 'POST', `/api/concerns/${concerns[key]}/${path}`, payload);
        expect((await post('acknowledge', {})).statusCode).toBe(200);
        expect(
          (await post('decision', { decision: 'no_referral', reasons: 'Threshold not met' })).statusCode,
        ).toBe(200);
        const closed = await post('close', {
          outcome: 'resolved',
          reasons: 'Spoken to carers',
          closeAnywayReason: 'Nothing further to do',
        });
        expect(closed.json()).toMatchObject({ status: 'closed' });
      }
      // Two leavers with consent histories: one left six years ago this week, one of them held.
      for (const key of ['L1', 'L2']) {
        const family = await buildConsentFamily(db, { schoolId, key, leftOn: '2020-12-01' });
        await db
          .insertInto('consents')
          .values({
            school_id: schoolId,
            pupil_id: family.pupilId,
            purpose: 'social_media',
            state: 'granted',
            carer_id: family.carerId,
            method: 'uploaded_form',
            evidence_reference: `form-${key}`,
            given_on: '2019-09-01',
            expires_on: '2020-12-01',
            recorded_by_label: 'test',
            recorded_at: now,
          } as never)
          .execute();
        if (key === 'L1') leaver = family.pupilId;
        else heldLeaver = family.pupilId;
      }
    }, 240_000);

    afterAll(async () => {
      await t?.close();
    });

    it('lists what is due in 90 days: concerns to the DSL one by one, to the headteacher as a count', async () => {
      const held = await as(dsl, 'POST', '/api/retention/holds', {
        targetKind: 'concern',
        targetId: concerns.held,
        reason: 'Police investigation open',
      });
      expect(held.statusCode).toBe(201);
      const teacherHold = await as(teacher, 'POST', '/api/retention/holds', {
        targetKind: 'pupil',
        targetId: heldLeaver,
        reason: 'Claim about a photo',
      });
      expect(teacherHold.statusCode).toBe(403);
      const headOnConcern = await as(head, 'POST', '/api/retention/holds', {
        targetKind: 'pupil',
        targetId: heldLeaver,
        reason: 'Claim about a photo',
      });
      expect(headOnConcern.json().error.code).toBe('LegalHoldForbidden');
      expect(
        (
          await as(dsl, 'POST', '/api/retention/holds', {
            targetKind: 'pupil',
            targetId: heldLeaver,
            reason: 'Claim about a photo',
          })
        ).statusCode,
      ).toBe(201);

      const forDsl = (await as(dsl, 'GET', '/api/retention')).json();
      const byId = new Map(forDsl.records.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(concerns.dueSoon)).toMatchObject({ kind: 'concern', dueOn: '2027-01-10', held: false });
      expect(byId.get(concerns.held)).toMatchObject({ dueOn: '2027-01-05', held: true });
      expect(byId.get(concerns.open)).toMatchObject({ open: true });
      expect(byId.get(leaver)).toMatchObject({ kind: 'consent', dueOn: '2026-12-01', held: false });
      expect(byId.get(heldLeaver)).toMatchObject({ kind: 'consent', held: true });
      expect(JSON.stringify(forDsl)).not.toContain('Wrenna');

      const forHead = (await as(head, 'GET', '/api/retention')).json();
      expect(forHead.concernsHidden).toBe(true);
      expect(forHead.records.some((r: { kind: string }) => r.kind === 'concern')).toBe(false);
      expect(forHead.counts.find((c: { kind: string }) => c.kind === 'concern')).toMatchObject({
        due: 3,
        held: 2,
      });
      expect((await as(teacher, 'GET', '/api/retention')).statusCode).toBe(403);
    });

    it('destroys nothing before its date, then, with the clock moved past it, what is due and not held, leaving tombstones', async () => {
      const db = t.testDb.db;
      expect((await applyRetention(db, t.clock)).every((r) => r.destroyed === 0)).toBe(true);

      t.clock.set('2027-01-11T04:00:00Z');
      const results = await applyRetention(db, t.clock);
      expect(results.find((r) => r.kind === 'concern')?.destroyed).toBe(1);
      expect(results.find((r) => r.kind === 'consent')?.destroyed).toBe(1);

      const left = await db.selectFrom('concerns').select('id').execute();
      expect(left.map((c) => c.id).sort()).toEqual([concerns.held, concerns.open].sort());
      expect(
        await db
          .selectFrom('concern_entries')
          .select('id')
          .where('concern_id', '=', concerns.dueSoon)
          .execute(),
      ).toEqual([]);
      expect(
        await db
          .selectFrom('concern_pupils')
          .select('pupil_id')
          .where('concern_id', '=', concerns.dueSoon)
          .execute(),
      ).toEqual([]);
      expect(await db.selectFrom('consents').select('id').where('pupil_id', '=', leaver).execute()).toEqual(
        [],
      );
      expect(
        (await db.selectFrom('consents').select('id').where('pupil_id', '=', heldLeaver).execute()).length,
      ).toBe(1);
      // The data key of the destroyed concern is gone too: any copy of its ciphertext is unreadable.
      const keys = await db.selectFrom('data_keys').select('id').execute();
      const liveKeys = await db.selectFrom('concerns').select('data_key_id').execute();
      for (const k of liveKeys) expect(keys.map((x) => x.id)).toContain(k.data_key_id);

      const tombstones = await db
        .selectFrom('audit_events')
        .select(['subject_id', 'data', 'actor_label'])
        .where('type', '=', 'retention.destroyed')
        .where('school_id', '=', schoolId)
        .execute();
      expect(tombstones).toEqual(
        expect.arrayContaining([
          {
            subject_id: 'concern.dob_plus_25',
            actor_label: 'system:retention',
            data: { kind: 'concern', count: 1, dueBefore: '2027-01-11' },
          },
          {
            subject_id: 'consent.left_plus_6',
            actor_label: 'system:retention',
            data: { kind: 'consent', count: 1, dueBefore: '2027-01-11' },
          },
        ]),
      );
      expect(JSON.stringify(tombstones)).not.toMatch(/Orrin|Wrenna|C-2026/);
      expect(await verifyAuditChain(db, schoolId)).toMatchObject({ ok: true });

      // The hold lifted, the next run takes the concern it kept.
      await signInAgain();
      const view = (await as(dsl, 'GET', '/api/retention')).json();
      const holdId = view.holds.find((h: { targetId: string }) => h.targetId === concerns.held).id;
      expect(
        (await as(dsl, 'POST', `/api/retention/holds/${holdId}/lift`, { reason: 'Police closed it' }))
          .statusCode,
      ).toBe(204);
      await applyRetention(db, t.clock);
      expect((await db.selectFrom('concerns').select('id').execute()).map((c) => c.id)).toEqual([
        concerns.open,
      ]);
      // Audit rows about destroyed records stay: the chain still verifies.
      expect(await verifyAuditChain(db, schoolId)).toMatchObject({ ok: true });
    }, 120_000);

    it('destroys notifications after a year and ended sessions after 90 days', async () => {
      const db = t.testDb.db;
      const before = await db.selectFrom('notifications').select('id').execute();
      expect(before.length).toBeGreaterThan(0);
      t.clock.set('2028-03-01T04:00:00Z');
      const results = await applyRetention(db, t.clock);
      expect(results.find((r) => r.kind === 'notification')?.destroyed).toBe(before.length);
      expect(results.find((r) => r.kind === 'session')?.destroyed).toBeGreaterThan(0);
      expect(await db.selectFrom('notifications').select('id').execute()).toEqual([]);
      // The audit log is kept whole.
      expect(await verifyAuditChain(db, schoolId)).toMatchObject({ ok: true });
    }, 60_000);

    it("uses each school's own periods in the due list and the daily job, within the rule's bounds, audited", async () => {
      const db = t.testDb.db;
      // The clock stands at 2028-03-01. A second school keeps concerns to 26 and consents 8 years.
      const fernwick = (
        await db
          .insertInto('schools')
          .values({ name: 'Fernwick Academy', official_email_domains: ['fernwick.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      const fDsl = await signInAs(db, { schoolId: fernwick, roles: ['staff', 'dsl'], now });
      const fHead = await signInAs(db, { schoolId: fernwick, roles: ['headteacher'], now });
      const fSmt = await signInAs(db, { schoolId: fernwick, roles: ['smt'], now });
      const fTeacher = await signInAs(db, { schoolId: fernwick, roles: ['staff'], now });
      const pupil = await buildPupil(db, {
        schoolId: fernwick,
        givenName: 'Tamsin',
        dateOfBirth: '2003-05-01',
      });
      const reported = await as(fTeacher, 'POST', '/api/concerns', {
        type: 'pupil_contact',
        platform: 'Snapchat',
        pupils: [{ pupilId: pupil, role: 'subject' }],
        whatHappened: 'A stranger messaged late at night',
        childWords: null,
        actionsTaken: null,
        toldDslInPerson: false,
        urgency: 'routine',
      });
      expect(reported.statusCode).toBe(201);
      const concernId = reported.json().id;
      // Leavers of both schools who left on the same day, seven years before the job runs below.
      const fLeaver = await buildConsentFamily(db, { schoolId: fernwick, key: 'F1', leftOn: '2021-03-01' });
      const bLeaver = await buildConsentFamily(db, { schoolId, key: 'B3', leftOn: '2021-03-01' });
      for (const family of [fLeaver, bLeaver])
        await db
          .insertInto('consents')
          .values({
            school_id: family === fLeaver ? fernwick : schoolId,
            pupil_id: family.pupilId,
            purpose: 'social_media',
            state: 'granted',
            carer_id: family.carerId,
            method: 'uploaded_form',
            evidence_reference: 'form-period',
            given_on: '2020-09-01',
            expires_on: '2021-03-01',
            recorded_by_label: 'test',
            recorded_at: now,
          } as never)
          .execute();

      const standard = (await as(fDsl, 'GET', '/api/retention?days=3660')).json();
      expect(standard.abilities).toEqual({ setPeriods: true });
      const dueOf = (view: { records: { id: string; dueOn: string }[] }, id: string) =>
        view.records.find((r) => r.id === id)?.dueOn;
      expect(dueOf(standard, concernId)).toBe('2028-05-01');
      expect(dueOf(standard, fLeaver.pupilId)).toBe('2027-03-01');

      const put = (who: TestSignIn, payload: object) =>
        t.app.inject({ method: 'PUT', url: '/api/retention/periods', headers: who.headers, payload });
      expect((await put(fSmt, { ruleId: 'consent.left_plus_6', amount: 8 })).statusCode).toBe(403);
      const tooShort = await put(fHead, { ruleId: 'consent.left_plus_6', amount: 5 });
      expect(tooShort.statusCode).toBe(400);
      expect(tooShort.json().error.code).toBe('RetentionPeriodOutOfBounds');
      const belowStatutory = await put(fDsl, { ruleId: 'concern.dob_plus_25', amount: 21 });
      expect(belowStatutory.json().error.code).toBe('RetentionPeriodOutOfBounds');
      expect((await put(fHead, { ruleId: 'audit_event.keep_whole', amount: 3 })).json().error.code).toBe(
        'RetentionPeriodFixed',
      );
      const set = await put(fHead, { ruleId: 'consent.left_plus_6', amount: 8 });
      expect(set.statusCode).toBe(200);
      expect(set.json().rules.find((r: { kind: string }) => r.kind === 'consent')).toMatchObject({
        keptFor: '8 years after the pupil left the school',
        period: { amount: 8, setBySchool: true },
      });
      expect((await put(fDsl, { ruleId: 'concern.dob_plus_25', amount: 26 })).statusCode).toBe(200);

      const own = (await as(fDsl, 'GET', '/api/retention?days=3660')).json();
      expect(dueOf(own, concernId)).toBe('2029-05-01');
      expect(dueOf(own, fLeaver.pupilId)).toBe('2029-03-01');
      // The other school keeps the standard periods.
      await signInAgain();
      expect(dueOf((await as(dsl, 'GET', '/api/retention?days=3660')).json(), bLeaver.pupilId)).toBe(
        '2027-03-01',
      );
      const audited = await db
        .selectFrom('audit_events')
        .select(['subject_id', 'data'])
        .where('type', '=', 'retention.period_set')
        .where('school_id', '=', fernwick)
        .orderBy('id')
        .execute();
      expect(audited).toEqual([
        { subject_id: 'consent.left_plus_6', data: { unit: 'years', from: 6, to: 8, standard: false } },
        { subject_id: 'concern.dob_plus_25', data: { unit: 'years', from: 25, to: 26, standard: false } },
      ]);

      // The job: the standard school's leaver goes today; the other school's is kept until 2029-03-01.
      await applyRetention(db, t.clock);
      const consentsOf = async (pupilId: string) =>
        (await db.selectFrom('consents').select('id').where('pupil_id', '=', pupilId).execute()).length;
      expect(await consentsOf(bLeaver.pupilId)).toBe(0);
      expect(await consentsOf(fLeaver.pupilId)).toBe(1);
      t.clock.set('2029-02-28T04:00:00Z');
      await applyRetention(db, t.clock);
      expect(await consentsOf(fLeaver.pupilId)).toBe(1);
      t.clock.set('2029-03-01T04:00:00Z');
      await applyRetention(db, t.clock);
      expect(await consentsOf(fLeaver.pupilId)).toBe(0);
      const tombstone = await db
        .selectFrom('audit_events')
        .select('data')
        .where('type', '=', 'retention.destroyed')
        .where('school_id', '=', fernwick)
        .where('subject_id', '=', 'consent.left_plus_6')
        .executeTakeFirstOrThrow();
      expect(tombstone.data).toEqual({ kind: 'consent', count: 1, dueBefore: '2029-03-01' });
      expect(await verifyAuditChain(db, fernwick)).toMatchObject({ ok: true });
    }, 120_000);

    it('destroys the post an archive record was published from, with its photos and approvals', async () => {
      const db = t.testDb.db;
      const author = await buildStaff(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Alaric',
        familyName: 'Penhallow',
      });
      // Clock at 2029-03-01: published more than 6 years ago, and one published last year.
      const old = await buildArchivedPost(db, {
        schoolId,
        authorStaffId: author.actor.staffId,
        publishedAt: new Date('2023-01-15T10:00:00Z'),
        key: 'old',
      });
      const recent = await buildArchivedPost(db, {
        schoolId,
        authorStaffId: author.actor.staffId,
        publishedAt: new Date('2028-06-01T10:00:00Z'),
        key: 'recent',
      });
      const results = await applyRetention(db, t.clock);
      expect(results.find((r) => r.kind === 'post_archive')?.destroyed).toBe(1);
      const left = async (table: 'posts' | 'post_archive', column: 'id' | 'post_id', id: string) =>
        (await db.selectFrom(table).select('id').where(column, '=', id).execute()).length;
      expect(await left('post_archive', 'id', old.archiveId)).toBe(0);
      expect(await left('posts', 'id', old.postId)).toBe(0);
      expect(
        await db.selectFrom('post_photos').select('id').where('post_id', '=', old.postId).execute(),
      ).toEqual([]);
      expect(
        await db.selectFrom('post_approvals').select('id').where('post_id', '=', old.postId).execute(),
      ).toEqual([]);
      // Nothing carries the destroyed text any more.
      const texts = await db.selectFrom('posts').select('text').execute();
      expect(texts.some((p) => p.text.includes('the old team'))).toBe(false);
      expect(await left('posts', 'id', recent.postId)).toBe(1);
      expect(await left('post_archive', 'id', recent.archiveId)).toBe(1);
      expect(await verifyAuditChain(db, schoolId)).toMatchObject({ ok: true });
    }, 60_000);
  });
}
