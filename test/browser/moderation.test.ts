import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDueFeeds } from '../../src/moderation/moderation-ingest.js';
import { loadKeyring } from '../../src/platform/crypto/keyring.js';
import {
  type BrowserHarness,
  desktop,
  expectNoSeriousAxeViolations,
  expectNoSidewaysScroll,
  heading,
  phone,
  shoot,
  signIn,
  startBrowserHarness,
} from './harness.js';

/**
 * The comment moderation queue in Chromium. The demo school's connected demo account is read through the
 * ordinary ingest (as the worker's scan does a minute after start); SMT hides a comment with a phone number
 * on desktop, the headteacher follows SMT's report of it to that one comment, a manager reads the queue on a
 * phone, and the DSL reads a possible disclosure's words and files it as a concern. axe-core and a 375 px
 * check on each.
 */
describe.skipIf(!process.env.CHROMIUM_PATH)('comment moderation in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'moderation' });
    const app = harness.server.app;
    const results = await readDueFeeds({
      db: harness.server.db,
      keyring: loadKeyring(app.config),
      now: new Date(),
      checkContexts: app.checkContexts,
      connections: app.moderationConnections,
    });
    // The worker may have read the feed first; either way the demo comments are in the queue once.
    const queued = await harness.server.db
      .selectFrom('moderation_items')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(queued.n) + results.length * 0).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('SMT sees the demo queue with findings and clauses, and hides a comment on desktop', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'smt@take1studios.example');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Comment moderation' })
      .click();
    await expect.poll(() => heading(page)).toBe('Comment moderation');
    const phoneComment = page.getByRole('article').filter({ hasText: '07700 900461' });
    await expect.poll(() => phoneComment.count()).toBe(1);
    expect(await phoneComment.textContent()).toMatch(/Demo/);
    expect(await phoneComment.textContent()).toMatch(/Clause 2\.4/);
    // The demo platform cannot delete another person's reply: the button is not offered.
    expect(await phoneComment.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    const disclosure = page.getByRole('article').filter({ hasText: 'A child may be disclosing harm' });
    expect(await disclosure.count()).toBe(2);
    expect(await disclosure.first().textContent()).toMatch(/sealed for the DSL/);
    await expectNoSeriousAxeViolations(page, 'moderation queue');
    await shoot(page, 'moderation-desktop');

    await phoneComment.getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'reported to SMT' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('article').filter({ hasText: '07700 900461' }).count()).toBe(0);
    await context.close();
  });

  it('a manager reads the queue on a phone without sideways scrolling', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signIn(page, harness, 'manager@take1studios.example');
    await page.goto('/moderation');
    await expect.poll(() => heading(page)).toBe('Comment moderation');
    await expect.poll(() => page.getByRole('article').filter({ hasText: 'stupid cow' }).count()).toBe(1);
    await expectNoSidewaysScroll(page, 'moderation queue on a phone');
    await expectNoSeriousAxeViolations(page, 'moderation queue on a phone');
    await shoot(page, 'moderation-phone');

    // Filters, kept in the address: one clause (among those of the comments shown), then blocked only; each
    // leaves at most what was there.
    const all = await page.getByRole('article').count();
    const clause = await page.getByLabel('Clause').locator('option').nth(1).getAttribute('value');
    await page.getByLabel('Clause').selectOption(clause ?? '');
    await expect.poll(() => new URL(page.url()).searchParams.get('clause')).toBe(clause);
    await expect
      .poll(async () => {
        const n = await page.getByRole('article').count();
        return n > 0 && n <= all;
      })
      .toBe(true);
    const ofClause = await page.getByRole('article').count();
    await page.getByLabel('Verdict').selectOption('block');
    await expect.poll(() => new URL(page.url()).searchParams.get('verdict')).toBe('block');
    await expect.poll(() => page.getByText('Review', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('article').count()).toBeLessThanOrEqual(ofClause);
    await page.getByLabel('Verdict').selectOption('');
    await page.getByLabel('Clause').selectOption('');
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await page.getByLabel('Account').selectOption({ index: 1 });
    await expect.poll(() => new URL(page.url()).searchParams.has('account')).toBe(true);
    await expect.poll(() => page.getByRole('article').count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page, 'filtered moderation queue on a phone');
    await expectNoSeriousAxeViolations(page, 'filtered moderation queue on a phone');
    await context.close();
  });

  it('the headteacher follows the report of the hide to that one comment, on a phone', async () => {
    const head = await harness.server.db
      .selectFrom('notifications')
      .innerJoin('staff', 'staff.id', 'notifications.staff_id')
      .select('notifications.link')
      .where('staff.email', '=', 'head@take1studios.example')
      .where('notifications.kind', '=', 'moderation.action_reported')
      .where('notifications.body', 'like', '%07700 900461%')
      .executeTakeFirstOrThrow();
    expect(head.link).toMatch(/^\/moderation\?item=[0-9a-f-]{36}$/);
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signIn(page, harness, 'head@take1studios.example');
    await page.goto(head.link ?? '');
    await expect.poll(() => heading(page)).toBe('Comment moderation');
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    const comment = page.getByRole('article');
    expect(await comment.textContent()).toMatch(/07700 900461/);
    expect(await comment.textContent()).toMatch(/Actioned/);
    await expectNoSidewaysScroll(page, 'one reported comment on a phone');
    await expectNoSeriousAxeViolations(page, 'one reported comment on a phone');
    await page.getByRole('link', { name: 'Show the whole queue' }).click();
    await expect.poll(() => page.getByRole('article').count()).toBeGreaterThan(1);
    await context.close();
  });

  it('the DSL reads a possible disclosure and files it as a concern', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'dsl@take1studios.example');
    await page.goto('/moderation');
    const item = page.getByRole('article').filter({ hasText: 'stepdad' });
    await expect.poll(() => item.count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'moderation queue for the DSL');
    await item.getByRole('button', { name: 'File as an urgent safeguarding concern' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Filed as safeguarding concern C-/ })
          .count(),
      )
      .toBe(1);
    await context.close();
  });
});
