import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { fixedClock } from '../platform/clock.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import type { AccountInput } from './account-inputs.js';
import { declarePersonalHandle } from './declare-personal-handle.js';
import { runApprovalExpiry } from './expire-approvals.js';
import { getAccount } from './get-account.js';
import { listMyAccounts } from './list-my-accounts.js';
import { listPersonalHandles } from './list-personal-handles.js';
import { listRegister } from './list-register.js';
import { registerAccount } from './register-account.js';
import { html, type ProfileSite, startProfileSite, testFetchPolicy } from './testing.js';
import { transitionAccount } from './transition-account.js';
import { updateAccount } from './update-account.js';
import { updateRegisterSettings } from './update-register-settings.js';
import { verifyAccountAup } from './verify-account-aup.js';
import { verifyPublicly } from './verify-publicly.js';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    platform: 'x',
    handle: '@Take1Media',
    purposeKind: 'course',
    purpose: 'Year 12 media studies course news',
    linkedEmail: 'media@register.example',
    audience: ['Year 12 media'],
    aboutText: 'News from the Year 12 media course. Our AUP: https://register.example/aup',
    attestsNoDirectMessages: true,
    attestsAupLink: true,
    ...overrides,
  };
}

for (const engine of testEngines()) {
  describe(`accounts register on ${engine}`, () => {
    let t: TestDb;
    let site: ProfileSite;
    let aboutPage = '';
    let schoolId: string;
    let owner: TestSignIn;
    let coOwner: TestSignIn;
    let lineManager: TestSignIn;
    let otherManager: TestSignIn;
    let smt: TestSignIn;
    let smtOwner: TestSignIn;
    let colleague: TestSignIn;
    const clock = fixedClock('2026-11-24T09:00:00Z');
    const deps = { clock, contexts: new CheckContextCache() };

    beforeAll(async () => {
      t = await createTestDb(engine);
      site = await startProfileSite(() => ({ '/blog': (_req, res) => html(aboutPage)(_req, res) }));
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({
            name: 'Register Academy',
            official_email_domains: ['register.example'],
            aup_url: `${site.base}/policies/aup`,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = clock.now();
      lineManager = await signInAs(t.db, {
        schoolId,
        roles: ['manager'],
        givenName: 'Lina',
        familyName: 'Mgr',
        now,
      });
      otherManager = await signInAs(t.db, { schoolId, roles: ['manager'], now });
      smt = await signInAs(t.db, { schoolId, roles: ['smt'], givenName: 'Sam', familyName: 'Senior', now });
      smtOwner = await signInAs(t.db, { schoolId, roles: ['smt', 'staff'], now });
      owner = await signInAs(t.db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Olive',
        familyName: 'Owner',
        now,
      });
      coOwner = await signInAs(t.db, { schoolId, roles: ['staff'], now });
      colleague = await signInAs(t.db, { schoolId, roles: ['staff'], now });
      await t.db
        .updateTable('staff_memberships')
        .set({ manager_staff_id: lineManager.actor.staffId })
        .where('staff_id', '=', owner.actor.staffId)
        .execute();
    });
    afterAll(async () => {
      await site.close();
      await t.destroy();
    });

    it('refuses a webmail or non-school linked email, citing clause 2.1', async () => {
      const webmail = await errorOf(
        registerAccount(
          t.db,
          owner.actor,
          schoolId,
          accountInput({ linkedEmail: 'media.dept@gmail.com' }),
          deps,
        ),
      );
      expect(webmail.code).toBe('LinkedEmailIsWebmail');
      expect(webmail.details).toEqual(['clause 2.1']);
      const elsewhere = await errorOf(
        registerAccount(
          t.db,
          owner.actor,
          schoolId,
          accountInput({ linkedEmail: 'media@elsewhere.example' }),
          deps,
        ),
      );
      expect(elsewhere.code).toBe('LinkedEmailNotOfficial');
      const identity = await errorOf(
        registerAccount(t.db, owner.actor, schoolId, accountInput({ handle: 'not a handle' }), deps),
      );
      expect(identity.code).toBe('InvalidAccountIdentity');
      expect(await t.db.selectFrom('accounts').select('id').execute()).toEqual([]);
    });

    it('refuses an account someone declared as personal, saying only that', async () => {
      await declarePersonalHandle(
        t.db,
        colleague.actor,
        schoolId,
        { platform: 'instagram', value: '@Private.Life' },
        clock,
      );
      expect(await listPersonalHandles(t.db, colleague.actor, schoolId)).toHaveLength(1);
      expect(await listPersonalHandles(t.db, owner.actor, schoolId)).toEqual([]);
      const error = await errorOf(
        registerAccount(
          t.db,
          owner.actor,
          schoolId,
          accountInput({
            platform: 'instagram',
            handle: undefined,
            profileUrl: 'https://www.instagram.com/private.life/',
          }),
          deps,
        ),
      );
      expect(error.code).toBe('DeclaredPersonalAccount');
      expect(error.message).toMatch(/declared as personal/);
      expect(error.message).not.toMatch(/Test|Person/);
    });

    it('registers a draft, runs the About text through the check engine, and refuses duplicates', async () => {
      const draft = await registerAccount(
        t.db,
        owner.actor,
        schoolId,
        accountInput({
          platform: 'blogger',
          handle: undefined,
          profileUrl: `https://take1-media.blogspot.com/`,
          aboutText: 'Call the department on 07700 900123 for news.',
          attestsNoDirectMessages: false,
          attestsAupLink: false,
          coOwnerStaffIds: [coOwner.actor.staffId],
        }),
        deps,
      );
      expect(draft).toMatchObject({
        status: 'draft',
        platform: 'blogger',
        studentAccess: { allowed: false },
      });
      expect(draft.owners.map((o) => o.primary)).toEqual([true, false]);
      expect(draft.findings).toContainEqual(
        expect.objectContaining({ field: 'about', rule: 'pii.phone', clause: '2.4', severity: 'block' }),
      );
      expect(draft.readiness.problems.map((p) => [p.code, p.clause])).toEqual([
        ['AttestationDirectMessagesMissing', '2.7'],
        ['AttestationAupLinkMissing', '2.8'],
        ['TextBlocked', '2.4'],
      ]);
      expect(draft.abilities).toEqual(expect.arrayContaining(['edit', 'submit', 'retire']));

      const refused = await errorOf(
        transitionAccount(t.db, owner.actor, schoolId, draft.id, 'submit', undefined, deps),
      );
      expect(refused.code).toBe('SubmissionRefused');
      // Each detail is a sentence citing its clause once, without nested brackets.
      expect(refused.details.map((d) => [...d.matchAll(/clause (\d\.\d)/g)].map((m) => m[1]))).toEqual([
        ['2.7'],
        ['2.8'],
        ['2.4'],
      ]);
      for (const detail of refused.details) expect(detail).not.toMatch(/\([^()]*\(/);

      const duplicate = await errorOf(
        registerAccount(
          t.db,
          colleague.actor,
          schoolId,
          accountInput({ platform: 'blogger', handle: 'take1-media' }),
          deps,
        ),
      );
      expect(duplicate.code).toBe('AccountAlreadyRegistered');
      // Another member of staff cannot see or edit it.
      expect((await errorOf(getAccount(t.db, colleague.actor, schoolId, draft.id))).code).toBe(
        'AccountNotFound',
      );
      await t.db.updateTable('accounts').set({ status: 'retired' }).where('id', '=', draft.id).execute();
    });

    let accountId: string;

    it('submits, notifying the owner’s manager and SMT (in-app and email) but not the owner', async () => {
      const draft = await registerAccount(t.db, owner.actor, schoolId, accountInput(), deps);
      accountId = draft.id;
      const submitted = await transitionAccount(
        t.db,
        owner.actor,
        schoolId,
        draft.id,
        'submit',
        undefined,
        deps,
      );
      expect(submitted.status).toBe('submitted');
      const notified = await t.db
        .selectFrom('notifications')
        .select(['staff_id', 'kind'])
        .where('kind', '=', 'accounts.awaiting_approval')
        .execute();
      const ids = notified.map((n) => n.staff_id);
      expect(ids).toEqual(
        expect.arrayContaining([lineManager.actor.staffId, smt.actor.staffId, smtOwner.actor.staffId]),
      );
      expect(ids).not.toContain(owner.actor.staffId);
      expect(ids).not.toContain(otherManager.actor.staffId);
      const mail = await t.db.selectFrom('email_outbox').select(['to_address', 'text_body']).execute();
      expect(mail.map((m) => m.to_address)).toContain(lineManager.actor.email);
      expect(mail.every((m) => !m.text_body.includes('Olive'))).toBe(true);
    });

    it('refuses self-approval, a manager of someone else, plain staff, and a reason-less rejection', async () => {
      const asOwner = { ...owner.actor, roles: ['smt' as const] };
      expect(
        (await errorOf(transitionAccount(t.db, asOwner, schoolId, accountId, 'approve', undefined, deps)))
          .code,
      ).toBe('SelfApprovalRefused');
      expect(
        (
          await errorOf(
            transitionAccount(t.db, otherManager.actor, schoolId, accountId, 'approve', undefined, deps),
          )
        ).code,
      ).toBe('NotTheOwnersManager');
      expect(
        (
          await errorOf(
            transitionAccount(t.db, colleague.actor, schoolId, accountId, 'approve', undefined, deps),
          )
        ).code,
      ).toBe('NotADecider');
      expect(
        (await errorOf(transitionAccount(t.db, smt.actor, schoolId, accountId, 'reject', ' ', deps))).code,
      ).toBe('ReasonRequired');
      expect(
        (
          await errorOf(
            transitionAccount(t.db, smt.actor, schoolId, accountId, 'request_changes', undefined, deps),
          )
        ).code,
      ).toBe('ReasonRequired');
    });

    it('changes requested → edited → resubmitted → approved by the line manager, for 12 months', async () => {
      await transitionAccount(
        t.db,
        smt.actor,
        schoolId,
        accountId,
        'request_changes',
        'Say which course in the purpose',
        deps,
      );
      const edited = await updateAccount(
        t.db,
        owner.actor,
        schoolId,
        accountId,
        accountInput({ purpose: 'News for the Year 12 media studies course' }),
        deps,
      );
      expect(edited.status).toBe('changes_requested');
      await transitionAccount(t.db, owner.actor, schoolId, accountId, 'submit', undefined, deps);
      const approved = await transitionAccount(
        t.db,
        lineManager.actor,
        schoolId,
        accountId,
        'approve',
        undefined,
        deps,
      );
      expect(approved).toMatchObject({
        status: 'approved',
        approvalExpiresOn: '2027-11-24',
        studentAccess: { allowed: true },
      });
      expect(
        (await errorOf(updateAccount(t.db, owner.actor, schoolId, accountId, accountInput(), deps))).code,
      ).toBe('AccountNotEditable');
      const detail = await getAccount(t.db, smt.actor, schoolId, accountId);
      expect(detail.history.map((h) => [h.from, h.to, h.by, h.reason])).toEqual([
        ['draft', 'submitted', 'Olive Owner', null],
        ['submitted', 'changes_requested', 'Sam Senior', 'Say which course in the purpose'],
        ['changes_requested', 'submitted', 'Olive Owner', null],
        ['submitted', 'approved', 'Lina Mgr', null],
      ]);
      const decision = await t.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('kind', '=', 'accounts.decision')
        .execute();
      expect(decision.map((d) => d.staff_id)).toContain(owner.actor.staffId);
      const audit = await t.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('subject_id', '=', accountId)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.type)).toEqual([
        'account.registered',
        'account.transitioned',
        'account.transitioned',
        'account.updated',
        'account.transitioned',
        'account.transitioned',
      ]);
      expect(audit[2]?.data).toMatchObject({
        action: 'request_changes',
        reason: 'Say which course in the purpose',
      });
      expect(await verifyAuditChain(t.db, schoolId)).toMatchObject({ ok: true });
    });

    it('answers public verification with date and purpose, never names, only for approved accounts', async () => {
      const yes = await verifyPublicly(t.db, schoolId, 'https://twitter.com/take1media');
      expect(yes.official).toBe(true);
      expect(yes.message).toBe(
        'An official Register Academy account on X (Twitter), approved on 24 Nov 2026, for News for the Year 12 media studies course',
      );
      // Who runs it is said by role, never by name.
      expect(yes.matches[0]?.runBy).toMatch(
        /^(a member of staff|a head of department or manager|a member of the senior leadership team|the headteacher)$/,
      );
      expect(JSON.stringify(yes)).not.toMatch(/Olive|Owner|Lina|register\.example/);
      expect((await verifyPublicly(t.db, schoolId, '@Take1Media')).official).toBe(true);
      const no = await verifyPublicly(t.db, schoolId, 'https://take1-media.blogspot.com/');
      expect(no).toMatchObject({
        official: false,
        message: 'No approved account of Register Academy matches',
        matches: [],
      });
    });

    it('lists my accounts and the register with filters', async () => {
      expect((await listMyAccounts(t.db, coOwner.actor, schoolId)).map((a) => a.status)).toEqual(['retired']);
      expect(
        (await listRegister(t.db, smt.actor, schoolId, { status: 'approved' })).map((a) => a.id),
      ).toEqual([accountId]);
      expect(await listRegister(t.db, smt.actor, schoolId, { platform: 'tiktok' })).toEqual([]);
      expect((await errorOf(listRegister(t.db, owner.actor, schoolId))).code).toBe('RegisterForbidden');
    });

    it('checks the AUP link, and tells the owner and SMT when it disappears', async () => {
      const blog = await registerAccount(
        t.db,
        owner.actor,
        schoolId,
        accountInput({
          platform: 'other',
          handle: undefined,
          profileUrl: `${site.base.replace('127.0.0.1', 'blog.register.example')}/blog`,
        }),
        deps,
      );
      // The test server answers on 127.0.0.1; point the stored address at it.
      await t.db
        .updateTable('accounts')
        .set({ profile_url: `${site.base}/blog` })
        .where('id', '=', blog.id)
        .execute();
      const options = { policy: testFetchPolicy, clock, trigger: 'manual' as const };
      aboutPage = `<html><body><a href="${site.base}/policies/aup/">Acceptable use</a></body></html>`;
      expect(await verifyAccountAup(t.db, owner.actor, schoolId, blog.id, options)).toMatchObject({
        result: 'found',
      });
      aboutPage = '<html><body><p>About us</p></body></html>';
      clock.advance(60_000);
      const gone = await verifyAccountAup(t.db, smt.actor, schoolId, blog.id, {
        ...options,
        trigger: 'scheduled',
      });
      expect(gone).toMatchObject({ result: 'not_found', previous: 'found' });
      const told = await t.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('kind', '=', 'accounts.aup_link_missing')
        .execute();
      expect(told.map((n) => n.staff_id)).toEqual(
        expect.arrayContaining([owner.actor.staffId, smt.actor.staffId]),
      );
      const detail = await getAccount(t.db, owner.actor, schoolId, blog.id);
      expect(detail.aupChecks.map((c) => [c.result, c.trigger])).toEqual([
        ['not_found', 'scheduled'],
        ['found', 'manual'],
      ]);
      expect(detail.aup).toMatchObject({ status: 'not_found', verified: false });
      // X pages need signing in: the attestation stands, marked as attested.
      expect(await verifyAccountAup(t.db, owner.actor, schoolId, accountId, options)).toMatchObject({
        result: 'attested',
      });
      expect((await errorOf(verifyAccountAup(t.db, colleague.actor, schoolId, blog.id, options))).code).toBe(
        'AccountNotFound',
      );
    });

    it('reminds before the approval ends, once, then returns the account for review', async () => {
      await updateRegisterSettings(
        t.db,
        smt.actor,
        schoolId,
        { approvalMonths: 12, reminderDays: 14 },
        clock,
      );
      clock.set('2027-11-01T09:00:00Z');
      expect(await runApprovalExpiry(t.db, deps)).toEqual({ expired: 0, reminded: 0 });
      clock.set('2027-11-12T09:00:00Z');
      expect(await runApprovalExpiry(t.db, deps)).toEqual({ expired: 0, reminded: 1 });
      expect(await runApprovalExpiry(t.db, deps)).toEqual({ expired: 0, reminded: 0 });
      clock.set('2027-11-24T09:00:00Z');
      expect(await runApprovalExpiry(t.db, deps)).toEqual({ expired: 1, reminded: 0 });
      const after = await getAccount(t.db, smt.actor, schoolId, accountId);
      expect(after).toMatchObject({ status: 'submitted', studentAccess: { allowed: false } });
      expect(after.history.at(-1)).toMatchObject({
        from: 'approved',
        to: 'submitted',
        by: 'system:accounts.approval_expiry',
      });
      expect((await verifyPublicly(t.db, schoolId, '@take1media')).official).toBe(false);
      clock.set('2026-11-24T09:00:00Z');
    });

    it('suspends with a reason, reinstates, and retires', async () => {
      await transitionAccount(t.db, smt.actor, schoolId, accountId, 'approve', undefined, deps);
      expect(
        (await errorOf(transitionAccount(t.db, smt.actor, schoolId, accountId, 'suspend', '', deps))).code,
      ).toBe('ReasonRequired');
      await transitionAccount(
        t.db,
        smt.actor,
        schoolId,
        accountId,
        'suspend',
        'An inappropriate reply was left up',
        deps,
      );
      expect((await verifyPublicly(t.db, schoolId, '@take1media')).official).toBe(false);
      await transitionAccount(
        t.db,
        smt.actor,
        schoolId,
        accountId,
        'reinstate',
        'Reply removed and reported',
        deps,
      );
      const retired = await transitionAccount(
        t.db,
        owner.actor,
        schoolId,
        accountId,
        'retire',
        'Course ended',
        deps,
      );
      expect(retired.status).toBe('retired');
      expect(
        (await errorOf(transitionAccount(t.db, smt.actor, schoolId, accountId, 'approve', undefined, deps)))
          .code,
      ).toBe('InvalidTransition');
      expect((await verifyPublicly(t.db, schoolId, '@take1media')).official).toBe(false);
    });
  });
}
