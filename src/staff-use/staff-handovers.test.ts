import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { buildPostingAccount } from '../posts/testing.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { openMissingHandovers } from './open-staff-handover.js';

for (const engine of testEngines()) {
  describe(`leavers' handovers on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let admin: TestSignIn;
    let head: TestSignIn;
    let smt: TestSignIn;
    let leaver: TestSignIn;
    let colleague: TestSignIn;
    let soleAccount: string;
    let primaryAccount: string;
    let coOwnedAccount: string;
    let handoverId: string;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Handover School', official_email_domains: ['ho.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      const person = (roles: TestSignIn['actor']['roles'], givenName: string, familyName: string) =>
        signInAs(db, { schoolId, roles: [...roles], givenName, familyName, now });
      admin = await person(['admin'], 'Ada', 'Quillfeather');
      head = await person(['headteacher'], 'Hester', 'Vane');
      smt = await person(['smt'], 'Silas', 'Quant');
      leaver = await person(['staff'], 'Lorcan', 'Tresidder');
      colleague = await person(['staff'], 'Carys', 'Pentreath');
      soleAccount = await buildPostingAccount(db, {
        schoolId,
        ownerIds: [leaver.actor.staffId],
        key: 'sole',
      });
      primaryAccount = await buildPostingAccount(db, {
        schoolId,
        ownerIds: [leaver.actor.staffId, colleague.actor.staffId],
        key: 'primary',
      });
      coOwnedAccount = await buildPostingAccount(db, {
        schoolId,
        ownerIds: [colleague.actor.staffId, leaver.actor.staffId],
        key: 'co',
      });
      const retired = await buildPostingAccount(db, {
        schoolId,
        ownerIds: [leaver.actor.staffId],
        key: 'old',
      });
      await db.updateTable('accounts').set({ status: 'retired' }).where('id', '=', retired).execute();
      await db
        .insertInto('posts')
        .values({
          school_id: schoolId,
          account_id: soleAccount,
          author_staff_id: leaver.actor.staffId,
          text: 'Chess club results',
          links: '[]',
          tagged_pupil_ids: '[]',
          no_identifiable_pupils: true,
          revision: 1,
          status: 'awaiting_approval',
          verdict: 'pass',
          findings: '[]',
          checked_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('contact_exceptions')
        .values({
          school_id: schoolId,
          staff_id: leaver.actor.staffId,
          channel: 'personal_phone',
          contact: '07700 900456',
          reason: 'Away fixture',
          audience: 'Year 10 football team carers',
          from_on: '2026-11-20',
          to_on: '2026-12-20',
          status: 'approved',
          decided_by_staff_id: head.actor.staffId,
          decided_at: now,
          decision_reason: 'Fine',
          expiry_reminded_at: null,
          closed_reason: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });

    afterAll(async () => {
      await t?.close();
    });

    const call = (who: TestSignIn, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });

    const auditTypes = async () =>
      (
        await t.testDb.db
          .selectFrom('audit_events')
          .select('type')
          .where('school_id', '=', schoolId)
          .orderBy('seq')
          .execute()
      ).map((r) => r.type);

    it('lets only an admin or the headteacher mark someone as left, and never themselves', async () => {
      const byStaff = await call(colleague, 'POST', `/api/people/staff/${leaver.actor.staffId}/leave`);
      expect(byStaff.statusCode).toBe(403);
      const bySmt = await call(smt, 'POST', `/api/people/staff/${leaver.actor.staffId}/leave`);
      expect(bySmt.statusCode).toBe(403);
      const self = await call(admin, 'POST', `/api/people/staff/${admin.actor.staffId}/leave`);
      expect(self.statusCode).toBe(400);
      expect(self.json().error.code).toBe('CannotMarkSelfLeft');
    });

    it('marks a leaver left and opens their handover in the same step: SMT and the head are told', async () => {
      const response = await call(admin, 'POST', `/api/people/staff/${leaver.actor.staffId}/leave`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        staffId: leaver.actor.staffId,
        status: 'left',
        leftOn: '2026-11-24',
      });

      const handover = await t.testDb.db
        .selectFrom('staff_handovers')
        .select(['id', 'status', 'opened_by'])
        .where('staff_id', '=', leaver.actor.staffId)
        .executeTakeFirstOrThrow();
      handoverId = handover.id;
      expect(handover).toMatchObject({ status: 'open', opened_by: 'Ada Quillfeather' });

      const notes = await t.testDb.db
        .selectFrom('notifications')
        .select(['staff_id', 'link', 'title'])
        .where('kind', '=', 'staff_use.handover')
        .execute();
      expect(notes.map((n) => n.staff_id).sort()).toEqual([head.actor.staffId, smt.actor.staffId].sort());
      expect(notes[0]?.link).toBe(`/personal-use/handovers/${handoverId}`);
      expect(notes[0]?.title).toContain('Lorcan Tresidder has left');

      const exception = await t.testDb.db
        .selectFrom('contact_exceptions')
        .select(['status', 'closed_reason'])
        .where('staff_id', '=', leaver.actor.staffId)
        .executeTakeFirstOrThrow();
      expect(exception).toEqual({ status: 'closed', closed_reason: 'left the school' });

      const types = await auditTypes();
      expect(types.slice(-3)).toEqual([
        'people.staff_left',
        'staff_use.contact_exception_closed',
        'staff_use.handover_opened',
      ]);
      // Their session no longer opens anything.
      expect((await call(leaver, 'GET', '/api/staff-use/me')).statusCode).toBe(401);
      const again = await call(admin, 'POST', `/api/people/staff/${leaver.actor.staffId}/leave`);
      expect(again.json().error.code).toBe('StaffAlreadyLeft');
    });

    it('shows SMT what the leaver owns, as sole, primary or co-owner, and what waits on them', async () => {
      expect((await call(colleague, 'GET', `/api/staff-handovers/${handoverId}`)).statusCode).toBe(403);
      const response = await call(smt, 'GET', `/api/staff-handovers/${handoverId}`);
      expect(response.statusCode).toBe(200);
      const view = response.json();
      expect(view.staffName).toBe('Lorcan Tresidder');
      const ownership = Object.fromEntries(
        view.accounts.map((a: { id: string; ownership: string }) => [a.id, a.ownership]),
      );
      expect(ownership).toEqual({
        [soleAccount]: 'sole_owner',
        [primaryAccount]: 'primary_owner',
        [coOwnedAccount]: 'co_owner',
      });
      expect(view.postsAwaitingApproval).toEqual([
        { id: expect.any(String), account: 'x @posts_sole', writtenByLeaver: true },
      ]);
      expect(view.candidates.map((c: { name: string }) => c.name)).not.toContain('Lorcan Tresidder');
      expect(view.candidates.map((c: { name: string }) => c.name)).toContain('Carys Pentreath');
      expect(view.canDecide).toBe(true);
      const list = await call(admin, 'GET', '/api/staff-handovers');
      expect(list.json().handovers).toEqual([
        {
          id: handoverId,
          staffName: 'Lorcan Tresidder',
          status: 'open',
          openedAt: expect.any(String),
          accountsLeft: 3,
        },
      ]);
    });

    it('refuses a new owner who is the leaver, and lets only SMT or the head decide', async () => {
      const byAdmin = await call(
        admin,
        'POST',
        `/api/staff-handovers/${handoverId}/accounts/${soleAccount}`,
        {
          decision: 'new_owner',
          staffId: colleague.actor.staffId,
        },
      );
      expect(byAdmin.statusCode).toBe(403);
      const toLeaver = await call(smt, 'POST', `/api/staff-handovers/${handoverId}/accounts/${soleAccount}`, {
        decision: 'new_owner',
        staffId: leaver.actor.staffId,
      });
      expect(toLeaver.json().error.code).toBe('NewOwnerIsLeaver');
      const early = await call(smt, 'POST', `/api/staff-handovers/${handoverId}/complete`);
      expect(early.json().error.code).toBe('HandoverNotFinished');
    });

    it('hands each account over or closes it, audited, and the handover is done when none is left', async () => {
      const db = t.testDb.db;
      const owners = (accountId: string) =>
        db
          .selectFrom('account_owners')
          .select(['staff_id', 'is_primary'])
          .where('account_id', '=', accountId)
          .orderBy('is_primary', 'desc')
          .execute();
      const first = await call(smt, 'POST', `/api/staff-handovers/${handoverId}/accounts/${soleAccount}`, {
        decision: 'new_owner',
        staffId: colleague.actor.staffId,
      });
      expect(first.statusCode).toBe(200);
      expect(first.json().accounts).toHaveLength(2);
      expect(await owners(soleAccount)).toEqual([{ staff_id: colleague.actor.staffId, is_primary: true }]);

      await call(head, 'POST', `/api/staff-handovers/${handoverId}/accounts/${primaryAccount}`, {
        decision: 'new_owner',
        staffId: smt.actor.staffId,
      });
      expect(await owners(primaryAccount)).toEqual([
        { staff_id: smt.actor.staffId, is_primary: true },
        { staff_id: colleague.actor.staffId, is_primary: false },
      ]);

      const last = await call(smt, 'POST', `/api/staff-handovers/${handoverId}/accounts/${coOwnedAccount}`, {
        decision: 'close',
        reason: 'The drama club ended with the teacher who ran it',
      });
      expect(last.statusCode).toBe(200);
      expect(last.json()).toMatchObject({ status: 'done', accounts: [], canDecide: false });
      const closed = await db
        .selectFrom('accounts')
        .select('status')
        .where('id', '=', coOwnedAccount)
        .executeTakeFirstOrThrow();
      expect(closed.status).toBe('retired');
      const history = await db
        .selectFrom('account_transitions')
        .select(['to_status', 'reason', 'actor_label'])
        .where('account_id', '=', coOwnedAccount)
        .execute();
      expect(history).toEqual([
        {
          to_status: 'retired',
          reason: 'The drama club ended with the teacher who ran it',
          actor_label: 'Silas Quant',
        },
      ]);
      const types = (await auditTypes()).filter(
        (type) => type.startsWith('staff_use.handover') || type.startsWith('account.'),
      );
      expect(types).toEqual([
        'staff_use.handover_opened',
        'account.owner_handed_over',
        'staff_use.handover_account_decided',
        'account.owner_handed_over',
        'staff_use.handover_account_decided',
        'account.transitioned',
        'staff_use.handover_account_decided',
        'staff_use.handover_done',
      ]);
      const after = await call(smt, 'POST', `/api/staff-handovers/${handoverId}/accounts/${soleAccount}`, {
        decision: 'close',
        reason: 'again',
      });
      expect(after.json().error.code).toBe('HandoverDone');
    });

    it('gives a leaver found by the daily sweep a handover once, which SMT completes when nothing is owned', async () => {
      const db = t.testDb.db;
      const quiet = await signInAs(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Quenby',
        familyName: 'Moyle',
      });
      await db
        .updateTable('staff_memberships')
        .set({ status: 'left' })
        .where('staff_id', '=', quiet.actor.staffId)
        .execute();
      expect(await openMissingHandovers(db, t.clock.now())).toBe(1);
      expect(await openMissingHandovers(db, t.clock.now())).toBe(0);
      const row = await db
        .selectFrom('staff_handovers')
        .select(['id', 'opened_by'])
        .where('staff_id', '=', quiet.actor.staffId)
        .executeTakeFirstOrThrow();
      expect(row.opened_by).toBe('system:staff_use.handovers');
      const done = await call(head, 'POST', `/api/staff-handovers/${row.id}/complete`);
      expect(done.statusCode).toBe(200);
      expect(done.json().status).toBe('done');
    });
  });
}
