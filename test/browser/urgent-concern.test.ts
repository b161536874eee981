import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concernJobHandlers } from '../../src/concerns/concerns.jobs.js';
import { openTransferTasks } from '../../src/concerns/open-transfer-tasks.js';
import { fixedClock } from '../../src/platform/clock.js';
import { loadKeyring } from '../../src/platform/crypto/keyring.js';
import { runDueJobs } from '../../src/platform/jobs/worker.js';
import { createLogger } from '../../src/platform/logger.js';
import { type AppRoute, appRoutes, linkTo, notificationRoutes } from '../../src/shared/links.js';
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
 * The urgent path end to end in Chromium: a member of staff reports an urgent concern; the DSL sees it
 * first, above every page, and first on the dashboard; nobody acknowledges; the escalation job runs (the
 * test runs the due jobs with a clock 16 minutes on); the headteacher, who may not read a child-protection
 * concern, opens it from the notification, sees who can and how to reach them, and hands it on to the
 * deputy, who opens it from their own notification. Every kind of notification link is opened too, and
 * none lands on "Page not found". Desktop and 375 px, axe-core on each page.
 */

const whatHappened =
  'A pupil posted that they would hurt themselves tonight, and tagged my personal account.';

describe.skipIf(!process.env.CHROMIUM_PATH)('the urgent concern path in Chromium', () => {
  let harness: BrowserHarness;
  let reference = '';
  let concernId = '';
  const signInAs = (page: Page, email: string) => signIn(page, harness, email);
  const bannerOf = (page: Page) => page.locator('main section.urgent-banner');

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'urgent-concern' });
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('a member of staff reports an urgent concern', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signInAs(page, 'staff@take1studios.example');
    await page.goto('/concerns/report');
    await expect.poll(() => heading(page)).toBe('Report a concern');
    await page.getByLabel(/Another online safety concern/).check();
    await page.getByLabel('Where did it happen?').fill('TikTok');
    await page.getByLabel('What happened?').fill(whatHappened);
    await page.getByLabel('Urgent').check();
    await page.getByRole('button', { name: 'Send to the DSL' }).click();
    await expect.poll(() => heading(page)).toBe('Concern sent');
    reference = (await page.locator('#receipt-reference').textContent()) ?? '';
    expect(reference).toMatch(/^C-\d{4}-[A-Z0-9]{6}$/);
    // The member of staff is not a lead: no urgent banner for them.
    expect(await bannerOf(page).count()).toBe(0);
    await context.close();
  });

  it('the DSL sees it first, above the overview, and first on the dashboard', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signInAs(page, 'dsl@take1studios.example');
    await expect.poll(() => heading(page)).not.toBe('');
    const banner = bannerOf(page);
    await expect.poll(() => banner.textContent()).toContain(`Open urgent concern ${reference}`);
    // First in the main content: above the page's own heading.
    expect(await page.locator('main > *').first().getAttribute('class')).toBe('urgent-banner');
    const [bannerBox, headingBox] = [await banner.boundingBox(), await page.locator('h1').boundingBox()];
    expect(bannerBox?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(headingBox?.y ?? 0);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'overview with the urgent banner');
    await shoot(page, 'urgent-overview-dsl-desktop');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Safeguarding concerns' })
      .click();
    await expect.poll(() => heading(page)).toBe('Safeguarding concerns');
    // Still above this page too, and the concern heads the waiting list.
    await expect.poll(() => banner.textContent()).toContain(reference);
    const firstWaiting = page.locator('#waiting tbody tr').first();
    await expect.poll(() => firstWaiting.textContent()).toContain(reference);
    expect(await firstWaiting.textContent()).toContain('Urgent');
    concernId =
      ((await firstWaiting.getByRole('link').first().getAttribute('href')) ?? '').split('/').pop() ?? '';
    expect(`/safeguarding/concerns/${concernId}`).toBe(linkTo('concern', { id: concernId }));

    await page.setViewportSize(phone);
    await page.waitForLoadState('networkidle');
    await expectNoSidewaysScroll(page, 'dashboard with the urgent banner at 375 px');
    await expectNoSeriousAxeViolations(page, 'dashboard with the urgent banner at 375 px');
    await shoot(page, 'urgent-dashboard-dsl-375');
    await context.close();
  });

  it('the deputy opens it from the notification, and the urgent one is titled apart', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signInAs(page, 'deputy.dsl@take1studios.example');
    await page.goto('/notifications');
    await expect.poll(() => heading(page)).toBe('Notifications');
    const urgent = page.locator('.notification').filter({ hasText: 'URGENT safeguarding concern' }).first();
    await expect.poll(() => urgent.textContent()).toContain('acknowledge it now');
    await page.waitForLoadState('networkidle');
    await expectNoSidewaysScroll(page, 'notifications at 375 px');
    await expectNoSeriousAxeViolations(page, 'notifications at 375 px');
    await urgent.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => heading(page)).toBe(`Concern ${reference}`);
    expect(await page.locator('main').textContent()).toContain(whatHappened);
    await shoot(page, 'urgent-concern-deputy-375');
    await context.close();
  });

  it('nobody acknowledges: the escalation job alerts the headteacher', async () => {
    const app = harness.server.app;
    const later = fixedClock(new Date(Date.now() + 16 * 60_000));
    await runDueJobs({
      db: harness.server.db,
      clock: later,
      logger: createLogger('silent'),
      handlers: concernJobHandlers(loadKeyring(app.config)),
      workerId: 'urgent-path-test',
    });
    const row = await harness.server.db
      .selectFrom('concerns')
      .select(['escalation_level', 'acknowledged_at'])
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ escalation_level: 1, acknowledged_at: null });
  });

  it('the headteacher opens it from the notification, sees who can read it, and hands it on', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signInAs(page, 'head@take1studios.example');
    await expect.poll(() => bannerOf(page).textContent()).toContain(reference);
    expect(await bannerOf(page).textContent()).toMatch(/escalated because nobody acknowledged it/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await expect.poll(() => heading(page)).toBe('Notifications');
    const escalated = page
      .locator('.notification')
      .filter({ hasText: 'URGENT safeguarding concern escalated to you' })
      .first();
    await escalated.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => heading(page)).toBe(`Concern ${reference}`);
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('You may not read this concern');
    expect(await main.textContent()).toContain('This concern was escalated to you');
    // Who can read it, with their address; and none of the content.
    const readers = page.locator('#readers');
    expect(await readers.textContent()).toContain("Grace O'Connor");
    expect(await readers.textContent()).toContain('Kwame Mensah');
    expect(
      await readers.getByRole('link', { name: 'dsl@take1studios.example', exact: true }).getAttribute('href'),
    ).toBe('mailto:dsl@take1studios.example');
    expect(await main.textContent()).not.toContain('hurt themselves');
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'escalated concern for the head');
    await shoot(page, 'urgent-escalated-head-desktop');

    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, 'escalated concern for the head at 375 px');
    await expectNoSeriousAxeViolations(page, 'escalated concern for the head at 375 px');
    await shoot(page, 'urgent-escalated-head-375');
    await page.getByLabel('Hand it on to').selectOption({ label: 'Kwame Mensah (Deputy DSL)' });
    await page.getByRole('button', { name: 'Hand on' }).click();
    await expect.poll(() => page.locator('#act').textContent()).toContain('Handed on to Kwame Mensah');
    expect(await page.locator('#act').textContent()).toContain('Acknowledged on');
    await expectNoSeriousAxeViolations(page, 'after handing on at 375 px');

    // Acknowledged: the banner goes at once, on this page (the step invalidates the urgent list's key) …
    await expect.poll(() => bannerOf(page).count()).toBe(0);
    // … and stays gone on the next.
    await page.goto('/');
    await expect.poll(() => heading(page)).not.toBe('');
    await page.waitForLoadState('networkidle');
    expect(await bannerOf(page).count()).toBe(0);
    await context.close();
  });

  it('the deputy it was handed to opens it from that notification and reads it', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signInAs(page, 'deputy.dsl@take1studios.example');
    await page.goto('/notifications');
    const handed = page.locator('.notification').filter({ hasText: 'has been handed to you' }).first();
    await handed.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => heading(page)).toBe(`Concern ${reference}`);
    await expect
      .poll(() => page.locator('.concern-chronology').textContent())
      .toMatch(/handed on to Kwame Mensah/);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'handed-on concern for the deputy');

    // Closing while an action is still open warns, and asks why it should close anyway.
    const decision = page.locator('#decision');
    await decision.getByLabel('Decision').selectOption('monitor');
    await decision.getByLabel(/Reasons/).fill('Spoke to the pupil and carers; a safety plan is in place.');
    await decision.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => page.locator('.concern-chronology').textContent()).toMatch(/Monitor/);
    const action = page.locator('#add-action');
    await action.getByLabel('Action').fill('Check in with the pupil next week');
    await action.getByLabel('Owner').selectOption({ label: 'Kwame Mensah' });
    await action.getByLabel('Due on').fill('2099-01-31');
    await action.getByRole('button', { name: 'Add the action' }).click();
    const close = page.locator('section[aria-labelledby="close-heading"]');
    await expect.poll(() => close.textContent()).toContain('1 action is still open.');
    await close.getByLabel('Outcome').fill('Safety plan agreed');
    await close.getByLabel('Reasons for closing').fill('Carers engaged; school nurse involved.');
    await close.getByLabel('Why close it with this work open?').fill('The check-in is on the pastoral plan.');
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'close form with its warning');
    await shoot(page, 'concern-close-warning-desktop');
    await close.getByRole('button', { name: 'Close anyway' }).click();
    await expect.poll(() => page.locator('.concern-badges').textContent()).toContain('Closed');
    const chronology = (await page.locator('.concern-chronology').textContent()) ?? '';
    expect(chronology).toContain('Closed with work still open');
    expect(chronology).toContain('The check-in is on the pastoral plan.');
    await context.close();
  });

  it('every kind of notification link opens a page of the app for its recipient', async () => {
    const recipients: Partial<Record<AppRoute, string>> = {
      concern: 'deputy.dsl@take1studios.example',
      concernTransfers: 'dsl@take1studios.example',
    };
    const routes = [...new Set(Object.values(notificationRoutes))] as AppRoute[];
    const byEmail = new Map<string, AppRoute[]>();
    for (const route of routes) {
      const email = recipients[route] ?? 'head@take1studios.example';
      byEmail.set(email, [...(byEmail.get(email) ?? []), route]);
    }
    for (const [email, list] of byEmail) {
      const context = await harness.newContext(desktop);
      const page = await context.newPage();
      await signInAs(page, email);
      for (const route of list) {
        // A page of one record (a post, an account, a handover) opens for an id of none too: it says so.
        const link =
          route === 'concern'
            ? linkTo('concern', { id: concernId })
            : appRoutes[route].includes(':id')
              ? linkTo(route as 'post', { id: randomUUID() })
              : linkTo(route as 'policy' | 'takedowns' | 'concernTransfers');
        await page.goto(link);
        await expect.poll(() => heading(page)).not.toBe('');
        expect(await heading(page), `${link} as ${email}`).not.toBe('Page not found');
        if (route === 'concernTransfers') {
          expect(await heading(page)).toBe('Child protection file transfers');
          await page.waitForLoadState('networkidle');
          await expectNoSeriousAxeViolations(page, 'file transfers');
          await page.setViewportSize(phone);
          await expectNoSidewaysScroll(page, 'file transfers at 375 px');
          await shoot(page, 'concern-transfers-375');
          await page.setViewportSize(desktop);
        }
      }
      await context.close();
    }
  });

  it('the DSL works a leaver’s file transfer on its page: overdue, sent, receipt confirmed', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signInAs(page, 'staff@take1studios.example');
    const found = (await (await page.request.get('/api/people/pupils')).json()) as {
      pupils: { id: string; givenName: string; familyName: string }[];
    };
    const pupil = found.pupils[0];
    if (!pupil) throw new Error('the demo roll has no pupils');
    const { csrfToken } = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
    const reported = await page.request.post('/api/concerns', {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        type: 'other_online_safety',
        platform: 'Snapchat',
        pupils: [{ pupilId: pupil.id, role: 'subject' }],
        whatHappened: 'Shared a worrying story publicly.',
        urgency: 'routine',
      },
    });
    expect(reported.status()).toBe(201);
    // The pupil leaves (as a roster import records it) and the hourly scan opens the transfer task.
    await harness.server.db
      .updateTable('pupils')
      .set({ status: 'left', left_on: '2026-01-05' })
      .where('id', '=', pupil.id)
      .execute();
    expect(await openTransferTasks(harness.server.db, new Date())).toBe(1);
    await context.close();

    const dslContext = await harness.newContext(phone);
    const dsl = await dslContext.newPage();
    await signInAs(dsl, 'dsl@take1studios.example');
    await dsl.goto(linkTo('safeguarding'));
    await dsl.getByRole('link', { name: 'File transfers' }).click();
    await expect.poll(() => heading(dsl)).toBe('Child protection file transfers');
    const name = `${pupil.givenName} ${pupil.familyName}`;
    const overdue = dsl.locator('#transfers-overdue');
    await expect.poll(() => overdue.textContent()).toContain(name);
    expect(await overdue.textContent()).toContain('Overdue');
    await dsl.waitForLoadState('networkidle');
    await expectNoSidewaysScroll(dsl, 'transfers at 375 px');
    await expectNoSeriousAxeViolations(dsl, 'transfers with an overdue file at 375 px');
    await shoot(dsl, 'concern-transfers-overdue-375');
    await overdue.getByLabel(`New school for ${name}`).fill('Harbour View Academy');
    await overdue.getByLabel('Sent how').fill('Secure transfer (S2S)');
    await overdue.getByRole('button', { name: /^Record as sent/ }).click();
    const sent = dsl.locator('#transfers-sent');
    await expect
      .poll(() => sent.textContent())
      .toContain('Sent to Harbour View Academy by Secure transfer (S2S)');
    await sent.getByLabel('Who at Harbour View Academy confirmed receipt').fill('Ms Tern, DSL');
    await sent.getByRole('button', { name: /^Record receipt/ }).click();
    const received = dsl.locator('#transfers-received');
    await expect.poll(() => received.textContent()).toContain('Receipt confirmed by Ms Tern, DSL');
    expect(await dsl.locator('#transfers-overdue').textContent()).toContain('Nothing overdue.');
    await expectNoSeriousAxeViolations(dsl, 'transfers after receipt at 375 px');
    await dslContext.close();
  });
});
