import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { emailJobHandlers } from '../platform/notify/email.jobs.js';
import { startTestSmtp, type TestSmtp } from '../platform/notify/test-smtp.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import type { ConsentLost } from './consent.events.js';
import { buildConsentFamily } from './testing.js';

/** The token from the link in a received message (quoted-printable soft breaks undone first). */
function tokenIn(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /\/consent#token=([A-Za-z0-9_-]{43})/.exec(unfolded);
  if (!match?.[1]) throw new Error('no consent link in the message');
  return match[1];
}

for (const engine of testEngines()) {
  describe(`consent e-signature links on ${engine}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    let schoolId: string;
    let smt: TestSignIn;
    let teacher: TestSignIn;
    const lost: ConsentLost[] = [];
    // Heard through the app's context, as the takedown tasks are, in the transaction that ends the grant.
    const hearLoss = async (_tx: unknown, event: ConsentLost) => {
      lost.push(event);
    };

    beforeAll(async () => {
      [t, smtp] = await Promise.all([
        createTestApp(engine, undefined, {}, { alsoOnConsentLost: [hearLoss] }),
        startTestSmtp(),
      ]);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Signature Test School', official_email_domains: ['signature.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      smt = await signInAs(t.testDb.db, { schoolId, roles: ['smt'], now: t.clock.now() });
      teacher = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
    });
    afterAll(async () => {
      await Promise.all([t.close(), smtp.close()]);
    });

    async function sendLink(as: TestSignIn, body: Record<string, unknown>) {
      return t.app.inject({ method: 'POST', url: '/api/consents/links', headers: as.headers, payload: body });
    }

    /** Delivers the outbox through the real SMTP server and returns the token mailed to `to`. */
    async function deliveredToken(to: string): Promise<string> {
      const handlers = emailJobHandlers({ smtpUrl: smtp.url, mailFrom: 'guardpost@signature.example' });
      await runDueJobs({
        db: t.testDb.db,
        clock: t.clock,
        logger: createLogger('silent'),
        handlers,
        workerId: 'mail',
      });
      const message = smtp.to(to).at(-1);
      if (!message) throw new Error(`nothing delivered to ${to}`);
      return tokenIn(message.raw);
    }

    const sign = (token: string, decision: 'grant' | 'refuse', name = 'Carer Testfamily') =>
      t.app.inject({
        method: 'POST',
        url: '/api/consent-links/sign',
        remoteAddress: '203.0.113.7',
        payload: { token, name, decision },
      });

    it('emails a one-time link; the carer grants by typing their name; time and address are kept', async () => {
      const family = await buildConsentFamily(t.testDb.db, {
        schoolId,
        key: 'S1',
        carerEmail: 'carer.s1@family.example',
      });
      const sent = await sendLink(smt, {
        pupilId: family.pupilId,
        carerId: family.carerId,
        purpose: 'social_media',
      });
      expect(sent.statusCode).toBe(202);
      expect(sent.json().expiresAt).toBe('2026-12-08T09:00:00.000Z');
      const token = await deliveredToken('carer.s1@family.example');
      // Only the hash is stored.
      const stored = await t.testDb.db.selectFrom('consent_links').select('id').execute();
      expect(stored.map((s) => s.id)).not.toContain(token);

      const lookup = await t.app.inject({
        method: 'POST',
        url: '/api/consent-links/lookup',
        payload: { token },
      });
      expect(lookup.statusCode).toBe(200);
      expect(lookup.json()).toMatchObject({
        schoolName: 'Signature Test School',
        pupilGivenName: 'PupilS1',
        purpose: 'social_media',
      });

      const signed = await sign(token, 'grant');
      expect(signed.statusCode).toBe(201);
      expect(signed.json()).toEqual({ state: 'granted', expiresOn: '2027-08-31' });

      const read = await t.app.inject({
        method: 'GET',
        url: `/api/consents/pupils/${family.pupilId}`,
        headers: smt.headers,
      });
      expect(read.json().history[0]).toMatchObject({
        state: 'granted',
        method: 'e_signature',
        source: 'e_signature',
        carerId: family.carerId,
        signatureName: 'Carer Testfamily',
        signedAt: '2026-11-24T09:00:00.000Z',
        signedIp: '203.0.113.7',
      });
      // A member of staff sees the decision but not the signature details.
      const asTeacher = await t.app.inject({
        method: 'GET',
        url: `/api/consents/pupils/${family.pupilId}`,
        headers: teacher.headers,
      });
      expect(asTeacher.json().history[0]).toMatchObject({
        state: 'granted',
        signatureName: null,
        signedIp: null,
      });

      // Single use.
      const again = await sign(token, 'refuse');
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('InvalidConsentLink');
      const lookupAgain = await t.app.inject({
        method: 'POST',
        url: '/api/consent-links/lookup',
        payload: { token },
      });
      expect(lookupAgain.json().error.code).toBe('InvalidConsentLink');
    });

    it('records a refusal while a grant holds as a withdrawal, and fires the re-check hook', async () => {
      const family = await buildConsentFamily(t.testDb.db, {
        schoolId,
        key: 'S2',
        carerEmail: 'carer.s2@family.example',
      });
      await sendLink(smt, { pupilId: family.pupilId, carerId: family.carerId, purpose: 'website' });
      expect((await sign(await deliveredToken('carer.s2@family.example'), 'grant')).json().state).toBe(
        'granted',
      );
      await sendLink(smt, { pupilId: family.pupilId, carerId: family.carerId, purpose: 'website' });
      const second = await sign(await deliveredToken('carer.s2@family.example'), 'refuse');
      expect(second.json().state).toBe('withdrawn');
      expect(lost.filter((e) => e.pupilId === family.pupilId).map((e) => [e.purpose, e.reason])).toEqual([
        ['website', 'withdrawn'],
      ]);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'actor_label'])
        .where('school_id', '=', schoolId)
        .where('type', 'in', ['consent.link_sent', 'consent.recorded', 'consent.lost'])
        .where('subject_id', 'is not', null)
        .execute();
      expect(
        audit
          .filter((a) => a.type === 'consent.recorded')
          .every((a) => a.actor_label === 'system:carer-e-signature'),
      ).toBe(true);
      expect(audit.some((a) => a.type === 'consent.lost')).toBe(true);
    });

    it('refuses a link after 14 days, an empty signature, and carers without responsibility or email', async () => {
      const family = await buildConsentFamily(t.testDb.db, {
        schoolId,
        key: 'S3',
        carerEmail: 'carer.s3@family.example',
      });
      await sendLink(smt, { pupilId: family.pupilId, carerId: family.carerId, purpose: 'press' });
      const token = await deliveredToken('carer.s3@family.example');
      const blank = await sign(token, 'grant', ' ');
      expect(blank.json().error.code).toBe('InvalidSignature');
      const saved = t.clock.now();
      t.clock.set('2026-12-08T09:00:01Z');
      try {
        const late = await sign(token, 'grant');
        expect(late.json().error.code).toBe('InvalidConsentLink');
      } finally {
        t.clock.set(saved);
      }
      const noResponsibility = await sendLink(smt, {
        pupilId: family.pupilId,
        carerId: family.otherCarerId,
        purpose: 'press',
      });
      expect(noResponsibility.json().error.code).toBe('CarerWithoutParentalResponsibility');
      const noEmail = await buildConsentFamily(t.testDb.db, { schoolId, key: 'S4' });
      await t.testDb.db
        .updateTable('carers')
        .set({ email: null })
        .where('id', '=', noEmail.carerId)
        .execute();
      const refused = await sendLink(smt, {
        pupilId: noEmail.pupilId,
        carerId: noEmail.carerId,
        purpose: 'press',
      });
      expect(refused.json().error.code).toBe('CarerHasNoEmail');
      const byTeacher = await sendLink(teacher, {
        pupilId: family.pupilId,
        carerId: family.carerId,
        purpose: 'press',
      });
      expect(byTeacher.statusCode).toBe(403);
    });
  });
}
