import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPagesText } from '../concerns/test-pdf-text.js';
import { buildConsentFamily } from '../consent/testing.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp, testConfig } from '../server/test-app.js';
import { exportSubjectAccessRequest } from './export-subject-access-request.js';
import { getSubjectAccessRequest } from './get-subject-access-request.js';
import { openSubjectAccessRequest } from './open-subject-access-request.js';
import { reviewSubjectAccessRequest } from './review-subject-access-request.js';
import { redactThirdParties } from './sar-redact.js';
import type { SarContext } from './sar-views.js';

describe('redactThirdParties', () => {
  it('replaces every way a third party is named, whole words only, longest first', () => {
    const text = 'Wren Castellow told wren that Castellows and Wrenfield were there; WREN left.';
    expect(
      redactThirdParties(text, [{ names: ['Wren Castellow', 'Wren', 'Castellow'], as: 'another pupil' }]),
    ).toBe(
      '[another pupil] told [another pupil] that Castellows and Wrenfield were there; [another pupil] left.',
    );
  });
});

// Generated names only.
for (const engine of testEngines()) {
  describe(`subject access requests on ${engine}`, () => {
    let t: TestApp;
    let ctx: SarContext;
    let schoolId: string;
    let dsl: TestSignIn;
    let head: TestSignIn;
    let reporter: TestSignIn;
    let subjectPupil: string;
    let carerId: string;
    let otherCarerId: string;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      ctx = { db, keyring: loadKeyring(testConfig), clock: t.clock };
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Thistlecombe Primary', official_email_domains: ['thistlecombe.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const family = await buildConsentFamily(db, { schoolId, key: 'S1' });
      subjectPupil = family.pupilId;
      carerId = family.carerId;
      otherCarerId = family.otherCarerId;
      await db
        .updateTable('pupils')
        .set({ date_of_birth: '2015-04-02' })
        .where('id', '=', subjectPupil)
        .execute();
      const other = await db
        .insertInto('pupils')
        .values({
          school_id: schoolId,
          external_id: 'P-O1',
          given_name: 'Brisa',
          family_name: 'Quennell',
          year_group: 6,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('consents')
        .values({
          school_id: schoolId,
          pupil_id: subjectPupil,
          purpose: 'website',
          state: 'granted',
          carer_id: carerId,
          method: 'uploaded_form',
          evidence_reference: 'form-S1',
          given_on: '2026-09-01',
          expires_on: '2027-08-31',
          recorded_by_label: 'test',
          recorded_at: t.clock.now(),
        } as never)
        .execute();
      const now = t.clock.now();
      dsl = await signInAs(db, { schoolId, roles: ['staff', 'dsl'], now });
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now });
      reporter = await signInAs(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Maelis',
        familyName: 'Torrow',
        now,
      });
      const reported = await t.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: reporter.headers,
        payload: {
          type: 'pupil_contact',
          platform: 'TikTok',
          pupils: [
            { pupilId: subjectPupil, role: 'subject' },
            { pupilId: other.id, role: 'witness' },
          ],
          whatHappened: 'PupilS1 showed Maelis Torrow messages; Brisa Quennell saw them too',
          childWords: 'PupilS1 said the lantern account kept writing',
          actionsTaken: 'Torrow told the DSL',
          toldDslInPerson: true,
          urgency: 'routine',
        },
      });
      expect(reported.statusCode).toBe(201);
    }, 240_000);

    afterAll(async () => {
      await t?.close();
    });

    it("exports a pupil's data after the DSL's review, with the other pupil and the reporter redacted", async () => {
      const opened = await openSubjectAccessRequest(ctx, head.actor, {
        schoolId,
        subjectKind: 'pupil',
        subjectId: subjectPupil,
      });
      expect(opened).toMatchObject({ status: 'awaiting_review', dueOn: '2026-12-24' });
      await expect(
        exportSubjectAccessRequest(ctx, head.actor, { schoolId, id: opened.id }),
      ).rejects.toMatchObject({
        code: 'SarNotReviewed',
      });
      await expect(
        reviewSubjectAccessRequest(ctx, head.actor, { schoolId, id: opened.id, withheld: [], note: null }),
      ).rejects.toMatchObject({ code: 'SarReviewForbidden' });
      // The headteacher sees the request, not the safeguarding items.
      expect((await getSubjectAccessRequest(ctx, head.actor, { schoolId, id: opened.id })).items).toBeNull();

      const draft = await getSubjectAccessRequest(ctx, dsl.actor, { schoolId, id: opened.id });
      const concern = draft.items?.find((i) => i.safeguarding);
      expect(concern?.fields.whatHappened).toBe(
        'PupilS1 showed [a member of staff] messages; [another pupil] saw them too',
      );
      const consent = draft.items?.find((i) => i.id.startsWith('consent:'));
      expect(consent).toBeDefined();
      await expect(
        reviewSubjectAccessRequest(ctx, dsl.actor, {
          schoolId,
          id: opened.id,
          withheld: [{ itemId: 'concern:nope', reason: 'x' }],
          note: null,
        }),
      ).rejects.toMatchObject({ code: 'SarReviewInvalid' });
      const reviewed = await reviewSubjectAccessRequest(ctx, dsl.actor, {
        schoolId,
        id: opened.id,
        withheld: [{ itemId: consent?.id ?? '', reason: 'Test: withheld to show the review takes effect' }],
        note: 'Concern released with third parties redacted',
      });
      expect(reviewed.status).toBe('reviewed');

      const { zip } = await exportSubjectAccessRequest(ctx, head.actor, { schoolId, id: opened.id });
      const files = unzipSync(new Uint8Array(zip));
      expect(Object.keys(files).sort()).toEqual(['personal-data.json', 'personal-data.pdf']);
      const json = strFromU8(files['personal-data.json'] as Uint8Array);
      const pdf = (await pdfPagesText(Buffer.from(files['personal-data.pdf'] as Uint8Array))).join('\n');
      for (const text of [json, pdf]) {
        expect(text).toContain('PupilS1');
        expect(text).toContain('2015-04-02');
        expect(text).toContain('lantern account');
        expect(text).not.toMatch(/Brisa|Quennell|Maelis|Torrow/);
        expect(text).not.toContain(reporter.actor.email);
        // Carers' contact details are theirs, not the pupil's.
        expect(text).not.toContain('carer-s1@family.example');
      }
      // Withheld by the review: the consent is not in the export.
      expect(JSON.parse(json).items.some((i: { id: string }) => i.id === consent?.id)).toBe(false);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('subject_id', '=', opened.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.type)).toEqual(['sar.opened', 'sar.reviewed', 'sar.released']);
      expect(JSON.stringify(audit)).not.toContain('Test: withheld');
    }, 120_000);

    it("exports a carer's own details and consents, not the other carer's", async () => {
      const opened = await openSubjectAccessRequest(ctx, dsl.actor, {
        schoolId,
        subjectKind: 'carer',
        subjectId: carerId,
      });
      await reviewSubjectAccessRequest(ctx, dsl.actor, { schoolId, id: opened.id, withheld: [], note: null });
      const { zip } = await exportSubjectAccessRequest(ctx, dsl.actor, { schoolId, id: opened.id });
      const json = strFromU8(unzipSync(new Uint8Array(zip))['personal-data.json'] as Uint8Array);
      expect(json).toContain('carer-s1@family.example');
      expect(json).toContain('website');
      expect(json).not.toContain('OtherS1');
      expect(otherCarerId).not.toBe(carerId);
    }, 60_000);

    it("exports a member of staff's data: the concern they reported with pupils' names redacted", async () => {
      const opened = await openSubjectAccessRequest(ctx, head.actor, {
        schoolId,
        subjectKind: 'staff',
        subjectId: reporter.actor.staffId,
      });
      await reviewSubjectAccessRequest(ctx, dsl.actor, { schoolId, id: opened.id, withheld: [], note: null });
      const { zip } = await exportSubjectAccessRequest(ctx, head.actor, { schoolId, id: opened.id });
      const json = strFromU8(unzipSync(new Uint8Array(zip))['personal-data.json'] as Uint8Array);
      expect(json).toContain(reporter.actor.email);
      expect(json).toContain('"youReportedIt": true');
      expect(json).toContain('Maelis Torrow');
      expect(json).not.toMatch(/PupilS1|Brisa|Quennell/);
    }, 60_000);

    it('finds pupils, carers and staff by name for the picker, and lists the requests with their state', async () => {
      const get = (who: TestSignIn, url: string) =>
        t.app.inject({ method: 'GET', url, headers: who.headers });
      const found = (await get(head, '/api/sar/subjects?q=testfam')).json().people;
      expect(found).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'pupil', id: subjectPupil, name: 'PupilS1 Testfamily' }),
          expect.objectContaining({ kind: 'carer', id: carerId, name: 'CarerS1 Testfamily' }),
          expect.objectContaining({ kind: 'carer', id: otherCarerId }),
        ]),
      );
      const staff = (await get(dsl, '/api/sar/subjects?q=Mae%20Tor')).json().people;
      expect(staff).toEqual([
        { kind: 'staff', id: reporter.actor.staffId, name: 'Maelis Torrow', detail: null },
      ]);
      expect((await get(reporter, '/api/sar/subjects?q=test')).statusCode).toBe(403);

      const list = (await get(head, '/api/sar')).json().requests;
      expect(list).toHaveLength(3);
      const pupilRequest = list.find((r: { subjectKind: string }) => r.subjectKind === 'pupil');
      expect(pupilRequest).toMatchObject({
        subjectId: subjectPupil,
        subjectName: 'PupilS1 Testfamily',
        status: 'released',
        withheldCount: 1,
        withheldReasons: ['Test: withheld to show the review takes effect'],
      });
      expect(list.find((r: { subjectKind: string }) => r.subjectKind === 'staff')).toMatchObject({
        subjectName: 'Maelis Torrow',
        withheldCount: 0,
      });
      expect((await get(reporter, '/api/sar')).statusCode).toBe(403);
    }, 60_000);
  });
}
