import { generate } from 'otplib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL } from '../../src/demo/demo-school.js';
import type { RunningServer } from '../../src/server/server.js';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  heading,
  shoot,
  startBrowserHarness,
} from './harness.js';

/**
 * The web app end to end: the real server (migrations, demo school, demo people and accounts) on a fresh
 * embedded database, the app built by Vite, driven in Debian's Chromium. Every page is checked with
 * axe-core, and screenshots of the main pages (desktop and 375 px) are kept in test-results/screenshots.
 */

const admin = 'admin@take1studios.example';

// A partial roster: one new pupil with a carer, named so that no generated demo name can collide.
const rosterCsv = [
  'role,external_id,given_name,family_name,preferred_name,date_of_birth,year_group,status,left_on,email,phone,linked_pupils,relationship,parental_responsibility',
  'pupil,BT-P1,Ottoline,Quillfeather,Otti,2012-05-17,Year 9,current,,,,,,',
  'carer,BT-C1,Rosalind,Quillfeather,,,,,,rosalind.q@carer.example,07700 900456,BT-P1,mother,yes',
].join('\n');

describe.skipIf(!process.env.CHROMIUM_PATH)('web app in Chromium', () => {
  let harness: BrowserHarness;
  let server: RunningServer;
  let demoPassword: string;
  let demoTotpSecret: string;
  let context: BrowserContext;
  let page: Page;
  /** The demo admin's name comes from the generated demo people, so it is read, not assumed. */
  let firstName = '';

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'web-app' });
    server = harness.server;
    demoPassword = harness.demoPassword;
    demoTotpSecret = harness.demoTotpSecret ?? '';
    context = await harness.newContext();
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('sends a signed-out visitor to sign-in, then signs in with password and TOTP', async () => {
    await page.goto('/policy');
    await page.waitForURL(/\/sign-in\?next=%2Fpolicy$/);
    await expect.poll(() => heading(page)).toBe('Sign in');
    await expectNoSeriousAxeViolations(page, 'sign-in');
    await shoot(page, 'sign-in-desktop');

    await page.getByLabel('Email address').fill(admin);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/do not match/);

    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    // The field takes focus, so the person can type the code straight away.
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoSeriousAxeViolations(page, 'sign-in TOTP step');
    await shoot(page, 'sign-in-totp-desktop');

    await code.fill(await generate({ secret: demoTotpSecret }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    // Back where the visitor was going, signed in.
    await page.waitForURL(/\/policy$/);
    await expect.poll(() => heading(page)).toBe('Staff social media policy');
    const me = (await (await page.request.get('/api/me')).json()) as { person: { name: string } };
    firstName = me.person.name.split(' ')[0] ?? '';
    await expect.poll(() => page.locator('.account__name').textContent()).toBe(me.person.name);
  });

  it('shows the overview and navigation for an admin', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => heading(page)).toBe(`Hello, ${firstName}`);
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual([
      'Overview',
      'Report a concern',
      'Policy',
      'Check a post',
      'Pupils and carers',
      'Roster import',
      'Consent import',
      'Class consents',
      'My posts',
      'Takedowns',
      'Comment moderation',
      'Publication archive',
      'My accounts',
      'My personal accounts',
      'Staff personal use',
      'Accounts register',
      'Notifications',
      'Security',
      'Check settings',
      'Subject access',
      'Trust templates',
      'Audit log',
    ]);
    await expectNoSeriousAxeViolations(page, 'overview');
    await shoot(page, 'overview-desktop');
  });

  it('says so when a page is not for this person, and when an address is no page at all', async () => {
    // An admin does not open safeguarding concerns: the page says why, rather than showing nothing.
    await page.goto('/safeguarding');
    await expect.poll(() => heading(page)).toBe('You do not have access to this page');
    expect(await page.locator('main').textContent()).toContain('open the school');
    await expectNoSeriousAxeViolations(page, 'no access');
    await page.getByRole('link', { name: 'Go to your start page' }).click();
    await expect.poll(() => heading(page)).toBe(`Hello, ${firstName}`);
    await page.goto('/no-such-page');
    await expect.poll(() => heading(page)).toBe('Page not found');
  });

  it('shows the seed policy as overdue since 29 August 2020 and records the acknowledgement', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policy' }).click();
    const banner = page.locator('#review-status');
    await expect.poll(() => banner.textContent()).toMatch(/overdue for review/);
    expect(await banner.textContent()).toContain('29 August 2020');
    expect(await banner.getAttribute('class')).toContain('banner--danger');
    expect(await page.locator('.clause').count()).toBeGreaterThan(10);
    await expectNoSeriousAxeViolations(page, 'policy');
    await shoot(page, 'policy-desktop');

    await page.getByRole('button', { name: 'I have read and understood this policy' }).click();
    await expect.poll(() => page.locator('#ack-heading + *').textContent()).toMatch(/You have acknowledged/);
    // The server kept it: a fresh load still says so, and the SMT report counts it.
    await page.reload();
    await expect.poll(() => page.getByText('You have acknowledged this policy').count()).toBe(1);
    const report = await page.request.get('/api/policy/acknowledgements');
    expect(report.status()).toBe(200);
    const body = (await report.json()) as { staff: { email: string; acknowledgedAt: string | null }[] };
    expect(body.staff.find((s) => s.email === admin)?.acknowledgedAt).not.toBeNull();
    await expectNoSeriousAxeViolations(page, 'policy acknowledged');
  });

  it('imports a roster file: dry-run diff first, then the write', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roster import' }).click();
    await expect.poll(() => heading(page)).toBe('Roster import');
    await expectNoSeriousAxeViolations(page, 'roster import');
    await page.getByLabel('Roster file').setInputFiles({
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rosterCsv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const diff = page.locator('#roster-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('Nothing has been saved yet');
    const pupilTotals = await diff.getByRole('list', { name: 'Pupils: summary of changes' }).textContent();
    // A partial file by default: nobody missing from it is marked as left.
    expect(pupilTotals).toMatch(/1 to add/);
    expect(pupilTotals).toMatch(/0 leaving/);
    expect(await diff.textContent()).toContain('Ottoline');
    await expectNoSeriousAxeViolations(page, 'roster diff');
    await shoot(page, 'roster-import-diff-desktop');

    // Nothing written by the dry run.
    const before = await page.request.get('/api/people/pupils?q=Quillfeather');
    expect(((await before.json()) as { pupils: unknown[] }).pupils).toHaveLength(0);

    await page.getByRole('button', { name: 'Import these changes' }).click();
    await expect
      .poll(() => page.locator('#roster-done').textContent())
      .toMatch(/1 record added|2 records added/);
  });

  it('lists the staff a whole roster would mark as left, and asks first when it is many', async () => {
    // A whole roster that lists one pupil and one member of staff: every other member of staff who came
    // from the demo roster would leave (never the admin importing it), far more than a tenth of the staff.
    const truncated = [
      rosterCsv.split('\n')[0],
      'pupil,BT-P1,Ottoline,Quillfeather,Otti,2012-05-17,Year 9,current,,,,,,',
      'staff,BT-S1,Sam,Okafor,,,,,,staff@take1studios.example,,,,',
    ].join('\n');
    await page.goto('/roster-import');
    await expect.poll(() => heading(page)).toBe('Roster import');
    await page.getByLabel('Roster file').setInputFiles({
      name: 'whole-roster.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(truncated, 'utf8'),
    });
    await page
      .getByLabel('This is the whole roster: mark pupils and staff who are not in it as having left')
      .check();
    await page.getByRole('button', { name: 'Check the file' }).click();
    const diff = page.locator('#roster-diff');
    await diff.waitFor();
    const staffTotals = await diff.getByRole('list', { name: 'Staff: summary of changes' }).textContent();
    const leaving = Number(/(\d+) leaving/.exec(staffTotals ?? '')?.[1]);
    const rostered = await server.db
      .selectFrom('staff_memberships as m')
      .innerJoin('staff as s', 's.id', 'm.staff_id')
      .innerJoin('schools', 'schools.id', 'm.school_id')
      .select(['s.given_name', 's.family_name', 's.email'])
      .where('schools.name', '=', DEMO_SCHOOL.name)
      .where('m.external_id', 'is not', null)
      .where('m.status', '=', 'active')
      .where('s.email', 'not in', [admin, 'staff@take1studios.example'])
      .execute();
    expect(rostered.length).toBeGreaterThan(1);
    expect(leaving).toBe(rostered.length);
    await diff.getByText(`${rostered.length} members of staff would be marked as left`).waitFor();
    const staffLeaving = diff.locator('details', { hasText: `Staff leaving (${rostered.length})` });
    const listed = (await staffLeaving.textContent()) ?? '';
    for (const person of rostered) expect(listed).toContain(`${person.given_name} ${person.family_name}`);
    // More than a tenth of the staff: the import waits for the admin's yes.
    const importButton = page.getByRole('button', { name: 'Import these changes' });
    expect(await importButton.isDisabled()).toBe(true);
    const confirm = page.getByLabel(/I have checked this file is the whole roster/);
    await confirm.check();
    expect(await importButton.isDisabled()).toBe(false);
    await expectNoSeriousAxeViolations(page, 'roster diff with staff leavers');
    await shoot(page, 'roster-import-staff-leavers-desktop');
    // Cancelled: the preview wrote nothing, and nobody has left.
    await page.getByRole('button', { name: 'Cancel' }).click();
    const left = await server.db
      .selectFrom('staff_memberships')
      .select('id')
      .where('status', '=', 'left')
      .execute();
    expect(left).toEqual([]);
  });

  it('finds the imported pupil by name and year, and opens the pupil and carer', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Pupils and carers' })
      .click();
    await expect.poll(() => heading(page)).toBe('Pupils and carers');
    await page.getByLabel('Name').fill('Quillfeather');
    await page.getByLabel('Year group').selectOption('9');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=Quillfeather&year=9/);
    const result = page.getByRole('link', { name: 'Ottoline (Otti) Quillfeather' });
    await result.waitFor();
    await expectNoSeriousAxeViolations(page, 'people search');
    await shoot(page, 'people-search-desktop');

    await result.click();
    await expect.poll(() => heading(page)).toBe('Ottoline (Otti) Quillfeather');
    expect(await page.locator('#pupil-details').textContent()).toContain('Year 9');
    await expectNoSeriousAxeViolations(page, 'pupil');
    await shoot(page, 'pupil-desktop');

    await page.getByRole('link', { name: 'Rosalind Quillfeather' }).click();
    await expect.poll(() => heading(page)).toBe('Rosalind Quillfeather');
    expect(await page.locator('#carer-contact').textContent()).toContain('rosalind.q@carer.example');
    await expectNoSeriousAxeViolations(page, 'carer');
    await shoot(page, 'carer-desktop');
  });

  it('lists notifications and the audit log, with a working CSV export', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await expect.poll(() => heading(page)).toBe('Notifications');
    await expectNoSeriousAxeViolations(page, 'notifications');
    await shoot(page, 'notifications-desktop');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => heading(page)).toBe('Audit log');
    await page.locator('table').waitFor();
    expect(await page.locator('table').textContent()).toContain('policy.acknowledged');
    await expectNoSeriousAxeViolations(page, 'audit');
    await shoot(page, 'audit-desktop');

    await page.getByLabel('Event type').fill('policy.acknowledged');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=policy.acknowledged/);
    const exportLink = page.getByRole('link', { name: 'Export as CSV' });
    expect(await exportLink.getAttribute('href')).toBe('/api/audit/export.csv?type=policy.acknowledged');
    const csv = await page.request.get((await exportLink.getAttribute('href')) ?? '');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('policy.acknowledged');
  });

  it('shows older audit entries a page at a time, and keeps them when an older page fails', async () => {
    const audit = await context.newPage();
    // Five entries a page instead of fifty, so that the demo's short log runs to several pages.
    await audit.route(/\/api\/audit(\?|$)/, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '5');
      return route.continue({ url: url.toString() });
    });
    await audit.goto('/audit');
    await expect.poll(() => heading(audit)).toBe('Audit log');
    const rows = audit.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    const older = audit.getByRole('button', { name: 'Show older entries' });
    await older.click();
    await expect.poll(() => rows.count()).toBe(10);
    // Newest first with no entry twice: the sequence numbers (last column) only go down.
    const seqs = (await rows.locator('td:last-child').allTextContents()).map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(10);

    await audit.route(/\/api\/audit\?.*cursor=/, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'Unavailable', message: 'The audit log is busy.' } }),
      }),
    );
    await older.click();
    await expect
      .poll(() => audit.locator('main').textContent())
      .toContain('More entries could not be loaded');
    expect(await rows.count()).toBe(10);
    expect(await audit.locator('main').textContent()).not.toContain('The audit log could not be loaded');
    await audit.close();
  });

  it('works at 375 px wide: menu button, no sideways scrolling, no serious axe findings', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 812 });
    const pages: [string, string, string][] = [
      ['/', `Hello, ${firstName}`, 'overview'],
      ['/policy', 'Staff social media policy', 'policy'],
      ['/people?q=Quillfeather', 'Pupils and carers', 'people-search'],
      ['/roster-import', 'Roster import', 'roster-import'],
      ['/audit', 'Audit log', 'audit'],
    ];
    for (const [url, title, name] of pages) {
      await phone.goto(url);
      await expect.poll(() => heading(phone)).toBe(title);
      await phone.waitForLoadState('networkidle');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${url} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      await expectNoSeriousAxeViolations(phone, `${name} at 375 px`);
      await shoot(phone, `${name}-375`);
    }
    // The navigation folds behind a menu button that says whether it is open.
    const menu = phone.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await phone.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await phone
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notifications' })
      .click();
    await expect.poll(() => heading(phone)).toBe('Notifications');
    await shoot(phone, 'notifications-375');
    await phone.close();
  });

  it('returns to sign-in when the session ends', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto('/audit');
    await page.waitForURL(/\/sign-in\?next=%2Faudit$/);
    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(401);
    await shoot(page, 'signed-out-desktop');
  });

  it('offers single sign-on on the sign-in page once the school has OpenID Connect set up', async () => {
    expect(await page.getByRole('link', { name: /Sign in with your/ }).count()).toBe(0);
    const school = await server.db.selectFrom('schools').select(['id', 'name']).executeTakeFirstOrThrow();
    await server.db
      .insertInto('school_auth_settings')
      .values({
        school_id: school.id,
        oidc_issuer: 'https://login.take1studios.example',
        oidc_client_id: 'guardpost',
        oidc_client_secret: 'browser-test-secret',
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          oidc_issuer: 'https://login.take1studios.example',
          oidc_client_id: 'guardpost',
        }),
      )
      .execute();
    await page.reload();
    const sso = page.getByRole('link', { name: `Sign in with your ${school.name} account` });
    await sso.waitFor();
    expect(await sso.getAttribute('href')).toBe(`/api/auth/oidc/${school.id}/start`);
    await expectNoSeriousAxeViolations(page, 'sign-in with SSO');
    await shoot(page, 'sign-in-sso-desktop');
  });
});
