import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL } from '../../src/demo/demo-school.js';
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
 * Photo consent end to end in Chromium: an admin emails a carer a signing link from the pupil's page, the
 * carer opens it on a phone (375 px, no sign-in), grants consent by typing their name, and the pupil's page
 * then shows it granted with the e-signature in the history; the used link says so plainly. The consent
 * import page refuses a bad file with file:line:column and imports a good one after a dry run. axe-core on
 * every new page; screenshots in test-results/screenshots.
 */

interface Subject {
  pupilId: string;
  pupilExternalId: string;
  givenName: string;
  carerId: string;
  carerName: string;
  carerEmail: string;
}

describe.skipIf(!process.env.CHROMIUM_PATH)('photo consent in Chromium', () => {
  let harness: BrowserHarness;
  let server: BrowserHarness['server'];
  let baseUrl: string;
  let browser: BrowserHarness['browser'];
  /** The admin signs in once: each TOTP code is accepted only once. */
  let admin: BrowserContext;
  let subjects: Subject[] = [];
  let signingLink = '';

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'consents' });
    server = harness.server;
    baseUrl = harness.baseUrl;
    browser = harness.browser;
    // Current pupils with a carer who holds parental responsibility and has an email address.
    const rows = await server.db
      .selectFrom('pupils as p')
      .innerJoin('carer_pupil_links as l', 'l.pupil_id', 'p.id')
      .innerJoin('carers as c', 'c.id', 'l.carer_id')
      .innerJoin('schools as s', 's.id', 'p.school_id')
      .where('s.name', '=', DEMO_SCHOOL.name)
      .where('p.status', '=', 'current')
      .where('l.parental_responsibility', '=', true)
      .where('l.ended_on', 'is', null)
      .where('c.email', 'is not', null)
      .select([
        'p.id as pupilId',
        'p.external_id as pupilExternalId',
        'p.given_name as givenName',
        'c.id as carerId',
        'c.given_name as carerGiven',
        'c.family_name as carerFamily',
        'c.email as carerEmail',
      ])
      .orderBy('p.external_id')
      .limit(40)
      .execute();
    const seen = new Set<string>();
    for (const row of rows) {
      if (seen.has(row.pupilId)) continue;
      seen.add(row.pupilId);
      subjects.push({
        pupilId: row.pupilId,
        pupilExternalId: row.pupilExternalId,
        givenName: row.givenName,
        carerId: row.carerId,
        carerName: `${row.carerGiven} ${row.carerFamily}`,
        carerEmail: row.carerEmail ?? '',
      });
    }
    subjects = subjects.slice(0, 3);
    expect(subjects.length).toBe(3);
    admin = await browser.newContext({ baseURL: baseUrl, viewport: desktop });
    await signIn(await admin.newPage(), harness, 'admin@take1studios.example');
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await harness?.close();
  });

  it('an admin emails a carer a signing link from the pupil page', async () => {
    const subject = subjects[0] as Subject;
    const page = await admin.newPage();
    await page.goto(`/people/pupils/${subject.pupilId}`);
    const socialMedia = page.locator('#consent-social_media');
    await expect.poll(() => socialMedia.textContent()).toMatch(/No consent on record/);
    await page.getByLabel('Carer (with parental responsibility)').selectOption(subject.carerId);
    await page.getByLabel('Purpose of the link').selectOption('social_media');
    await page.getByRole('button', { name: 'Email the signing link' }).click();
    await expect
      .poll(() => page.locator('#consent-link').textContent())
      .toMatch(new RegExp(`Link sent to ${subject.carerName}`));
    await expectNoSeriousAxeViolations(page, 'pupil page with consent');
    await shoot(page, 'consent-pupil-before-desktop');

    const mail = await server.db
      .selectFrom('email_outbox')
      .select(['to_address', 'subject', 'text_body'])
      .where('to_address', '=', subject.carerEmail.toLowerCase())
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/photo consent for the school's social media accounts/);
    const link = /https?:\/\/\S+\/consent#token=[A-Za-z0-9_-]+/.exec(mail.text_body)?.[0];
    expect(link, mail.text_body).toBeDefined();
    signingLink = link ?? '';
    expect(new URL(signingLink).origin).toBe(baseUrl);
    await page.close();
  });

  it('the carer grants consent on a phone, without signing in', async () => {
    const subject = subjects[0] as Subject;
    const context = await browser.newContext({ viewport: phone, hasTouch: true });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(signingLink);
    await expect.poll(() => heading(page)).toBe('Photo consent');
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toMatch(/Take 1 Studios/);
    expect(await main.textContent()).toContain(
      `asks whether photos of ${subject.givenName} may appear on the school's official social media accounts`,
    );
    expect(await main.textContent()).toMatch(
      /name is never published with a photo \(school policy, clause 2\.4\)/,
    );
    // Still on the carer's page: no redirect to sign-in, and the token never went into a URL.
    expect(new URL(page.url()).pathname).toBe('/consent');
    const token = new URL(signingLink).hash.replace('#token=', '');
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    await expectNoSidewaysScroll(page, 'carer consent page');
    await expectNoSeriousAxeViolations(page, 'carer consent page');
    await shoot(page, 'consent-carer-375');

    // Both answers are needed: the page says which one is missing, by the field.
    await page.getByRole('button', { name: 'Sign and send my decision' }).click();
    await expect.poll(() => main.textContent()).toMatch(/Choose whether you give or refuse consent/);
    await expect.poll(() => main.textContent()).toMatch(/Type your full name to sign/);
    await page.getByLabel(/I give consent/).check();
    await page.getByLabel('Your full name').fill(subject.carerName);
    await page.getByRole('button', { name: 'Sign and send my decision' }).click();
    await expect.poll(() => heading(page)).toBe('Thank you: your decision is recorded');
    expect(await main.textContent()).toMatch(/Consent given/);
    await expectNoSidewaysScroll(page, 'carer confirmation');
    await expectNoSeriousAxeViolations(page, 'carer confirmation');
    await shoot(page, 'consent-carer-done-375');

    // The link works once.
    await page.reload();
    await expect.poll(() => heading(page)).toBe('This link cannot be used');
    expect(await main.textContent()).toMatch(/expired or has already been used/);
    await expectNoSeriousAxeViolations(page, 'used link');
    await shoot(page, 'consent-carer-used-375');

    // A link cut short says so too.
    await page.goto(`${baseUrl}/consent`);
    await expect.poll(() => main.textContent()).toMatch(/The link is incomplete/);
    await page.close();
  });

  it("the pupil's page then shows consent granted, with the e-signature in the history", async () => {
    const subject = subjects[0] as Subject;
    const page = await admin.newPage();
    await page.goto(`/people/pupils/${subject.pupilId}`);
    const socialMedia = page.locator('#consent-social_media');
    await expect.poll(() => socialMedia.textContent()).toMatch(/Granted/);
    expect(await socialMedia.textContent()).toMatch(/Photos may be published until/);
    const history = page.locator('#consent-history');
    await expect.poll(() => history.textContent()).toMatch(/E-signature by link/);
    expect(await history.textContent()).toContain(`signed “${subject.carerName}”`);
    await expectNoSeriousAxeViolations(page, 'pupil page after consent');
    await shoot(page, 'consent-pupil-granted-desktop');

    // Recording a refusal from a signed form for the website.
    await page.getByLabel('Carer who signed (with parental responsibility)').selectOption(subject.carerId);
    await page.getByLabel('Purpose', { exact: true }).selectOption('website');
    await page.getByLabel('Decision on the form').selectOption('refused');
    await page.getByLabel('Date signed').fill('2026-09-10');
    await page.getByLabel('Evidence reference', { exact: true }).fill('scan-0042.pdf');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => page.locator('#consent-website').textContent()).toMatch(/Refused/);
    await page.close();
  });

  it('a manager sees the consent on a phone but not the forms to change it', async () => {
    const subject = subjects[0] as Subject;
    const context = await browser.newContext({ baseURL: baseUrl, viewport: phone, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, harness, 'manager@take1studios.example');
    await page.goto(`/people/pupils/${subject.pupilId}`);
    await expect.poll(() => page.locator('#consent-social_media').textContent()).toMatch(/Granted/);
    expect(await page.getByRole('button', { name: 'Email the signing link' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record the decision' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'pupil page for a manager');
    await expectNoSidewaysScroll(page, 'pupil page on a phone');
    await shoot(page, 'consent-pupil-375');
    await context.close();
  });

  it('the consent import refuses a bad file with file:line:column, then imports a good one', async () => {
    const [, second, third] = subjects as [Subject, Subject, Subject];
    const page = await admin.newPage();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Consent import' })
      .click();
    await expect.poll(() => heading(page)).toBe('Consent import');
    await expectNoSeriousAxeViolations(page, 'consent import');
    const header = 'pupil_external_id,purpose,state,date,evidence_reference\n';
    const input = page.getByLabel('Consent file (CSV)');
    await input.setInputFiles({
      name: 'consents.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header}${second.pupilExternalId},social_media,granted,2026-09-05,form-1\n${third.pupilExternalId},billboards,granted,2026-09-05,form-2\n`,
      ),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const refused = page.getByRole('alert');
    await expect.poll(() => refused.first().textContent()).toMatch(/The file was refused/);
    expect(await refused.first().textContent()).toMatch(/consents\.csv:3:\d+: purpose must be one of/);
    await expectNoSeriousAxeViolations(page, 'consent import refused');
    await shoot(page, 'consent-import-refused-desktop');

    await input.setInputFiles({
      name: 'consents.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header}${second.pupilExternalId},social_media,granted,2026-09-05,form-1\n${third.pupilExternalId},website,refused,2026-09-05,form-2\n`,
      ),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const dryRun = page.locator('#consent-dry-run');
    await expect.poll(() => dryRun.textContent()).toMatch(/Nothing has been saved yet/);
    expect(await dryRun.textContent()).toMatch(/2\s*decisions to record/);
    expect(
      await server.db.selectFrom('consents').select('id').where('pupil_id', '=', second.pupilId).execute(),
    ).toEqual([]);
    await expectNoSeriousAxeViolations(page, 'consent import dry run');
    await shoot(page, 'consent-import-dry-run-desktop');
    await page.getByRole('button', { name: 'Import these consents' }).click();
    await expect.poll(() => page.locator('#consent-done').textContent()).toMatch(/2 decisions recorded/);
    await page.goto(`/people/pupils/${second.pupilId}`);
    await expect.poll(() => page.locator('#consent-social_media').textContent()).toMatch(/Granted/);
    await page.close();
  });
});
