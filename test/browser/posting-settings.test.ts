import type { BrowserContext, Page } from 'playwright-core';
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
 * The Posting section of the check settings page in Chromium: SMT turns on keeping photo originals with its
 * own save, an error from the server shows beside the checkbox, and the section fits a phone. axe-core on
 * each state; screenshots in test-results/screenshots.
 */
describe.skipIf(!process.env.CHROMIUM_PATH)('posting settings in Chromium', () => {
  let harness: BrowserHarness;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'posting-settings' });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await harness?.close();
  });

  async function smtPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await harness.newContext(viewport);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, harness, 'smt@take1studios.example');
    await page.goto('/checks/settings');
    await expect.poll(() => heading(page)).toBe('Check settings');
    return page;
  }

  const label = 'Keep the original of each photo (encrypted; includes location and camera data)';

  it('lets SMT keep photo originals with the section’s own save, showing an error beside the field', async () => {
    const page = await smtPage(desktop);
    const posting = page.getByRole('region', { name: 'Posting' });
    const box = posting.getByLabel(label);
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await expectNoSeriousAxeViolations(page, 'check settings with the posting section');

    // A refusal from the server is shown beside the checkbox, which is marked invalid; nothing is stored.
    await page.route('**/api/posts/school-settings', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'ValidationFailed',
                message: 'the request is not valid',
                details: ['body.keepPhotoOriginals: expected a yes or no'],
              },
            }),
          })
        : route.continue(),
    );
    await box.check();
    await posting.getByRole('button', { name: 'Save posting settings' }).click();
    await expect.poll(() => posting.locator('.field__error').textContent()).toBe('expected a yes or no');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'posting settings with an error');
    await shoot(page, 'posting-settings-error-desktop');
    await page.unroute('**/api/posts/school-settings');
    expect(
      (
        (await (await page.request.get('/api/posts/school-settings')).json()) as {
          keepPhotoOriginals: boolean;
        }
      ).keepPhotoOriginals,
    ).toBe(false);

    await posting.getByRole('button', { name: 'Save posting settings' }).click();
    await expect.poll(() => posting.getByText('Posting settings saved').count()).toBe(1);
    expect(await posting.locator('.field__error').count()).toBe(0);
    expect(
      (
        (await (await page.request.get('/api/posts/school-settings')).json()) as {
          keepPhotoOriginals: boolean;
        }
      ).keepPhotoOriginals,
    ).toBe(true);
    // The check settings form beside it was not saved by this button.
    expect(await page.getByText('Settings saved', { exact: true }).count()).toBe(0);
  });

  it('shows the stored setting on a phone, the section within the window', async () => {
    const page = await smtPage(phone);
    const box = page.getByRole('region', { name: 'Posting' }).getByLabel(label);
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await box.scrollIntoViewIfNeeded();
    // The whole page fits the window (the severity table scrolls inside its own box), the section too.
    await expectNoSidewaysScroll(page, 'check settings on a phone');
    const section = await page.getByRole('region', { name: 'Posting' }).boundingBox();
    expect(section).not.toBeNull();
    expect((section?.x ?? 0) + (section?.width ?? 0)).toBeLessThanOrEqual(phone.width);
    await expectNoSeriousAxeViolations(page, 'posting settings on a phone');
    await shoot(page, 'posting-settings-phone');
  });
});
