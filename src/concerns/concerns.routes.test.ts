import { Writable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { runDueJobs, startWorker } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { emailJobHandlers } from '../platform/notify/email.jobs.js';
import { startTestSmtp } from '../platform/notify/test-smtp.js';
import { buildAppWith, createTestApp, type TestApp, testConfig } from '../server/test-app.js';
import { linkTo } from '../shared/links.js';
import { concernJobHandlers } from './concerns.jobs.js';
import { pdfPagesText } from './test-pdf-text.js';

// Generated names and words only.
const NARRATIVE = 'Quillon Marbeck sent a private message at night asking to meet';
const CHILD_WORDS = 'he said nobody else needs to know about the zephyr chats';

for (const engine of testEngines()) {
  describe(`concerns over HTTP on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let pupilId: string;
    let dsl: TestSignIn;
    let deputy: TestSignIn;
    let head: TestSignIn;
    let teacher: TestSignIn;
    const logger = createLogger('silent');

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Larkspur Academy', official_email_domains: ['larkspur.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      pupilId = (
        await db
          .insertInto('pupils')
          .values({
            school_id: schoolId,
            external_id: 'P1',
            given_name: 'Tamsin',
            family_name: 'Orvell',
            preferred_name: null,
            date_of_birth: '2012-05-17',
            year_group: 9,
            left_on: null,
            upn: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      dsl = await signInAs(db, { schoolId, roles: ['staff', 'dsl'], now });
      deputy = await signInAs(db, { schoolId, roles: ['staff', 'deputy_dsl'], now });
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now });
    });
    afterAll(async () => {
      await t.close();
    });

    const report = (who: TestSignIn, body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/concerns', headers: who.headers, payload: body });
    const pupilReport = (urgency = 'urgent') => ({
      type: 'pupil_contact',
      platform: 'Instagram',
      pupils: [{ pupilId, role: 'subject' }],
      whatHappened: NARRATIVE,
      childWords: CHILD_WORDS,
      actionsTaken: 'Did not reply; took a screenshot',
      toldDslInPerson: false,
      urgency,
    });

    it('accepts a report, alerts the DSL and deputies without content, and hides it from everyone else', async () => {
      const response = await report(teacher, pupilReport());
      expect(response.statusCode).toBe(201);
      const { id, receipt } = response.json() as {
        id: string;
        receipt: { reference: string; status: string };
      };
      expect(receipt.status).toBe('new');
      expect(receipt.reference).toMatch(/^C-2026-[A-Z2-9]{6}$/);

      const notified = await t.testDb.db
        .selectFrom('notifications')
        .select(['staff_id', 'title', 'body'])
        .where('link', '=', linkTo('concern', { id }))
        .execute();
      expect(notified.map((n) => n.staff_id).sort()).toEqual(
        [dsl.actor.staffId, deputy.actor.staffId].sort(),
      );
      const mail = await t.testDb.db.selectFrom('email_outbox').selectAll().execute();
      expect(mail.map((m) => m.to_address).sort()).toEqual([dsl.actor.email, deputy.actor.email].sort());
      for (const m of [...mail, ...notified])
        expect(JSON.stringify(m)).not.toMatch(/Quillon|zephyr|Instagram|Tamsin/);

      // At rest: the narrative and the child's words are not in the row in clear.
      const row = await t.testDb.db
        .selectFrom('concerns')
        .select('content')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(row.content).includes(Buffer.from('zephyr'))).toBe(false);
      expect(
        await t.testDb.db
          .selectFrom('concerns')
          .select('retention_until')
          .where('id', '=', id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ retention_until: '2037-05-17' });

      const asTeacher = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${id}`,
        headers: teacher.headers,
      });
      expect(asTeacher.statusCode).toBe(403);
      const asHead = await t.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: head.headers });
      expect(asHead.statusCode).toBe(404);
      expect(asHead.json().error.code).toBe('ConcernNotFound');
      const asDsl = await t.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: dsl.headers });
      expect(asDsl.statusCode).toBe(200);
      expect(asDsl.json()).toMatchObject({
        whatHappened: NARRATIVE,
        childWords: CHILD_WORDS,
        pupils: [{ role: 'subject' }],
      });
      const viewed = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('subject_id', '=', id)
        .execute();
      expect(viewed.map((v) => v.type)).toEqual(['concern.reported', 'concern.viewed']);
      expect(JSON.stringify(viewed)).not.toMatch(/Quillon|zephyr/);

      const mine = await t.app.inject({ method: 'GET', url: '/api/concerns/mine', headers: teacher.headers });
      expect(mine.json()).toEqual({
        receipts: [expect.objectContaining({ reference: receipt.reference, status: 'new' })],
      });
      expect(JSON.stringify(mine.json())).not.toMatch(/Quillon|zephyr/);
    });

    it('escalates an unacknowledged urgent concern to the head after 15 minutes, and not an acknowledged one', async () => {
      const first = (await report(teacher, pupilReport())).json() as { id: string };
      const second = (await report(teacher, pupilReport())).json() as { id: string };
      const ack = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/${second.id}/acknowledge`,
        headers: dsl.headers,
        payload: {},
      });
      expect(ack.statusCode).toBe(200);
      const keyring = loadKeyring(testConfig);
      const handlers = concernJobHandlers(keyring);
      t.clock.advance(14 * 60_000);
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'w' });
      const level = async (id: string) =>
        (
          await t.testDb.db
            .selectFrom('concerns')
            .select('escalation_level')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).escalation_level;
      expect(await level(first.id)).toBe(0);
      t.clock.advance(2 * 60_000);
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'w' });
      expect(await level(first.id)).toBe(1);
      expect(await level(second.id)).toBe(0);
      const headAlerts = await t.testDb.db
        .selectFrom('notifications')
        .select(['link', 'title', 'kind'])
        .where('staff_id', '=', head.actor.staffId)
        .execute();
      // The link opens the concern's page of the web app (it used to be /concerns/<id>: "Page not found").
      expect(headAlerts.map((n) => n.link)).toContain(linkTo('concern', { id: first.id }));
      expect(headAlerts.map((n) => n.link)).toContain(`/safeguarding/concerns/${first.id}`);
      expect(headAlerts.map((n) => n.link)).not.toContain(linkTo('concern', { id: second.id }));
      const escalatedAlert = headAlerts.find((n) => n.link === linkTo('concern', { id: first.id }));
      expect(escalatedAlert).toMatchObject({ kind: 'concern.awaiting_urgent' });
      expect(escalatedAlert?.title).toMatch(/^URGENT .*escalated to you/);
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${first.id}`,
        headers: dsl.headers,
      });
      expect(detail.json().chronology.map((e: { kind: string }) => e.kind)).toEqual([
        'reported',
        'escalated',
      ]);
    });

    it('runs triage with reasons, append-only chronology with corrections, referral, close, reopen and PDF export', async () => {
      const { id } = (await report(teacher, pupilReport('routine'))).json() as { id: string };
      const post = (path: string, payload: unknown) =>
        t.app.inject({
          method: 'POST',
          url: `/api/concerns/${id}/${path}`,
          headers: dsl.headers,
          payload: payload as object,
        });
      expect((await post('acknowledge', {})).statusCode).toBe(200);
      expect((await post('acknowledge', {})).json().error.code).toBe('ConcernAlreadyAcknowledged');
      expect((await post('assign', { staffId: deputy.actor.staffId })).statusCode).toBe(200);
      expect((await post('assign', { staffId: teacher.actor.staffId })).json().error.code).toBe(
        'AssigneeCannotSeeConcern',
      );
      const noted = (await post('entries', { text: 'Spoke to Tamsin at 10:05' })).json();
      const noteId = noted.chronology.at(-1).id;
      const corrected = (
        await post('entries', { text: 'Spoke to Tamsin at 10:15', correctsEntryId: noteId })
      ).json();
      expect(corrected.chronology.at(-1)).toMatchObject({ kind: 'correction', correctsEntryId: noteId });
      expect(corrected.chronology.some((e: { id: string }) => e.id === noteId)).toBe(true);
      await expect(
        t.testDb.db.updateTable('concern_entries').set({ kind: 'erased' }).where('id', '=', noteId).execute(),
      ).rejects.toThrow();
      expect(
        (await post('close', { outcome: 'resolved', reasons: 'done and dusted' })).json().error.code,
      ).toBe('DecisionRequired');
      expect((await post('decision', { decision: 'no_referral', reasons: ' ' })).statusCode).toBe(400);
      const decided = await post('decision', {
        decision: 'no_referral',
        reasons: 'Threshold not met; monitor and speak to carers',
      });
      expect(decided.json()).toMatchObject({ decision: 'no_referral' });
      const action = (
        await post('actions', {
          description: 'Call carers',
          ownerStaffId: deputy.actor.staffId,
          dueOn: '2026-11-20',
        })
      ).json();
      const actionId = action.actions[0].id;
      const dashboard = await t.app.inject({ method: 'GET', url: '/api/concerns', headers: dsl.headers });
      expect(dashboard.json().concerns.find((c: { id: string }) => c.id === id)).toMatchObject({
        openActions: 1,
        overdueActions: 1,
      });
      expect((await post(`actions/${actionId}/complete`, {})).json().actions[0].completedAt).not.toBeNull();
      const referred = await post('referrals', {
        agency: 'childrens_social_care',
        agencyReference: 'CSC-12345',
        referredOn: '2026-11-24',
        followUpOn: '2026-11-27',
      });
      expect(referred.json().referrals).toEqual([
        expect.objectContaining({ agency: 'childrens_social_care' }),
      ]);
      // The follow-up is still to come: closing warns and asks for a reason of its own.
      const warned = await post('close', { outcome: 'referred', reasons: 'CSC have taken it on' });
      expect(warned.statusCode).toBe(400);
      expect(warned.json().error.code).toBe('CloseNeedsReason');
      expect(warned.json().error.details).toEqual(['A referral follow-up is due on 27 Nov 2026.']);
      const beforeClose = (
        await t.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: dsl.headers })
      ).json();
      expect(beforeClose.status).toBe('open');
      expect(beforeClose.closeWarnings.map((w: { code: string }) => w.code)).toEqual(['follow_up_pending']);
      const closedAnyway = (
        await post('close', {
          outcome: 'referred',
          reasons: 'CSC have taken it on',
          closeAnywayReason: 'CSC own the follow-up now',
        })
      ).json();
      expect(closedAnyway.status).toBe('closed');
      expect(closedAnyway.chronology.at(-1)).toMatchObject({
        kind: 'closed_despite',
        text: 'CSC own the follow-up now',
        facts: { warnings: 'follow_up_pending' },
      });
      expect((await post('entries', { text: 'late note' })).json().error.code).toBe('ConcernClosed');
      expect((await post('reopen', { reasons: 'New contact reported' })).json().status).toBe('open');
      expect(
        (await post('legal-hold', { legalHold: true, reasons: 'Solicitor letter' })).json().legalHold,
      ).toBe(true);

      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${id}/export.pdf`,
        headers: dsl.headers,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const pdfText = pdfPagesText(pdf.rawPayload).join(' ');
      expect(pdfText).toContain(`Exported by ${dsl.actor.name} (DSL)`);
      expect(pdfText).toContain('OFFICIAL-SENSITIVE');
      expect(pdfText).toContain('No referral');
      expect(pdfText).not.toContain(deputy.actor.staffId);
      const chronology = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/pupils/${pupilId}/chronology`,
        headers: dsl.headers,
      });
      expect(chronology.json().concerns.length).toBeGreaterThanOrEqual(3);
      const chronologyPdf = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/pupils/${pupilId}/chronology?format=pdf`,
        headers: dsl.headers,
      });
      expect(chronologyPdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const audited = await t.testDb.db
        .selectFrom('audit_events')
        .select('type')
        .where('school_id', '=', schoolId)
        .execute();
      const types = new Set(audited.map((a) => a.type));
      for (const type of [
        'concern.exported',
        'concern.pupil_chronology_viewed',
        'concern.decision_recorded',
        'concern.closed',
        'concern.reopened',
      ])
        expect(types.has(type)).toBe(true);
      const asTeacher = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/pupils/${pupilId}/chronology`,
        headers: teacher.headers,
      });
      expect(asTeacher.statusCode).toBe(403);
    });

    it('sends a concern about the headteacher to the chair of governors only, and hides it from the head', async () => {
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/concerns/settings',
        headers: dsl.headers,
        payload: { chairOfGovernorsName: 'Chair', chairOfGovernorsEmail: 'chair@governors.example' },
      });
      expect(put.statusCode).toBe(200);
      const before = await t.testDb.db.selectFrom('email_outbox').select('id').execute();
      const created = await report(teacher, {
        type: 'staff_conduct',
        platform: 'TikTok',
        subjectStaffId: head.actor.staffId,
        whatHappened: 'Followed pupils from a personal account',
        urgency: 'routine',
      });
      expect(created.statusCode).toBe(201);
      const { id } = created.json() as { id: string };
      const mail = await t.testDb.db
        .selectFrom('email_outbox')
        .select('to_address')
        .where(
          'id',
          'not in',
          before.map((b) => b.id),
        )
        .execute();
      expect(mail.map((m) => m.to_address)).toEqual(['chair@governors.example']);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: head.headers })).statusCode,
      ).toBe(404);
      const list = await t.app.inject({ method: 'GET', url: '/api/concerns', headers: head.headers });
      expect(list.json().concerns.map((c: { id: string }) => c.id)).not.toContain(id);
    });

    it('keeps evidence encrypted with its SHA-256, strips image metadata for viewing, and refuses bad files', async () => {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } })
        .png()
        .withExif({ IFD0: { Artist: 'Quillon Marbeck', ImageDescription: 'zephyr' } })
        .toBuffer();
      expect(png.includes(Buffer.from('zephyr'))).toBe(true);
      const created = await report(teacher, {
        ...pupilReport(),
        evidence: [{ name: 'screenshot.png', contentBase64: png.toString('base64') }],
      });
      expect(created.statusCode).toBe(201);
      const { id } = created.json() as { id: string };
      const detail = (
        await t.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: dsl.headers })
      ).json();
      const evidence = detail.evidence[0];
      const { createHash } = await import('node:crypto');
      expect(evidence).toMatchObject({
        name: 'screenshot.png',
        mediaType: 'image/png',
        hasViewingCopy: true,
        sha256: createHash('sha256').update(png).digest('hex'),
      });
      const view = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${id}/evidence/${evidence.id}`,
        headers: dsl.headers,
      });
      expect(view.statusCode).toBe(200);
      expect(view.rawPayload.includes(Buffer.from('zephyr'))).toBe(false);
      const original = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${id}/evidence/${evidence.id}?variant=original`,
        headers: dsl.headers,
      });
      expect(original.rawPayload.equals(png)).toBe(true);
      const stored = await t.testDb.db
        .selectFrom('concern_evidence')
        .select('original')
        .where('id', '=', evidence.id)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(stored.original).includes(Buffer.from('zephyr'))).toBe(false);

      const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]);
      const refused = await report(teacher, {
        ...pupilReport(),
        evidence: [{ name: 'x.exe', contentBase64: exe.toString('base64') }],
      });
      expect(refused.json().error.code).toBe('EvidenceTypeNotAllowed');
      const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
      const tooBig = await report(teacher, {
        ...pupilReport(),
        evidence: [{ name: 'big.txt', contentBase64: big.toString('base64') }],
      });
      expect(tooBig.json().error.code).toBe('EvidenceTooLarge');
    });

    it('delivers the alert after a restart: the report commits its alert jobs, a new worker sends them', async () => {
      const smtp = await startTestSmtp();
      // A second app on the same database, closed straight after accepting the report: no worker ever ran.
      const app = await buildAppWith(testConfig, {
        db: t.testDb.db,
        dbEngine: engine,
        logger,
        clock: t.clock,
      });
      await app.ready();
      const response = await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: teacher.headers,
        payload: pupilReport(),
      });
      expect(response.statusCode).toBe(201);
      await app.close();
      const worker = await startWorker({
        db: t.testDb.db,
        clock: t.clock,
        logger,
        handlers: emailJobHandlers({ smtpUrl: smtp.url, mailFrom: 'Guardpost <guardpost@larkspur.example>' }),
        pollIntervalMs: 20,
      });
      try {
        for (let i = 0; i < 200 && smtp.to(dsl.actor.email).length === 0; i++)
          await new Promise((resolve) => setTimeout(resolve, 25));
      } finally {
        await worker.stop();
        await smtp.close();
      }
      const alert = smtp.to(dsl.actor.email)[0];
      expect(alert).toBeDefined();
      expect(alert?.raw).not.toMatch(/Quillon|zephyr|Instagram|Tamsin/);
    });

    it('opens a transfer task due in 5 school days when a pupil with concerns leaves, and records sending and receipt', async () => {
      await t.testDb.db
        .updateTable('pupils')
        .set({ status: 'left', left_on: '2026-11-27' })
        .where('id', '=', pupilId)
        .execute();
      const handlers = concernJobHandlers(loadKeyring(testConfig));
      await enqueueJob(t.testDb.db, 'concerns.transfer_scan', t.clock.now());
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'transfers' });
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'transfers' });
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/concerns/transfers',
        headers: deputy.headers,
      });
      expect(list.json().transfers).toEqual([
        expect.objectContaining({
          pupilId,
          pupilName: 'Tamsin Orvell',
          leftOn: '2026-11-27',
          dueOn: '2026-12-04',
          status: 'pending',
        }),
      ]);
      const id = list.json().transfers[0].id;
      const receivedFirst = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/transfers/${id}/received`,
        headers: dsl.headers,
        payload: { from: 'Hollybrook School DSL' },
      });
      expect(receivedFirst.json().error.code).toBe('TransferNotSent');
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/transfers/${id}/sent`,
        headers: dsl.headers,
        payload: { destination: 'Hollybrook School', method: 'Secure transfer portal' },
      });
      expect(sent.statusCode).toBe(204);
      const received = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/transfers/${id}/received`,
        headers: dsl.headers,
        payload: { from: 'Hollybrook School DSL' },
      });
      expect(received.statusCode).toBe(204);
      const after = await t.app.inject({
        method: 'GET',
        url: '/api/concerns/transfers',
        headers: dsl.headers,
      });
      expect(after.json().transfers[0]).toMatchObject({
        status: 'received',
        receiptFrom: 'Hollybrook School DSL',
      });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/concerns/transfers', headers: teacher.headers }))
          .statusCode,
      ).toBe(403);
      // A transfer task means the pupil has a safeguarding file: a head who sees staff conduct only must not
      // learn that from the list, nor act on one.
      const asHead = await t.app.inject({
        method: 'GET',
        url: '/api/concerns/transfers',
        headers: head.headers,
      });
      expect(asHead.statusCode).toBe(403);
      expect(asHead.body).not.toContain(pupilId);
      const headSends = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/transfers/${id}/sent`,
        headers: head.headers,
        payload: { destination: 'Hollybrook School', method: 'Secure transfer portal' },
      });
      expect(headSends.statusCode).toBe(403);
    });

    it('never writes concern text to the logs', async () => {
      const lines: string[] = [];
      const capture = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });
      const app = await buildAppWith(testConfig, {
        db: t.testDb.db,
        dbEngine: engine,
        logger: createLogger('trace', capture),
        clock: t.clock,
      });
      await app.ready();
      const created = await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: teacher.headers,
        payload: pupilReport(),
      });
      const { id } = created.json() as { id: string };
      await app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: dsl.headers });
      await app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/entries`,
        headers: dsl.headers,
        payload: { text: NARRATIVE },
      });
      await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: teacher.headers,
        payload: { ...pupilReport(), urgency: 'soon' },
      });
      await runDueJobs({
        db: t.testDb.db,
        clock: t.clock,
        logger: createLogger('trace', capture),
        handlers: concernJobHandlers(loadKeyring(testConfig)),
        workerId: 'log',
      });
      await app.close();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('')).not.toMatch(/Quillon|zephyr/);
    });

    // These two move the clock on by more than half an hour: they run last, while the sessions are fresh.
    it('lets the headteacher acknowledge an alert escalated to them', async () => {
      const { id } = (await report(teacher, pupilReport())).json() as { id: string };
      const handlers = concernJobHandlers(loadKeyring(testConfig));
      t.clock.advance(16 * 60_000);
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'ack' });
      const acked = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/alert/acknowledge`,
        headers: head.headers,
        payload: {},
      });
      expect(acked.json()).toMatchObject({ status: 'open', canRead: false });
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/alert/acknowledge`,
        headers: head.headers,
        payload: {},
      });
      expect(again.json().error.code).toBe('ConcernAlreadyAcknowledged');
      // A member of staff who was never alerted cannot use the alert routes at all.
      const stranger = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${id}/alert`,
        headers: teacher.headers,
      });
      expect(stranger.statusCode).toBe(403);
    });

    it('shows an urgent child-protection concern escalated to the headteacher without its content, and lets them hand it on', async () => {
      const { id } = (await report(teacher, pupilReport())).json() as { id: string };
      const as = (who: TestSignIn, method: 'GET' | 'POST', url: string, payload?: object) =>
        t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
      // Before the escalation the head has no business with it.
      expect((await as(head, 'GET', `/api/concerns/${id}/alert`)).statusCode).toBe(404);
      const urgentBefore = (await as(head, 'GET', '/api/concerns/urgent')).json().concerns;
      expect(urgentBefore.map((c: { id: string }) => c.id)).not.toContain(id);
      // The DSL and deputy see it in the banner list straight away.
      const forDsl = (await as(dsl, 'GET', '/api/concerns/urgent')).json().concerns;
      expect(forDsl.map((c: { id: string }) => c.id)).toContain(id);
      expect((await as(teacher, 'GET', '/api/concerns/urgent')).json()).toEqual({ concerns: [] });

      const handlers = concernJobHandlers(loadKeyring(testConfig));
      t.clock.advance(16 * 60_000);
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'head' });

      const dashboard = (await as(head, 'GET', '/api/concerns')).json().concerns;
      const row = dashboard.find((c: { id: string }) => c.id === id);
      expect(row).toMatchObject({
        canRead: false,
        acknowledgedAt: null,
        urgency: 'urgent',
        escalationLevel: 1,
      });
      expect(
        (await as(head, 'GET', '/api/concerns/urgent')).json().concerns.map((c: { id: string }) => c.id),
      ).toContain(id);
      // Still no content for the head: the full view stays "not found".
      expect((await as(head, 'GET', `/api/concerns/${id}`)).statusCode).toBe(404);
      const alert = await as(head, 'GET', `/api/concerns/${id}/alert`);
      expect(alert.statusCode).toBe(200);
      expect(alert.json()).toMatchObject({ canRead: false, urgency: 'urgent' });
      expect(JSON.stringify(alert.json())).not.toMatch(/Quillon|zephyr|Tamsin/);
      const readers = alert.json().readers as { staffId: string; email: string; role: string }[];
      expect(readers.map((r) => r.staffId).sort()).toEqual([dsl.actor.staffId, deputy.actor.staffId].sort());
      expect(readers.every((r) => r.email.includes('@'))).toBe(true);

      // Handing on to someone who may not read it is refused; to the deputy it works and tells them.
      const refused = await as(head, 'POST', `/api/concerns/${id}/alert/hand-on`, {
        staffId: teacher.actor.staffId,
      });
      expect(refused.json().error.code).toBe('AssigneeCannotSeeConcern');
      const handed = await as(head, 'POST', `/api/concerns/${id}/alert/hand-on`, {
        staffId: deputy.actor.staffId,
      });
      expect(handed.statusCode).toBe(200);
      expect(handed.json()).toMatchObject({ assignedStaffId: deputy.actor.staffId, status: 'open' });
      expect(handed.json().acknowledgedAt).not.toBeNull();
      const told = await t.testDb.db
        .selectFrom('notifications')
        .select(['kind', 'link', 'title'])
        .where('staff_id', '=', deputy.actor.staffId)
        .where('kind', '=', 'concern.handed_on')
        .execute();
      expect(told).toEqual([
        {
          kind: 'concern.handed_on',
          link: linkTo('concern', { id }),
          title: expect.stringMatching(/^Urgent/),
        },
      ]);
      expect(
        (await as(head, 'GET', '/api/concerns/urgent')).json().concerns.map((c: { id: string }) => c.id),
      ).not.toContain(id);
      const chronology = (await as(dsl, 'GET', `/api/concerns/${id}`)).json().chronology;
      expect(chronology.map((e: { kind: string }) => e.kind)).toEqual([
        'reported',
        'escalated',
        'acknowledged',
        'assigned',
      ]);
      const audited = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('subject_id', '=', id)
        .execute();
      expect(audited.map((a) => a.type)).toEqual(
        expect.arrayContaining(['concern.viewed', 'concern.acknowledged', 'concern.assigned']),
      );
      // The next level (the chair) is not alerted once someone has it.
      t.clock.advance(16 * 60_000);
      await runDueJobs({ db: t.testDb.db, clock: t.clock, logger, handlers, workerId: 'head' });
      expect(
        (
          await t.testDb.db
            .selectFrom('concerns')
            .select('escalation_level')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).escalation_level,
      ).toBe(1);
    });
  });
}
