import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { installSeedPolicy } from '../policy/install-seed-policy.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { runContactExceptionExpiry } from './expire-contact-exceptions.js';
import { encodeHash, followerKeys } from './follower-keys.js';
import { sendStaffUseReminders } from './send-staff-use-reminders.js';

const DAY = 86_400_000;

for (const engine of testEngines()) {
  describe(`staff personal use on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let staff: TestSignIn;
    let other: TestSignIn;
    let head: TestSignIn;
    let smt: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Personal Use School', official_email_domains: ['pu.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await installSeedPolicy(db, { kind: 'system', label: 'test' }, schoolId);
      const now = t.clock.now();
      staff = await signInAs(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Tamsin',
        familyName: 'Orley',
        now,
      });
      other = await signInAs(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Rufus',
        familyName: 'Penhale',
        now,
      });
      head = await signInAs(db, {
        schoolId,
        roles: ['headteacher'],
        givenName: 'Hester',
        familyName: 'Vane',
        now,
      });
      smt = await signInAs(db, { schoolId, roles: ['smt'], givenName: 'Silas', familyName: 'Quant', now });
      // Joined four days before the test's today: newcomers now, not in three weeks.
      await db
        .updateTable('staff_memberships')
        .set({ created_at: new Date('2026-11-20T09:00:00Z') })
        .where('school_id', '=', schoolId)
        .execute();
      const pupil = (given: string, family: string, extra: Record<string, unknown> = {}) =>
        db
          .insertInto('pupils')
          .values({
            school_id: schoolId,
            external_id: `${given}-${family}`,
            given_name: given,
            family_name: family,
            preferred_name: null,
            date_of_birth: '2012-03-04',
            year_group: 9,
            left_on: null,
            upn: null,
            ...extra,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const jessica = await pupil('Jessica', 'Kahnweiler');
      await pupil('Bartram', 'Oldacre', {
        status: 'left',
        left_on: '2025-07-20',
        date_of_birth: '2010-01-01',
      });
      await pupil('Cosmo', 'Grisewood', {
        status: 'left',
        left_on: '2019-07-20',
        date_of_birth: '2001-01-01',
      });
      const carer = await db
        .insertInto('carers')
        .values({
          school_id: schoolId,
          external_id: 'C1',
          given_name: 'Delphine',
          family_name: 'Marwood',
          email: null,
          phone: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('carer_pupil_links')
        .values({
          school_id: schoolId,
          carer_id: carer.id,
          pupil_id: jessica.id,
          relationship: 'mother',
          ended_on: null,
        })
        .execute();
    });
    afterAll(async () => {
      await t.close();
    });

    const call = (
      who: TestSignIn | undefined,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      payload?: unknown,
    ) =>
      t.app.inject({
        method,
        url,
        headers: who?.headers ?? {},
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    const auditTypes = async () =>
      (
        await t.testDb.db
          .selectFrom('audit_events')
          .select('type')
          .where('school_id', '=', schoolId)
          .orderBy('seq')
          .execute()
      ).map((r) => r.type);

    describe('contact exceptions (clauses 1.5, 1.6)', () => {
      let requestId: string;

      it('takes a request, refusing an incomplete one with every problem named', async () => {
        const bad = await call(staff, 'POST', '/api/contact-exceptions', {
          channel: 'personal_phone',
          reason: 'x',
          audience: '',
          from: '2026-12-10',
          to: '2026-12-01',
          contact: 'not a number',
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.code).toBe('ContactExceptionInvalid');
        expect(bad.json().error.details).toHaveLength(4);

        const response = await call(staff, 'POST', '/api/contact-exceptions', {
          channel: 'personal_phone',
          reason: 'Residential trip to the Peak District: carers need a number that answers out of hours',
          audience: 'Carers of Year 8 pupils on the trip',
          from: '2026-11-30',
          to: '2026-12-04',
          contact: '07700 900123',
        });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body).toMatchObject({ status: 'pending', staffName: 'Tamsin Orley', canDecide: false });
        requestId = body.id;
        const notes = await t.testDb.db
          .selectFrom('notifications')
          .select(['staff_id', 'kind', 'link'])
          .where('kind', '=', 'staff_use.contact_exception_requested')
          .execute();
        expect(notes).toEqual([
          {
            staff_id: head.actor.staffId,
            kind: 'staff_use.contact_exception_requested',
            link: '/personal-use/contact-exceptions',
          },
        ]);
      });

      it('lets the headteacher alone decide, with a reason, once', async () => {
        const bySmt = await call(smt, 'POST', `/api/contact-exceptions/${requestId}/decision`, {
          decision: 'approved',
          reason: 'Fine',
        });
        expect(bySmt.statusCode).toBe(403);
        const noReason = await call(head, 'POST', `/api/contact-exceptions/${requestId}/decision`, {
          decision: 'approved',
          reason: ' ',
        });
        expect(noReason.json().error.code).toBe('DecisionReasonRequired');
        const register = await call(head, 'GET', '/api/contact-exceptions?scope=register&status=pending');
        expect(register.json().exceptions).toHaveLength(1);
        expect(register.json().exceptions[0].canDecide).toBe(true);
        const approved = await call(head, 'POST', `/api/contact-exceptions/${requestId}/decision`, {
          decision: 'approved',
          reason: 'The trip has no school mobile; approved for the trip only',
        });
        expect(approved.statusCode).toBe(200);
        expect(approved.json()).toMatchObject({
          status: 'approved',
          decidedBy: 'Hester Vane',
          canDecide: false,
        });
        const again = await call(head, 'POST', `/api/contact-exceptions/${requestId}/decision`, {
          decision: 'refused',
          reason: 'Changed my mind',
        });
        expect(again.statusCode).toBe(409);
        expect(again.json().error.code).toBe('ContactExceptionDecided');
      });

      it('shows staff their own requests only, and the register to SMT (audited)', async () => {
        const mine = await call(other, 'GET', '/api/contact-exceptions');
        expect(mine.json()).toEqual({ exceptions: [], canReadRegister: false });
        expect((await call(other, 'GET', '/api/contact-exceptions?scope=register')).statusCode).toBe(403);
        const register = await call(smt, 'GET', '/api/contact-exceptions?scope=register');
        expect(register.json().exceptions.map((e: { id: string }) => e.id)).toEqual([requestId]);
        expect(await auditTypes()).toEqual(
          expect.arrayContaining([
            'staff_use.contact_exception_requested',
            'staff_use.contact_exception_decided',
            'staff_use.contact_register_viewed',
          ]),
        );
      });

      it('reminds before the end, once, then expires the approval', async () => {
        const db = t.testDb.db;
        expect(await runContactExceptionExpiry(db, t.clock.now(), '2026-11-24')).toEqual({
          expired: 0,
          reminded: 0,
          closed: 0,
        });
        expect(await runContactExceptionExpiry(db, t.clock.now(), '2026-12-02')).toEqual({
          expired: 0,
          reminded: 1,
          closed: 0,
        });
        expect(await runContactExceptionExpiry(db, t.clock.now(), '2026-12-03')).toEqual({
          expired: 0,
          reminded: 0,
          closed: 0,
        });
        expect(await runContactExceptionExpiry(db, t.clock.now(), '2026-12-05')).toEqual({
          expired: 1,
          reminded: 0,
          closed: 0,
        });
        expect(await runContactExceptionExpiry(db, t.clock.now(), '2026-12-06')).toEqual({
          expired: 0,
          reminded: 0,
          closed: 0,
        });
        const mine = await call(staff, 'GET', '/api/contact-exceptions');
        expect(mine.json().exceptions[0].status).toBe('expired');
        // A leaver's open request is closed by the same daily pass, audited.
        const leaverRequest = await call(other, 'POST', '/api/contact-exceptions', {
          channel: 'personal_email',
          reason: 'Sports fixtures need an address at weekends',
          audience: 'Carers of the under-14 team',
          from: '2026-12-01',
          to: '2026-12-20',
        });
        await db
          .updateTable('staff_memberships')
          .set({ status: 'left' })
          .where('staff_id', '=', other.actor.staffId)
          .execute();
        expect(await runContactExceptionExpiry(db, t.clock.now(), '2026-12-06')).toEqual({
          expired: 0,
          reminded: 0,
          closed: 1,
        });
        const closedRow = await db
          .selectFrom('contact_exceptions')
          .select(['status', 'closed_reason'])
          .where('id', '=', leaverRequest.json().id)
          .executeTakeFirstOrThrow();
        expect(closedRow).toEqual({ status: 'closed', closed_reason: 'left the school' });
        await db
          .updateTable('staff_memberships')
          .set({ status: 'active' })
          .where('staff_id', '=', other.actor.staffId)
          .execute();
        const kinds = (
          await db
            .selectFrom('notifications')
            .select('kind')
            .where('staff_id', '=', staff.actor.staffId)
            .execute()
        ).map((r) => r.kind);
        expect(kinds).toEqual(
          expect.arrayContaining([
            'staff_use.contact_exception_decided',
            'staff_use.contact_exception_ending',
            'staff_use.contact_exception_ended',
          ]),
        );
      });
    });

    describe('privacy checklists and attestations (clause 1.4)', () => {
      it('lists every platform with its settings', async () => {
        const response = await call(staff, 'GET', '/api/privacy-checklists');
        const ids = response.json().platforms.map((p: { id: string }) => p.id);
        expect(ids).toEqual(
          expect.arrayContaining([
            'instagram',
            'facebook',
            'tiktok',
            'x',
            'bluesky',
            'mastodon',
            'linkedin',
            'youtube',
          ]),
        );
        for (const platform of response.json().platforms)
          expect(platform.settings.length).toBeGreaterThanOrEqual(5);
      });

      it('records counts for this term, refusing settings a platform does not have', async () => {
        const unknown = await call(staff, 'POST', '/api/privacy-attestations', {
          platform: 'instagram',
          confirmed: ['private-account', 'made-up'],
        });
        expect(unknown.json().error.code).toBe('SettingUnknown');
        const ok = await call(staff, 'POST', '/api/privacy-attestations', {
          platform: 'instagram',
          confirmed: ['private-account', 'find-by-contact', 'location'],
        });
        expect(ok.json()).toMatchObject({
          platform: 'instagram',
          period: '2026-autumn',
          confirmed: 3,
          total: 8,
        });
        const me = await call(staff, 'GET', '/api/staff-use/me');
        // Joined on 20 November: a newcomer, asked to do the three things within two weeks.
        expect(me.json()).toMatchObject({
          period: '2026-autumn',
          periodLabel: 'autumn term 2026',
          newcomerDueOn: '2026-12-04',
        });
        expect(me.json().privacy).toHaveLength(1);
      });
    });

    describe('follower self-audit (clauses 1.1, 1.9)', () => {
      it('answers keyed hashes with kinds and year groups only, and stores only the attestation', async () => {
        const started = await call(staff, 'POST', '/api/self-audit/sessions');
        expect(started.statusCode).toBe(200);
        const { id, key } = started.json();
        const hmac = Buffer.from(key, 'base64');
        const followers = [
          { name: 'Jess Kahnweiler 🌸', handle: 'jk_things' },
          { name: 'Someone Else', handle: 'bartram.oldacre' },
          { name: 'Cosmo Grisewood', handle: 'cosmog' },
          { name: 'Delphine Marwood', handle: 'dm1980' },
          { name: 'Quentin Blackwater', handle: 'qblack' },
        ];
        const keys = followers.map((f) =>
          followerKeys(f, 2026).map((k) => ({
            ...k,
            hash: encodeHash(createHmac('sha256', hmac).update(k.key).digest()),
          })),
        );
        const hashes = keys.flat().map((k) => k.hash);
        const response = await call(staff, 'POST', `/api/self-audit/sessions/${id}/match`, { hashes });
        expect(response.statusCode).toBe(200);
        const answered = new Map<string, { kind: string; detail: string }[]>(
          response
            .json()
            .matches.map((m: { hash: string; matches: { kind: string; detail: string }[] }) => [
              m.hash,
              m.matches,
            ]),
        );
        const kindsOf = (i: number) => [
          ...new Set(
            (keys[i] ?? []).flatMap((k) => (answered.get(k.hash) ?? []).map((m) => `${m.kind}: ${m.detail}`)),
          ),
        ];
        expect(kindsOf(0)).toEqual(['current_pupil: Year 9']);
        expect(kindsOf(1)).toEqual(['former_pupil_under_18: left in 2025']);
        expect(kindsOf(2)).toEqual([]); // left and 18 or over
        expect(kindsOf(3)).toEqual(['carer: carer of a pupil in Year 9']);
        expect(kindsOf(4)).toEqual([]);
        // No roster name in the answer.
        for (const word of ['Jessica', 'Kahnweiler', 'Bartram', 'Marwood'])
          expect(response.body).not.toContain(word);

        // Another member of staff cannot use this key.
        expect(
          (await call(other, 'POST', `/api/self-audit/sessions/${id}/match`, { hashes })).statusCode,
        ).toBe(404);
        const attested = await call(staff, 'POST', '/api/self-audit/attestations', {
          platform: 'instagram',
          followersChecked: 5,
          matches: 3,
          allResolved: true,
        });
        expect(attested.statusCode).toBe(200);
        // The database holds no follower name, handle or hash anywhere.
        const dump = JSON.stringify(
          await Promise.all(
            ['self_audit_attestations', 'self_audit_keys', 'audit_events', 'notifications'].map((table) =>
              t.testDb.db
                .selectFrom(table as 'audit_events')
                .selectAll()
                .execute(),
            ),
          ),
        );
        for (const f of followers) {
          expect(dump).not.toContain(f.handle);
          expect(dump).not.toContain(f.name.split(' ')[0]);
        }
        for (const hash of hashes) expect(dump).not.toContain(hash);
      });

      it('refuses an expired key', async () => {
        const { id } = (await call(staff, 'POST', '/api/self-audit/sessions')).json();
        await t.testDb.db
          .updateTable('self_audit_keys')
          .set({ expires_at: new Date('2026-11-24T08:59:00Z') })
          .where('id', '=', id)
          .execute();
        const late = await call(staff, 'POST', `/api/self-audit/sessions/${id}/match`, {
          hashes: ['AAAAAAAAAAAAAAAA'],
        });
        expect(late.json().error.code).toBe('SelfAuditExpired');
      });
    });

    describe('completion for SMT', () => {
      it('shows completion by person, percentages, never answers', async () => {
        await call(staff, 'POST', '/api/policy/acknowledgements');
        expect((await call(staff, 'GET', '/api/staff-compliance')).statusCode).toBe(403);
        const response = await call(smt, 'GET', '/api/staff-compliance');
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body.period).toBe('2026-autumn');
        expect(body.total).toBe(4);
        const tamsin = body.staff.find((s: { name: string }) => s.name === 'Tamsin Orley');
        expect(tamsin).toMatchObject({ policyAcknowledged: true, privacyPlatforms: 1, selfAudited: true });
        expect(body.percentages).toEqual({ policyAcknowledged: 25, privacyAttested: 25, selfAudited: 25 });
        expect(response.body).not.toContain('private-account');
        expect(response.body).not.toContain('instagram');
      });
    });

    describe('reminders', () => {
      it('welcomes newcomers once and reminds the rest once per term, two weeks in', async () => {
        const db = t.testDb.db;
        const first = await sendStaffUseReminders(db, t.clock.now(), '2026-11-24');
        expect(first).toEqual({ newcomers: 4, privacy: 0, selfAudit: 0 });
        expect(await sendStaffUseReminders(db, t.clock.now(), '2026-11-25')).toEqual({
          newcomers: 0,
          privacy: 0,
          selfAudit: 0,
        });
        const later = new Date(t.clock.now().getTime() + 20 * DAY);
        // Tamsin attested both; the other three are reminded of both.
        expect(await sendStaffUseReminders(db, later, '2026-12-14')).toEqual({
          newcomers: 0,
          privacy: 3,
          selfAudit: 3,
        });
        expect(await sendStaffUseReminders(db, later, '2026-12-15')).toEqual({
          newcomers: 0,
          privacy: 0,
          selfAudit: 0,
        });
      });
    });
  });
}
