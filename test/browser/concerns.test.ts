import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Safeguarding concerns end to end in Chromium: a member of staff reports from a phone (375 px) with two
 * pupils, each with their own role, and a screenshot; sees the receipt and then only the status. The DSL
 * sees it waiting on the dashboard, acknowledges, records a decision with reasons, corrects a chronology
 * entry, and downloads the PDF; the pupil's chronology exports too. axe-core on every page; screenshots
 * desktop and 375 px in test-results/screenshots. Whoever signs in next in the same tab sees nothing the last
 * person read there (the app keeps no answers across people).
 */

const whatHappened = 'A Year 9 pupil sent me a follow request and a message on my personal Instagram.';
const childWords = 'sir pls dont tell anyone but im scared to go home';

interface Pupil {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
}
const shownName = (p: Pupil) => `${p.preferredName ?? p.givenName} ${p.familyName}`;

describe.skipIf(!process.env.CHROMIUM_PATH)('safeguarding concerns in Chromium', () => {
  let harness: BrowserHarness;
  let baseUrl: string;
  let browser: Browser;
  let reference = '';
  let pupils: Pupil[] = [];
  const signInAs = (page: Page, email: string) => signIn(page, harness, email);

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'concerns' });
    baseUrl = harness.baseUrl;
    browser = harness.browser;
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('a member of staff reports from a phone: two pupils with their own roles, evidence, receipt', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: phone, hasTouch: true });
    const page = await context.newPage();
    await signInAs(page, 'staff@take1studios.example');
    // Two pupils of different families, found the way the picker finds them.
    const found = (await (await page.request.get('/api/people/pupils')).json()) as { pupils: Pupil[] };
    const first = found.pupils[0];
    const second = found.pupils.find((p) => p.familyName !== first?.familyName);
    if (!first || !second) throw new Error('the demo roll has too few pupils');
    pupils = [first, second];

    // "Report a concern" is in every member of staff's navigation, behind the phone's menu button.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Report a concern' })
      .click();
    await expect.poll(() => heading(page)).toBe('Report a concern');
    await page.waitForLoadState('networkidle');
    await expectNoSidewaysScroll(page, 'report form');
    await expectNoSeriousAxeViolations(page, 'report form at 375 px');
    await shoot(page, 'concern-report-375');

    // Sending without the required answers names each one, at the top and by the field.
    await page.getByRole('button', { name: 'Send to the DSL' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Not sent yet/);
    expect(await page.locator('#concern-whatHappened-error').textContent()).toMatch(/Say what happened/);
    await expectNoSeriousAxeViolations(page, 'report form with errors');

    await page.getByLabel(/A pupil contacted me on a personal account/).check();
    await page.getByLabel('Where did it happen?').fill('Instagram');
    for (const pupil of pupils) {
      await page.getByLabel('Find a pupil').fill(pupil.familyName);
      await page
        .getByRole('button', { name: new RegExp(`^Add ${shownName(pupil)}`) })
        .first()
        .click();
    }
    const firstRole = page.getByLabel(`Role of ${shownName(first)}`);
    const secondRole = page.getByLabel(`Role of ${shownName(second)}`);
    await firstRole.selectOption('subject');
    // Each pupil's role is their own: choosing one never fills in the other.
    expect(await secondRole.inputValue()).toBe('');
    await secondRole.selectOption('witness');
    expect(await firstRole.inputValue()).toBe('subject');
    await page.getByLabel('What happened?').fill(whatHappened);
    await page.getByLabel("The child's own words (verbatim)").fill(childWords);
    await page.getByLabel('What have you done already?').fill('Did not reply. Took a screenshot.');
    await page.getByLabel('Urgent').check();
    await page.getByLabel('I have also told the DSL in person').check();

    // A file Guardpost does not keep: the API's error appears by the field, naming the file.
    await page.getByLabel('Screenshots or photos').setInputFiles({
      name: 'export.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0, 1, 2, 3, 0, 255, 0]),
    });
    await page.getByRole('button', { name: 'Send to the DSL' }).click();
    await expect
      .poll(() => page.locator('#concern-evidence-error').textContent())
      .toMatch(/^export\.bin is not a type Guardpost keeps/);
    await expectNoSeriousAxeViolations(page, 'report form with an evidence error');
    await shoot(page, 'concern-report-evidence-error-375');
    await page.getByRole('button', { name: 'Remove export.bin' }).click();
    const screenshot = await sharp({
      create: { width: 60, height: 40, channels: 3, background: { r: 200, g: 30, b: 30 } },
    })
      .png()
      .toBuffer();
    await page.getByLabel('Screenshots or photos').setInputFiles({
      name: 'dm-screenshot.png',
      mimeType: 'image/png',
      buffer: screenshot,
    });
    expect(await page.locator('#concern-evidence-error').count()).toBe(0);
    await shoot(page, 'concern-report-filled-375');
    await page.getByRole('button', { name: 'Send to the DSL' }).click();

    await expect.poll(() => heading(page)).toBe('Concern sent');
    reference = (await page.locator('#receipt-reference').textContent()) ?? '';
    expect(reference).toMatch(/^C-\d{4}-[A-Z0-9]{6}$/);
    const receiptText = (await page.locator('main').textContent()) ?? '';
    expect(receiptText).toMatch(/Designated Safeguarding Lead has been alerted/);
    // The receipt never shows the content back.
    expect(receiptText).not.toContain('scared');
    expect(receiptText).not.toContain(first.familyName);
    await expectNoSidewaysScroll(page, 'receipt');
    await expectNoSeriousAxeViolations(page, 'receipt at 375 px');
    await shoot(page, 'concern-receipt-375');

    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => heading(page)).toBe('My reports');
    const mine = page.getByRole('list', { name: 'My reports' });
    await expect.poll(() => mine.textContent()).toContain(reference);
    expect(await mine.textContent()).toContain('Received, not yet acknowledged');
    await expectNoSeriousAxeViolations(page, 'my reports at 375 px');
    await shoot(page, 'concern-my-reports-375');

    // The dashboard is not theirs: neither in the menu nor by address.
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Safeguarding concerns' })
        .count(),
    ).toBe(0);
    await page.goto('/safeguarding');
    await expect.poll(() => heading(page)).not.toBe('Safeguarding concerns');
    await context.close();
  });

  it('the report form on a desktop', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: desktop });
    const page = await context.newPage();
    await signInAs(page, 'staff@take1studios.example');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Report a concern' })
      .click();
    await expect.poll(() => heading(page)).toBe('Report a concern');
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'report form on desktop');
    await shoot(page, 'concern-report-desktop');
    await page.getByRole('link', { name: 'My reports' }).click();
    await expect.poll(() => heading(page)).toBe('My reports');
    await shoot(page, 'concern-my-reports-desktop');
    await context.close();
  });

  it('the DSL sees it waiting, acknowledges, decides with reasons, corrects an entry and exports the PDF', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: desktop, acceptDownloads: true });
    const page = await context.newPage();
    await signInAs(page, 'dsl@take1studios.example');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Safeguarding concerns' })
      .click();
    await expect.poll(() => heading(page)).toBe('Safeguarding concerns');
    const waiting = page.locator('#waiting');
    await expect.poll(() => waiting.textContent()).toContain(reference);
    // How long it has waited, to the minute.
    expect(await waiting.textContent()).toMatch(/\d+ min/);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'dashboard');
    await shoot(page, 'concern-dashboard-desktop');

    await waiting.getByRole('link', { name: reference }).click();
    await expect.poll(() => heading(page)).toBe(`Concern ${reference}`);
    expect(await page.locator('.concern-verbatim').textContent()).toBe(childWords);
    const summary = (await page.locator('#summary').textContent()) ?? '';
    expect(summary).toContain(shownName(pupils[0] as Pupil));
    expect(summary).toMatch(/Subject/);
    expect(summary).toMatch(/Witness/);
    const evidence = page.getByRole('img', { name: 'Viewing copy of dm-screenshot.png' });
    await evidence.waitFor();
    await expect.poll(() => evidence.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(60);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'concern detail');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.locator('.concern-badges').textContent()).toContain('Open');
    expect(await page.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);

    // Reasons are mandatory: too short is refused by the server, and the form says why.
    const decision = page.locator('#decision');
    await decision.getByLabel('Decision').selectOption('no_referral');
    await decision.getByLabel(/Reasons \(including why you are not referring\)/).fill('ok');
    await decision.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => decision.getByRole('alert').textContent()).toMatch(/write down the reasons/i);
    await decision
      .getByLabel(/Reasons/)
      .fill(
        'Threshold for social care not met: no disclosure of harm at home on follow-up; monitor and early help offered.',
      );
    await decision.getByRole('button', { name: 'Record the decision' }).click();
    const chronology = page.locator('.concern-chronology');
    await expect.poll(() => chronology.textContent()).toMatch(/Decision/);
    await expect.poll(() => chronology.textContent()).toContain('Threshold for social care not met');

    // Assign to the deputy, give them an action with a due date, record a referral with its follow-up.
    await page.locator('#assign').getByLabel('Safeguarding lead').selectOption({ label: 'Kwame Mensah' });
    await page.locator('#assign').getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.locator('#summary').textContent()).toContain('Kwame Mensah');
    const action = page.locator('#add-action');
    await action.getByLabel('Action').fill('Speak to the form tutor');
    // The owner list holds every member of staff (sixty in the demo): a search narrows it.
    const owner = action.getByLabel('Owner');
    const everyone = await owner.locator('option').count();
    expect(everyone).toBeGreaterThan(50);
    await action.getByLabel('Search staff').fill('kwa men');
    await expect
      .poll(() => owner.locator('option').allTextContents())
      .toEqual(['Choose a member of staff', 'Kwame Mensah']);
    expect(await action.locator('.searchable-select').textContent()).toContain(`1 of ${everyone - 1} match.`);
    await owner.selectOption({ label: 'Kwame Mensah' });
    // Dates are said in words beside the input, whatever the browser's locale draws in it.
    await action.getByLabel('Due on').fill('2099-01-31');
    await expect.poll(() => action.locator('.date-field__words').textContent()).toBe('31 January 2099');
    await action.getByRole('button', { name: 'Add the action' }).click();
    await expect
      .poll(() => page.locator('#actions').textContent())
      .toMatch(/Speak to the form tutor.*due 31 January 2099/);
    const referral = page.locator('#add-referral');
    await referral.getByLabel('Agency', { exact: true }).selectOption('police');
    await referral.getByLabel("Agency's reference").fill('PC-4471');
    await referral.getByLabel('Follow up on').fill('2099-02-01');
    expect(await referral.locator('.date-field__words').allTextContents()).toContain('1 February 2099');
    await referral.getByRole('button', { name: 'Record the referral' }).click();
    await expect.poll(() => page.locator('#referrals').textContent()).toMatch(/Police.*reference PC-4471/);

    // The chronology is append-only: a note is corrected by a new entry that points at it.
    await page.getByLabel('New entry').fill('Spoke to the pupil at 10:15 with the form tutor.');
    await page.getByRole('button', { name: 'Add to the chronology' }).click();
    await expect.poll(() => chronology.textContent()).toContain('Spoke to the pupil at 10:15');
    await page.getByRole('button', { name: /Correct this entry \(Note,/ }).click();
    await page.getByLabel('Correction').fill('The time was 10:45, not 10:15.');
    await page.getByRole('button', { name: 'Add the correction' }).click();
    await expect.poll(() => chronology.textContent()).toContain('The time was 10:45');
    expect(await chronology.textContent()).toContain('Spoke to the pupil at 10:15');
    expect(await chronology.textContent()).toMatch(/Corrects the note entry of/);
    expect(await chronology.textContent()).toContain('Corrected later');
    await expectNoSeriousAxeViolations(page, 'concern detail after triage');
    await shoot(page, 'concern-detail-desktop');

    // The PDF: a real download, and served as application/pdf.
    const pdfLink = page.getByRole('link', { name: 'Export as PDF' });
    const href = (await pdfLink.getAttribute('href')) ?? '';
    const pdf = await page.request.get(href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    expect(download.suggestedFilename()).toBe(`concern-${reference}.pdf`);

    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, 'concern detail at 375 px');
    await expectNoSeriousAxeViolations(page, 'concern detail at 375 px');
    await shoot(page, 'concern-detail-375');
    await page.setViewportSize(desktop);

    // The pupil's chronology across concerns, with its own PDF.
    await page.locator('#summary').getByRole('link').first().click();
    await expect.poll(() => heading(page)).toMatch(/^Chronology: /);
    await expect.poll(() => page.locator('main').textContent()).toContain(reference);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'pupil chronology');
    await shoot(page, 'concern-pupil-chronology-desktop');
    const chronologyPdf = await page.request.get(
      (await page.getByRole('link', { name: 'Export as PDF' }).getAttribute('href')) ?? '',
    );
    expect(chronologyPdf.headers()['content-type']).toContain('application/pdf');

    await page.goto('/safeguarding');
    await expect.poll(() => heading(page)).toBe('Safeguarding concerns');
    await expect
      .poll(() => page.locator('#waiting').textContent())
      .toMatch(/Every concern has been acknowledged/);
    await page.setViewportSize(phone);
    await page.waitForLoadState('networkidle');
    await expectNoSidewaysScroll(page, 'dashboard at 375 px');
    await expectNoSeriousAxeViolations(page, 'dashboard at 375 px');
    await shoot(page, 'concern-dashboard-375');
    await context.close();
  });

  it('the reporter then sees the status move on, and nothing of the DSL’s work', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: phone });
    const page = await context.newPage();
    await signInAs(page, 'staff@take1studios.example');
    await page.goto('/concerns/mine');
    const mine = page.getByRole('list', { name: 'My reports' });
    await expect.poll(() => mine.textContent()).toContain('Acknowledged: being dealt with');
    expect(await page.locator('main').textContent()).not.toMatch(/Threshold|10:45|No referral/);
    await context.close();
  });

  it('a report whose text held a NUL character is kept, and the receipt says what was removed', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: phone });
    const page = await context.newPage();
    await signInAs(page, 'staff@take1studios.example');
    // A pasted NUL is hard to type in a browser, so it is put into the request the form really sends.
    await page.route('**/api/concerns', async (route) => {
      const body = route.request().postDataJSON() as { whatHappened: string; platform: string };
      await route.continue({
        postData: JSON.stringify({
          ...body,
          whatHappened: `${body.whatHappened}\u0000`,
          platform: `Snap\u0000chat`,
        }),
      });
    });
    await page.goto('/concerns/report');
    await expect.poll(() => heading(page)).toBe('Report a concern');
    await page.getByLabel(/A pupil contacted me on a personal account/).check();
    await page.getByLabel('Where did it happen?').fill('Snapchat');
    const pupil = pupils[0] as Pupil;
    await page.getByLabel('Find a pupil').fill(pupil.familyName);
    await page
      .getByRole('button', { name: new RegExp(`^Add ${shownName(pupil)}`) })
      .first()
      .click();
    await page.getByLabel(`Role of ${shownName(pupil)}`).selectOption('subject');
    await page.getByLabel('What happened?').fill('Sent a friend request from a personal account.');
    await page.getByLabel('Routine').check();
    await page.getByRole('button', { name: 'Send to the DSL' }).click();
    await expect.poll(() => heading(page)).toBe('Concern sent');
    expect(await page.locator('#receipt-warnings').textContent()).toBe(
      'We removed an invisible character from where it happened and what happened; your report was kept.',
    );
    await expectNoSeriousAxeViolations(page, 'receipt with a removed character');
    await shoot(page, 'concern-receipt-removed-character-375');
    await context.close();
  });

  it('whoever signs in next in the same tab never sees what the last person read there', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: desktop });
    const page = await context.newPage();
    // A link followed inside the app: the page, and whatever the app keeps in memory, stays.
    const openInApp = (to: string) =>
      page.evaluate((path) => {
        window.history.pushState(null, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, to);
    await signInAs(page, 'dsl@take1studios.example');
    await openInApp('/concerns/mine');
    await expect.poll(() => heading(page)).toBe('My reports');
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('You have not reported any concerns.');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill('staff@take1studios.example');
    await page.getByLabel('Password').fill(harness.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Authentication code');
    const nav = page.locator('nav[aria-label="Main"]');
    await Promise.race([code.waitFor(), nav.waitFor({ state: 'attached' })]);
    if (await code.isVisible()) {
      // A code is accepted once, and this account signed in earlier in the suite: wait for the next step.
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 500));
      await code.fill(await generate({ secret: harness.demoTotpSecret ?? '' }));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await nav.waitFor({ state: 'attached' });
    }

    // Every state of the page is recorded while the member of staff's own reports load.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(document.querySelector('main')?.textContent ?? '')).observe(
        document.body,
        { subtree: true, childList: true, characterData: true },
      );
    });
    await openInApp('/concerns/mine');
    const mine = page.getByRole('list', { name: 'My reports' });
    await expect.poll(() => mine.textContent()).toContain(reference);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((text) => text.includes('You have not reported any concerns'))).toEqual([]);
    await context.close();
  }, 120_000);
});
