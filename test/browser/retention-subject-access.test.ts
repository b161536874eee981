import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  expectNoSidewaysScroll,
  heading,
  phone,
  shoot,
  signIn,
  startBrowserHarness,
} from './harness.js';

/**
 * The DSL's retention page (rules with their legal basis, what is due) and a subject access request from
 * opening to the safeguarding review and the download link, in Chromium, with axe-core and a 375 px check.
 */
describe.skipIf(!process.env.CHROMIUM_PATH)('retention and subject access in Chromium', () => {
  let harness: BrowserHarness;
  let pupilId: string;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'retention-sar' });
    const db = harness.server.db;
    pupilId = (
      await db
        .selectFrom('pupils')
        .innerJoin('schools', 'schools.id', 'pupils.school_id')
        .select('pupils.id')
        .where('schools.is_demo', '=', true)
        .orderBy('pupils.external_id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the DSL the retention rules and opens, reviews and releases a subject access request', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signIn(page, harness, 'dsl@take1studios.example');
    await page.goto('/retention');
    expect(await heading(page)).toBe('Retention');
    await expect.poll(() => page.getByRole('heading', { name: 'Retention rules' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Limitation Act 1980').first().isVisible()).toBe(true);
    await expectNoSeriousAxeViolations(page, 'retention');
    await expectNoSidewaysScroll(page, 'retention');
    await shoot(page, 'retention-phone');

    await page.goto('/subject-access');
    await page.getByLabel('Their Guardpost id').fill(pupilId);
    await page.getByRole('button', { name: 'Open request' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Safeguarding review' }).isVisible())
      .toBe(true);
    await expectNoSeriousAxeViolations(page, 'subject access request');
    await expectNoSidewaysScroll(page, 'subject access request');
    await page.getByRole('button', { name: 'Record the review' }).click();
    await expect
      .poll(() => page.getByRole('link', { name: /Download the export/ }).getAttribute('href'))
      .toMatch(/^\/api\/sar\/[0-9a-f-]{36}\/export\.zip$/);
    await shoot(page, 'subject-access-reviewed-phone');
    await context.close();
  });
});
