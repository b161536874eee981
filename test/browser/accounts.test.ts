import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  heading,
  signIn as signInAs,
  startBrowserHarness,
} from './harness.js';

/**
 * The accounts register end to end in Chromium: a member of staff registers an account and submits it,
 * a member of SMT approves it from the register, and an anonymous visitor verifies it on the public page
 * (server-rendered, no sign-in, no script).
 */

describe.skipIf(!process.env.CHROMIUM_PATH)('accounts register in Chromium', () => {
  let harness: BrowserHarness;
  let baseUrl: string;
  let browser: Browser;
  const signIn = (page: Page, email: string) => signInAs(page, harness, email);

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'accounts' });
    baseUrl = harness.baseUrl;
    browser = harness.browser;
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  let accountPath = '';

  it('a member of staff registers an account and submits it; students may not use it yet', async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signIn(page, 'staff@take1studios.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My accounts' }).click();
    await expect.poll(() => heading(page)).toBe('My school social media accounts');
    await expectNoSeriousAxeViolations(page, 'my accounts');
    // A personal account, declared privately, can never be registered as a school one.
    await page.getByLabel('Personal account platform').selectOption('instagram');
    await page.getByLabel('Personal handle or address').fill('@jordan.at.home');
    await page.getByRole('button', { name: 'Declare as personal' }).click();
    await expect
      .poll(() => page.locator('#personal-accounts').textContent())
      .toMatch(/Instagram: @jordan\.at\.home/);
    await page.getByRole('link', { name: 'Register an account' }).click();
    await page.getByLabel('Platform').selectOption('instagram');
    await page.getByLabel('Handle').fill('@take1.drama');
    await page.getByLabel('Purpose', { exact: true }).fill('Drama department productions');
    await page.getByLabel('Linked official school email').fill('drama@gmail.com');
    await page.getByLabel(/Direct messages with students/).check();
    await page.getByLabel(/links to the school's ICT Acceptable Use Policy/).check();
    // A co-owner is chosen from the school's staff; the person registering is the owner and is not offered.
    const coOwner = page.getByLabel('Add a co-owner');
    expect(await coOwner.locator('option').allTextContents()).not.toContain(
      'Sam Okafor (staff@take1studios.example)',
    );
    await coOwner.selectOption({ label: "Grace O'Connor (dsl@take1studios.example)" });
    await page.getByRole('button', { name: 'Add co-owner' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Chosen co-owners' }).textContent())
      .toMatch(/Grace O'Connor/);
    await expectNoSeriousAxeViolations(page, 'register an account');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    // A webmail address is refused, citing clause 2.1.
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/clause 2\.1/);
    await page.getByLabel('Linked official school email').fill('drama@take1studios.example');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    accountPath = new URL(page.url()).pathname;
    await expect
      .poll(() => page.locator('#owners').textContent())
      .toBe("Sam Okafor (owner), Grace O'Connor (co-owner)");
    await expect.poll(() => page.locator('#student-access').textContent()).toMatch(/Not approved/);
    await expectNoSeriousAxeViolations(page, 'account page');
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => page.locator('.account-title').textContent()).toMatch(/Awaiting approval/);
    await context.close();
  });

  it('SMT finds it in the register by owner, approves it and sets how long approvals last', async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signIn(page, 'smt@take1studios.example');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Accounts register' })
      .click();
    await expect.poll(() => heading(page)).toBe('Accounts register');
    // Filter by owner (owners and co-owners both count), alongside status and platform.
    const results = () => page.locator('main').textContent();
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: "Grace O'Connor" });
    await expect.poll(results).toMatch(/Instagram: @take1\.drama/);
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Kwame Mensah' });
    await expect.poll(results).toMatch(/No accounts match/);
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Sam Okafor' });
    await page.getByLabel('Platform').selectOption('instagram');
    await page.getByLabel('Status').selectOption('submitted');
    await expect.poll(results).toMatch(/Instagram: @take1\.drama/);
    await expectNoSeriousAxeViolations(page, 'accounts register filtered by owner');
    await page.getByRole('link', { name: 'Instagram: @take1.drama' }).click();
    await page.waitForURL((url) => url.pathname === accountPath);
    await expectNoSeriousAxeViolations(page, 'account page for SMT');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('#student-access').textContent()).toMatch(/Approved: students may/);
    await expect.poll(() => page.locator('#history').textContent()).toMatch(/Awaiting approval → Approved/);
    // SMT sets how long approvals last; a value out of range is explained beside its field.
    await page.goto('/accounts/register');
    const settings = page.locator('#register-settings');
    const months = settings.getByLabel('Approval period (months)');
    const days = settings.getByLabel('Reminder window (days)');
    await expect.poll(() => months.inputValue()).toBe('12');
    await months.fill('6');
    await days.fill('400');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => days.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => settings.locator('.field__error').textContent()).toMatch(/180/);
    expect(await months.getAttribute('aria-invalid')).toBeNull();
    await expectNoSeriousAxeViolations(page, 'register settings with an error');
    // The rule across both fields: reminders start inside the approval period.
    await months.fill('1');
    await days.fill('30');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => settings.locator('.field__error').textContent())
      .toMatch(/reminders must start before the approval period/);
    await months.fill('6');
    await days.fill('14');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => settings.textContent())
      .toMatch(/Saved: approvals last 6 months; owners are reminded 14 days before/);
    await page.reload();
    await expect
      .poll(() => page.locator('#register-settings').getByLabel('Approval period (months)').inputValue())
      .toBe('6');
    await context.close();
    // A manager reads the register but does not see the settings.
    const managerContext = await browser.newContext({ baseURL: baseUrl });
    const manager = await managerContext.newPage();
    await signIn(manager, 'manager@take1studios.example');
    await manager.goto('/accounts/register');
    await expect.poll(() => heading(manager)).toBe('Accounts register');
    await manager.getByRole('table').or(manager.getByText('No accounts match.')).first().waitFor();
    expect(await manager.locator('#register-settings').count()).toBe(0);
    await managerContext.close();
  });

  it('anyone verifies it on the public page, without signing in, and learns no names', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/verify');
    await page.getByLabel('Account address or handle').fill('https://www.instagram.com/Take1.Drama/');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toMatch(/Yes, this is an official Take 1 Studios account/);
    expect(await page.locator('main').textContent()).toMatch(/What it is forDrama department productions/);
    expect(await page.locator('main').textContent()).not.toMatch(/Jordan|Ellis|Nowak|Okafor|Grace/);
    await page.getByLabel('Account address or handle').fill('@someone.pretending');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toMatch(/No, this is not an official Take 1 Studios account/);
    await context.close();
    const withScript = await browser.newContext({ baseURL: baseUrl });
    const checked = await withScript.newPage();
    await checked.goto('/verify?account=%40take1.drama');
    await expectNoSeriousAxeViolations(checked, 'public verification page');
    await withScript.close();
  });
});
