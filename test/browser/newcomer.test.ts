import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL } from '../../src/demo/demo-school.js';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  expectNoSidewaysScroll,
  heading,
  phone,
  signIn as signInAs,
  startBrowserHarness,
} from './harness.js';

/**
 * What a newcomer meets on the first day (issue 11, "Honest state and words people understand"): the words
 * people read, the state pages claim, and the forms they fill, each seen as the person who meets it.
 */

describe.skipIf(!process.env.CHROMIUM_PATH)('a newcomer’s first day in Chromium', () => {
  let harness: BrowserHarness;
  const signIn = (page: Page, email: string) => signInAs(page, harness, email);

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'newcomer' });
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('a refused account reads as sentences: no error codes, no nested brackets; the address decides the platform', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, 'staff@take1studios.example');
    await page.goto('/accounts/new');
    await expect.poll(() => heading(page)).toBe('Register an account');
    // Nothing chosen: an instagram.com address makes it an Instagram account (it used to default to X).
    await page.getByLabel('Profile address').fill('https://www.instagram.com/take1.firstday/');
    await page.getByLabel('Purpose', { exact: true }).fill('First-day photography club');
    await page.getByLabel('Linked official school email').fill('club@gmail.com');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    const alert = page.getByRole('alert').first();
    await expect.poll(() => alert.textContent()).toMatch(/public webmail service/);
    const said = await alert.innerText();
    expect(said).not.toMatch(/Reference|LinkedEmailIsWebmail|[a-z][A-Z]/);
    expect(said).toMatch(/The linked email is on gmail\.com, a public webmail service/);
    expect(said).not.toMatch(/\([^()]*\(/);
    await expectNoSeriousAxeViolations(page, 'refused account');

    // A platform that does not match the address says which one it is, with the right article.
    await page.getByLabel('Platform').selectOption('x');
    await page.getByLabel('Linked official school email').fill('club@take1studios.example');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/an Instagram address, not an X \(Twitter\) one/);

    await page.getByLabel('Platform').selectOption('');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('.account-title').textContent()).toMatch(/Instagram/);

    // Submitting without the attestations lists each missing one as a sentence, never the code.
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/cannot be submitted yet/);
    const refusal = await page.getByRole('alert').first().innerText();
    expect(refusal).not.toMatch(/SubmissionRefused|Reference/);
    expect(refusal).toMatch(/Confirm that direct messages with students/);
    await context.close();
  });

  it('a withdrawal told by phone is recorded at once; the reference is optional only then', async () => {
    const pupil = await harness.server.db
      .selectFrom('pupils as p')
      .innerJoin('carer_pupil_links as l', 'l.pupil_id', 'p.id')
      // The demo trust's second school has pupils too: this one is at the school SMT signs in to.
      .innerJoin('schools as s', 's.id', 'p.school_id')
      .where('s.name', '=', DEMO_SCHOOL.name)
      .where('p.status', '=', 'current')
      .where('l.parental_responsibility', '=', true)
      .where('l.ended_on', 'is', null)
      .select(['p.id as pupilId', 'l.carer_id as carerId'])
      .orderBy('p.external_id', 'desc')
      .executeTakeFirstOrThrow();
    const context = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, 'smt@take1studios.example');
    await page.goto(`/people/pupils/${pupil.pupilId}`);
    await page.getByLabel('Carer who signed (with parental responsibility)').selectOption(pupil.carerId);
    await page.getByLabel('Purpose', { exact: true }).selectOption('press');
    // A grant needs the signed form, and the label says so (no "optional").
    expect(await page.getByLabel(/^Evidence reference/).count()).toBe(1);
    expect(await page.getByLabel('Evidence reference', { exact: true }).count()).toBe(1);
    await page.getByLabel('Decision on the form').selectOption('withdrawn');
    await page.getByLabel('How the carer told you').selectOption('phone');
    await expect.poll(() => page.getByLabel(/^Evidence reference \(optional/).count()).toBe(1);
    await page.getByLabel('Date the carer told you').fill('2026-11-30');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => page.locator('#consent-press').textContent()).toMatch(/Withdrawn/);
    await expect
      .poll(() => page.locator('#consent-history').textContent())
      .toMatch(/By phone, recorded by staff \(written confirmation to follow\)/);
    await expectNoSeriousAxeViolations(page, 'withdrawal by phone');
    await context.close();
  });

  it('the accounts register opens on every account, and only its own link is marked current', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, 'smt@take1studios.example');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Accounts register' }).click();
    await expect.poll(() => heading(page)).toBe('Accounts register');
    const current = nav.locator('[aria-current="page"]');
    await expect.poll(() => current.allTextContents()).toEqual(['Accounts register']);
    expect(await page.getByLabel('Status').inputValue()).toBe('');
    // The demo school's approved account is in the register straight away.
    await expect.poll(() => page.getByRole('table', { name: 'Accounts register' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toMatch(/No accounts match/);
    // Sixty members of staff: a search narrows the owner list and says how many match.
    const owners = page.getByLabel('Owner', { exact: true }).locator('option');
    expect(await owners.count()).toBeGreaterThan(50);
    await page.getByLabel('Search owners').fill('okaf');
    await expect.poll(() => owners.allTextContents()).toContain('Sam Okafor');
    expect(await owners.count()).toBeLessThan(6);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/\d of 60 match\./);
    await nav.getByRole('link', { name: 'My accounts' }).click();
    await expect.poll(() => current.allTextContents()).toEqual(['My accounts']);
    await context.close();
  });

  it('pupil search says how many match and pages through them', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, 'staff@take1studios.example');
    await page.goto('/people');
    await expect.poll(() => heading(page)).toBe('Pupils and carers');
    const status = page.locator('#results-heading ~ [role="status"]');
    // About 580 pupils on roll: the first 50 are shown, and the page says so.
    await expect
      .poll(() => status.textContent())
      .toMatch(/^\d{3} pupils found; showing 1–50, in name order\.$/);
    const total = Number(((await status.textContent()) ?? '').split(' ')[0]);
    expect(await page.getByRole('table', { name: 'Pupils found' }).locator('tbody tr').count()).toBe(50);
    const pages = page.getByRole('navigation', { name: 'Pages of results' });
    await pages.getByRole('link', { name: 'Next 50' }).click();
    await expect.poll(() => status.textContent()).toMatch(/showing 51–100/);
    expect(page.url()).toMatch(/from=50/);
    await expect.poll(() => pages.getByRole('link', { name: 'Previous 50' }).count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'pupil search, second page');
    expect(total).toBeGreaterThan(100);
    await context.close();
  });

  it('a date typed in a US-English browser is said in words beside the input, on a phone too', async () => {
    const context = await harness.browser.newContext({
      baseURL: harness.baseUrl,
      viewport: phone,
      locale: 'en-US',
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, 'admin@take1studios.example');
    await page.goto('/audit');
    const from = page.getByLabel('From', { exact: true });
    await from.fill('2026-12-02');
    // The input draws 12/02/2026 in this browser; the words cannot be misread as 12 February.
    const words = page.locator('.date-field', { has: from }).locator('output');
    await expect.poll(() => words.textContent()).toBe('2 December 2026');
    expect(await from.getAttribute('aria-describedby')).toContain(await words.getAttribute('id'));
    await expectNoSeriousAxeViolations(page, 'audit filters with a date');
    await expectNoSidewaysScroll(page, 'audit filters on a phone');
    await context.close();
  });

  it('the public verification page is styled, answers yes or no once, and loads without script or a 404', async () => {
    const context = await harness.browser.newContext({
      baseURL: harness.baseUrl,
      viewport: phone,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const missing: string[] = [];
    const fetched: string[] = [];
    page.on('response', (response) => {
      fetched.push(new URL(response.url()).pathname);
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    const approved = await harness.server.db
      .selectFrom('accounts')
      .select(['profile_url'])
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();
    await page.goto(`/verify?account=${encodeURIComponent(approved.profile_url ?? '')}`);
    await page.waitForLoadState('load');
    // Fast on a phone: the page, one small stylesheet and the icon; no script, no web app bundle.
    expect(fetched.filter((p) => p !== '/verify')).toEqual(expect.arrayContaining(['/verify/style.css']));
    expect(fetched.filter((p) => p.endsWith('.js'))).toEqual([]);
    expect(await page.locator('.school__name').textContent()).toBe('Take 1 Studios');
    const answer = page.getByRole('heading', { level: 2 }).first();
    expect(await answer.textContent()).toBe('Yes, this is an official Take 1 Studios account');
    const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(main.match(/\bYes\b/g)).toHaveLength(1);
    expect(main).toMatch(/Run by (a|the) [a-z ]+ of Take 1 Studios/);
    expect(main).toMatch(/Approved on \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(main).toMatch(/Report it to the platform/);
    // Styled: the school's own font stack, not the browser's Times.
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).not.toMatch(/^"?Times/);
    expect(font).toMatch(/system-ui/);
    await page.goto('/favicon.ico');
    expect(missing).toEqual([]);
    await page.goto('/verify?account=%40someone.pretending');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'No, this is not an official Take 1 Studios account',
    );
    await expectNoSidewaysScroll(page, 'verification page on a phone');
    await context.close();
    // axe needs script; the page itself has none.
    const withScript = await harness.browser.newContext({ baseURL: harness.baseUrl, viewport: phone });
    const checked = await withScript.newPage();
    await checked.goto(`/verify?account=${encodeURIComponent(approved.profile_url ?? '')}`);
    await expectNoSeriousAxeViolations(checked, 'public verification page');
    await withScript.close();
  });

  it('one-click fixes remove the phrase that carries the item, so the sentence still reads', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signIn(page, 'staff@take1studios.example');
    await page.goto('/posts/new');
    await expect.poll(() => heading(page)).toBe('Compose a post');
    const text = page.getByLabel('Text of the post');
    await text.fill(
      'Great concert tonight! Call her mum on 07700 900123 or see https://bit.ly/3xYzAbC for tickets.',
    );
    const findings = page.locator('#result .findings');
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^Blocked/);
    await findings
      .getByRole('button', { name: /^Remove(?! the link)/ })
      .first()
      .click();
    await expect
      .poll(() => text.inputValue())
      .toBe('Great concert tonight! See https://bit.ly/3xYzAbC for tickets.');
    await expect
      .poll(() => page.locator('.post-notice').textContent())
      .toMatch(/^Removed “Call her mum on 07700 900123 or”/);
    await expect
      .poll(() => findings.getByRole('button', { name: /^Remove the link/ }).isEnabled())
      .toBe(true);
    await findings
      .getByRole('button', { name: /^Remove the link/ })
      .first()
      .click();
    await expect.poll(() => text.inputValue()).toBe('Great concert tonight!');
    expect(await text.inputValue()).not.toMatch(/ on or | see and|\bor see\b/);
    await expectNoSeriousAxeViolations(page, 'composer after phrase fixes');
    await context.close();
  });

  it('SMT publishes a new policy version from the overdue banner; staff are asked to acknowledge it', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, 'smt@take1studios.example');
    await page.goto('/policy');
    const banner = page.locator('#review-status');
    await expect.poll(() => banner.textContent()).toMatch(/overdue for review/);
    await banner.getByRole('link', { name: 'Record a review or publish a new version' }).click();
    await page.getByLabel('Policy file (.txt or .md)').setInputFiles({
      name: 'policy-2026.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        '# Staff Social Media Policy\n\n## 1. Purpose\nWhy we have it.\n\n## 2. School accounts\n### 2.1 Dedicated accounts\nEvery account is approved.\n',
      ),
    });
    expect(await page.getByRole('button', { name: 'Publish this version' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Preview the clauses' }).click();
    const sections = page.getByRole('list', { name: 'Sections of the new version' });
    await expect.poll(() => sections.textContent()).toMatch(/Dedicated accounts/);
    await page.getByLabel('Version label (optional)').fill('December 2026');
    await page.getByLabel('Next review due', { exact: true }).last().fill('2027-09-01');
    await expectNoSeriousAxeViolations(page, 'policy publishing with a preview');
    await page.getByRole('button', { name: 'Publish this version' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'is now the policy in force' }).count())
      .toBe(1);
    await expect.poll(() => banner.textContent()).toMatch(/up to date/);
    await context.close();

    const staff = await harness.newContext();
    const teacher = await staff.newPage();
    await signIn(teacher, 'staff@take1studios.example');
    await teacher.goto('/notifications');
    await expect
      .poll(() => teacher.locator('main').textContent())
      .toMatch(/new version of the social media policy \(December 2026\)/);
    await teacher.goto('/policy');
    await expect
      .poll(() => teacher.locator('#ack-heading').locator('..').textContent())
      .toMatch(/current version \(December 2026\)/);
    await staff.close();
  });

  // Last: it removes the demo school's block lists to see the warning.
  it('block lists: the demo blocks a listed link, settings show each list, the overview warns when none is loaded', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, 'smt@take1studios.example');
    await page.goto('/check');
    await page
      .getByLabel('Text', { exact: true })
      .fill('Match tickets and odds at https://bet365.com/offers');
    await expect.poll(() => page.locator('.verdict').textContent(), { timeout: 15_000 }).toMatch(/^Blocked/);
    expect(await page.locator('.findings').textContent()).toMatch(
      /bet365\.com is on the school’s block list/,
    );

    await page.goto('/checks/settings');
    const adult = page.locator('label', { hasText: /^adult/ });
    await expect.poll(() => adult.textContent()).toMatch(/^adult \(\d+ entries, loaded \d+ \w+ \d{4}/);
    await expectNoSeriousAxeViolations(page, 'check settings with list state');
    // Nothing is warned about while lists are loaded.
    await page.goto('/');
    await expect.poll(() => heading(page)).toMatch(/^Hello/);
    expect(await page.getByText('Links to unsafe sites are not blocked yet').count()).toBe(0);

    await harness.server.db.deleteFrom('block_list_entries').execute();
    await page.reload();
    await expect.poll(() => page.getByText('Links to unsafe sites are not blocked yet').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'overview with the block list warning');
    await page.goto('/checks/settings');
    await expect.poll(() => adult.textContent()).toMatch(/not loaded: blocks nothing yet/);
    expect(await page.locator('main').textContent()).toMatch(/No list is loaded, so no site is blocked yet/);
    await context.close();
  });
});
