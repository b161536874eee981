import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { DemoConnector } from '../connectors/demo.js';
import { buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { escalateOverdueItems } from './escalate-overdue-items.js';
import { fileDisclosureConcern } from './file-disclosure-concern.js';
import { listModerationItems } from './list-moderation-items.js';
import { takeActionIn } from './moderation-actions.js';
import { moderationConnections } from './moderation-connections.js';
import type { ModerationContext } from './moderation-context.js';
import { moderationFigures } from './moderation-figures.js';
import { connectFeed, readFeed } from './moderation-ingest.js';
import { updateModerationSettings } from './update-moderation-settings.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected an AppError');
}

// A Tuesday morning in term, London time: someone is watching the queue.
const tuesday = new Date('2026-12-01T10:00:00Z');
// A Saturday evening: nobody is.
const saturday = new Date('2026-12-05T21:00:00Z');

for (const engine of testEngines()) {
  describe(`comment moderation on ${engine}`, () => {
    let t: TestDb;
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let dsl: TestSignIn;
    let accountId: string;
    const keyring = createKeyring(generateMasterKey());
    const demo = new DemoConnector({ now: () => tuesday });
    const connections = moderationConnections(demo);
    const checkContexts = new CheckContextCache();
    const ctx = (now = tuesday): ModerationContext => ({
      db: t.db,
      keyring,
      now,
      checkContexts,
      connections,
    });

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, tuesday);
      dsl = await signInAs(t.db, { schoolId: school.schoolId, roles: ['dsl'], now: tuesday });
      accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'bluesky',
        handle: 'news.connector.example',
      });
      await connectFeed(ctx(), school.smt.actor, { schoolId: school.schoolId, accountId, platform: 'demo' });
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('reads the feed, checks every comment and queues those that need a person, once', async () => {
      const first = await readFeed(ctx(), accountId);
      expect(first).toMatchObject({ outcome: 'read', checked: 10, hidden: 0 });
      const items = await listModerationItems(ctx(), school.smt.actor, school.schoolId, { limit: 100 });
      expect(items.length).toBe(first.queued);
      const rules = items.flatMap((i) => i.findings.map((f) => f.rule));
      expect(rules).toEqual(
        expect.arrayContaining(['pii.phone', 'language.abuse', 'link.shortener', 'safeguarding.disclosure']),
      );
      const abuse = items.find((i) => i.findings.some((f) => f.rule === 'language.abuse'));
      expect(abuse).toMatchObject({ verdict: 'block', state: 'open', demo: true, clauses: ['2.3'] });
      expect(abuse?.actions).toEqual(['hide', 'report', 'block', 'limit_replies', 'dismiss']);
      expect(abuse?.sha256).toMatch(/^[0-9a-f]{64}$/);

      // Read again from the start: the same comments are not queued twice.
      await t.db
        .updateTable('moderation_feeds')
        .set({ cursor: null })
        .where('account_id', '=', accountId)
        .execute();
      const again = await readFeed(ctx(), accountId);
      expect(again).toMatchObject({ checked: 10, queued: 0 });
      const count = await t.db
        .selectFrom('moderation_items')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(first.queued);
    });

    it('keeps a possible disclosure sealed, never hides it, and lets the DSL file it as a concern', async () => {
      const forSmt = await listModerationItems(ctx(), school.smt.actor, school.schoolId, { limit: 100 });
      const disclosures = forSmt.filter((i) => i.disclosure);
      expect(disclosures.length).toBe(2);
      for (const d of disclosures) {
        expect(d.text).toBeNull();
        expect(d.state).toBe('open');
        expect(d.concernDraft).toBe('draft');
      }
      const sealed = await t.db
        .selectFrom('moderation_snapshots')
        .select(['content', 'sealed_content'])
        .where('item_id', '=', disclosures[0]?.id as string)
        .executeTakeFirstOrThrow();
      expect(sealed.content).toBeNull();
      expect(Buffer.from(sealed.sealed_content as Buffer).toString('utf8')).not.toContain('stepdad');
      const note = await t.db
        .selectFrom('notifications')
        .select('kind')
        .where('staff_id', '=', dsl.actor.staffId)
        .where('kind', '=', 'moderation.disclosure')
        .execute();
      // One notification for the page read, naming how many drafts wait.
      expect(note.length).toBe(1);

      const forDsl = await listModerationItems(ctx(), dsl.actor, school.schoolId, { limit: 100 });
      const withWords = forDsl.find((i) => i.id === disclosures[0]?.id);
      expect(withWords?.text).toMatch(/stepdad|picking on me/);
      expect(
        await codeOf(
          fileDisclosureConcern(ctx(), school.smt.actor, withWords?.id as string, { urgency: 'urgent' }),
        ),
      ).toBe('DisclosureForbidden');
      const filed = await fileDisclosureConcern(ctx(), dsl.actor, withWords?.id as string, {
        urgency: 'urgent',
      });
      expect(filed.reference).toMatch(/^C-/);
      const concern = await t.db
        .selectFrom('concerns')
        .select('type')
        .where('id', '=', filed.concernId)
        .executeTakeFirstOrThrow();
      expect(concern.type).toBe('other_online_safety');
    });

    it('hides through the connector after the snapshot, reports it to SMT in-app and by email, and offers only what the platform allows', async () => {
      const items = await listModerationItems(ctx(), school.smt.actor, school.schoolId, {
        verdict: 'block',
        limit: 100,
      });
      const phone = items.find((i) => i.findings.some((f) => f.rule === 'pii.phone'));
      if (!phone) throw new Error('no phone item');
      expect(await codeOf(takeActionIn(ctx(), school.smt.actor, phone.id, { action: 'delete' }))).toBe(
        'ModerationActionNotAvailable',
      );
      expect(await codeOf(takeActionIn(ctx(), school.colleague.actor, phone.id, { action: 'hide' }))).toBe(
        'ModerationForbidden',
      );
      const done = await takeActionIn(ctx(), school.smt.actor, phone.id, {
        action: 'hide',
        reason: 'A phone number',
      });
      expect(done).toMatchObject({ outcome: 'done', state: 'actioned' });
      expect(demo.stateOf(accountId).hidden.has('demo-comment-1')).toBe(true);
      const mail = await t.db
        .selectFrom('email_outbox')
        .select(['to_address', 'text_body'])
        .where('subject', 'like', '%moderated%')
        .execute();
      expect(mail.map((m) => m.to_address)).toContain(school.smt.actor.email);
      expect(mail[0]?.text_body).toContain('07700 900461');
      // The snapshot cannot be changed afterwards.
      await expect(
        sql`update moderation_snapshots set sha256 = 'x' where item_id = ${phone.id}`.execute(t.db),
      ).rejects.toThrow(/immutable/);
      expect(
        await codeOf(takeActionIn(ctx(), school.smt.actor, phone.id, { action: 'dismiss', reason: 'fine' })),
      ).toBe('ModerationActionNotAvailable');
    });

    it('handles the platform: 429 waits, a comment gone closes the item, a revoked token fails the feed', async () => {
      const items = await listModerationItems(ctx(), school.smt.actor, school.schoolId, {
        state: 'open',
        limit: 100,
      });
      // The shortened link (review): the blocked one stays open for the SLA test below.
      const open = items.filter((i) => i.findings.some((f) => f.rule === 'link.shortener'));
      demo.failNext('reportAuthor', 'rate_limited', { retryAfterSeconds: 120 });
      expect(
        await codeOf(takeActionIn(ctx(), school.smt.actor, open[0]?.id as string, { action: 'report' })),
      ).toBe('PlatformRateLimited');
      demo.failNext('hideComment', 'not_found', { status: 404 });
      const gone = await takeActionIn(ctx(), school.smt.actor, open[0]?.id as string, { action: 'hide' });
      expect(gone).toMatchObject({ outcome: 'removed_on_platform', state: 'removed_on_platform' });

      demo.failNext('fetchComments', 'rate_limited', { retryAfterSeconds: 300 });
      expect((await readFeed(ctx(), accountId)).outcome).toBe('rate_limited');
      const feed = await t.db
        .selectFrom('moderation_feeds')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(feed.next_read_at.getTime()).toBe(tuesday.getTime() + 300_000);

      demo.failNext('fetchComments', 'token_revoked', { status: 401 });
      expect((await readFeed(ctx(), accountId)).outcome).toBe('failed');
      const told = await t.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('kind', '=', 'moderation.connection_failed')
        .execute();
      expect(told.map((n) => n.staff_id).sort()).toEqual(
        [school.owner.actor.staffId, school.smt.actor.staffId].sort(),
      );
      await t.db
        .updateTable('moderation_feeds')
        .set({ status: 'active', failure: null })
        .where('account_id', '=', accountId)
        .execute();
    });

    it('escalates a blocked comment nobody acted on, and hides out of hours when the school allows it', async () => {
      const open = await listModerationItems(ctx(), school.smt.actor, school.schoolId, {
        state: 'open',
        verdict: 'block',
        limit: 100,
      });
      const waiting = open.find((i) => !i.disclosure);
      // Not due after 59 working minutes; due after 61, escalated once, never twice.
      const at = (minutes: number) => new Date(tuesday.getTime() + minutes * 60_000);
      const scan = (minutes: number) =>
        t.db.transaction().execute((tx) => escalateOverdueItems(tx, at(minutes)));
      expect((await scan(59)).escalated).toBe(0);
      expect((await scan(61)).escalated).toBe(1);
      expect((await scan(120)).escalated).toBe(0);
      const item = await t.db
        .selectFrom('moderation_items')
        .select('escalated_at')
        .where('id', '=', waiting?.id as string)
        .executeTakeFirstOrThrow();
      expect(item.escalated_at).not.toBeNull();

      await updateModerationSettings(ctx(), school.smt.actor, school.schoolId, {
        readEveryMinutes: 2,
        slaWorkingMinutes: 30,
        outOfHoursHide: true,
      });
      const other = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'bluesky',
        handle: 'sport.connector.example',
      });
      await connectFeed(ctx(saturday), school.smt.actor, {
        schoolId: school.schoolId,
        accountId: other,
        platform: 'demo',
      });
      const read = await readFeed(ctx(saturday), other);
      expect(read.hidden).toBe(2);
      const pending = await listModerationItems(ctx(), school.smt.actor, school.schoolId, {
        accountId: other,
        state: 'hidden_pending_confirmation',
        limit: 100,
      });
      expect(pending.length).toBe(2);
      expect(pending[0]?.actions).toEqual(expect.arrayContaining(['unhide', 'confirm']));
      const undone = await takeActionIn(ctx(), school.smt.actor, pending[0]?.id as string, {
        action: 'unhide',
      });
      expect(undone.state).toBe('open');
    });

    it('gives the figures: checked, actions, by clause, median and p90 time to action', async () => {
      const figures = await moderationFigures(t.db, school.smt.actor, school.schoolId, {
        from: '2026-12-01',
        to: '2026-12-06',
      });
      expect(figures.checked).toBe(30);
      expect(figures.hidden).toBeGreaterThanOrEqual(3);
      expect(figures.byClause.map((c) => c.clause)).toEqual(
        expect.arrayContaining(['1.3', '2.3', '2.4', '2.5']),
      );
      expect(figures.minutesToAction.median).not.toBeNull();
      expect(await verifyAuditChain(t.db, school.schoolId)).toMatchObject({ ok: true });
    });
  });
}
