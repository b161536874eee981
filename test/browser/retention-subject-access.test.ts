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
 * The DSL's retention page (rules with their legal basis and the school's periods, set in the form, what is
 * due) and a subject access request from the person picker to the safeguarding review, the download link and
 * the list of requests, in Chromium at desktop width and at 375 px, with axe-core.
 */
describe.skipIf(!process.env.CHROMIUM_PATH)('retention and subject access in Chromium', () => {
  let harness: BrowserHarness;
  let pupil: { id: string; given_name: string; family_name: string };

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'retention-sar' });
    const db = harness.server.db;
    pupil = await db
      .selectFrom('pupils')
      .innerJoin('schools', 'schools.id', 'pupils.school_id')
      .select(['pupils.id', 'pupils.given_name', 'pupils.family_name'])
      .where('schools.is_demo', '=', true)
      .orderBy('pupils.external_id')
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => {
    await harness?.close();
  });

  for (const [size, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`shows the DSL the retention rules with the school's periods, and opens, reviews and releases a subject access request for a person found by name (${size})`, async () => {
      const context = await harness.newContext(viewport);
      const page = await context.newPage();
      await signIn(page, harness, 'dsl@take1studios.example');
      await page.goto('/retention');
      expect(await heading(page)).toBe('Retention');
      await expect.poll(() => page.getByRole('heading', { name: 'Retention rules' }).isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Limitation Act 1980').first().isVisible()).toBe(true);
      const consentPeriod = page.getByRole('form', { name: /Period for Photo consents/ });
      const field = consentPeriod.getByLabel("School's period (years)");
      await expect.poll(() => field.inputValue()).toBe(size === 'desktop' ? '6' : '7');
      await field.fill(size === 'desktop' ? '7' : '8');
      await consentPeriod.getByRole('button', { name: 'Save period' }).click();
      await expect
        .poll(() =>
          page
            .getByText(`kept for ${size === 'desktop' ? 7 : 8} years now`)
            .first()
            .isVisible(),
        )
        .toBe(true);
      await expect
        .poll(() =>
          page.getByText(`Kept ${size === 'desktop' ? 7 : 8} years after the pupil left`).isVisible(),
        )
        .toBe(true);
      await expectNoSeriousAxeViolations(page, `retention ${size}`);
      await expectNoSidewaysScroll(page, `retention ${size}`);
      await shoot(page, `retention-${size}`);

      await page.goto('/subject-access');
      expect(await heading(page)).toBe('Subject access requests');
      await page.getByLabel('Find the person').fill(pupil.given_name.slice(0, 4));
      const choice = page.getByRole('radio', {
        name: new RegExp(`${pupil.given_name} ${pupil.family_name}`),
      });
      await expect.poll(() => choice.first().isVisible()).toBe(true);
      await expectNoSeriousAxeViolations(page, `subject access list ${size}`);
      await expectNoSidewaysScroll(page, `subject access list ${size}`);
      await choice.first().check();
      await page.getByRole('button', { name: 'Open request' }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: 'Safeguarding review' }).isVisible())
        .toBe(true);
      await expectNoSeriousAxeViolations(page, `subject access request ${size}`);
      await expectNoSidewaysScroll(page, `subject access request ${size}`);
      await page.getByRole('checkbox').first().check();
      await page.getByLabel('Why it is withheld').fill('Would identify a third party');
      await page.getByRole('button', { name: 'Record the review' }).click();
      await expect
        .poll(() => page.getByRole('link', { name: /Download the export/ }).getAttribute('href'))
        .toMatch(/^\/api\/sar\/[0-9a-f-]{36}\/export\.zip$/);
      await expect
        .poll(() =>
          page
            .getByText(/Would identify a third party/)
            .first()
            .isVisible(),
        )
        .toBe(true);
      await shoot(page, `subject-access-reviewed-${size}`);

      // The list shows the request with its state and why a part was withheld.
      await page.getByRole('link', { name: 'All subject access requests' }).click();
      const row = page.getByRole('row', { name: new RegExp(`${pupil.given_name} ${pupil.family_name}`) });
      await expect.poll(() => row.first().isVisible()).toBe(true);
      await expect
        .poll(() => row.first().textContent())
        .toMatch(/Reviewed: ready to release.*Would identify a third party/);
      await expectNoSeriousAxeViolations(page, `subject access list with requests ${size}`);
      await expectNoSidewaysScroll(page, `subject access list with requests ${size}`);
      await shoot(page, `subject-access-list-${size}`);
      await context.close();
    });
  }
});
