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
 * The governors' report in Chromium as the demo governor (read-only, second factor): the figures, the
 * charts of breakdowns and trends, the definitions one click away and the PDF link, at desktop and phone
 * width, axe-core clean.
 */
describe.skipIf(!process.env.CHROMIUM_PATH)("the governors' report in Chromium", () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'governors-report' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  for (const [label, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`the demo governor reads the report with its charts on ${label}`, async () => {
      const context = await harness.newContext(viewport);
      const page = await context.newPage();
      await signIn(page, harness, 'governor@take1studios.example');
      await page.goto('/reports/governors');
      await expect.poll(() => heading(page)).toBe("Governors' report");
      await expect.poll(() => page.getByText('OFFICIAL', { exact: true }).count()).toBe(1);
      await expect
        .poll(() => page.getByRole('heading', { name: 'Posts on school accounts' }).count())
        .toBe(1);
      // Charts drawn by the chart library: breakdowns and one trend per headline figure.
      await expect.poll(() => page.locator('.report-chart svg.recharts-surface').count()).toBeGreaterThan(2);
      await expect
        .poll(() => page.locator('.report-trend svg.recharts-surface').count(), { timeout: 15_000 })
        .toBeGreaterThan(5);
      // Bars are drawn once the container has measured itself.
      await expect
        .poll(() => page.locator('.recharts-bar-rectangle').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      // Every definition one click away.
      const definitions = page.getByText('Definitions of every figure');
      await definitions.click();
      await expect
        .poll(() => page.getByRole('row').filter({ hasText: 'Median time to action' }).count())
        .toBeGreaterThan(0);
      const pdf = page.getByRole('link', { name: 'Download PDF' });
      expect(await pdf.getAttribute('href')).toMatch(/^\/api\/reports\/governors\.pdf\?from=/);
      // Read-only: no other area in the navigation.
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Concerns' }).count()).toBe(0);
      await expectNoSeriousAxeViolations(page, `governors' report on ${label}`);
      if (viewport === phone) {
        const wide = await page.evaluate(() =>
          Array.from(document.querySelectorAll('main *'))
            .filter((e) => !e.closest('.visually-hidden'))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className}`),
        );
        expect(wide).toEqual([]);
        await expectNoSidewaysScroll(page, "governors' report on a phone");
      }
      await shoot(page, `governors-report-${label}`);
      await context.close();
    });
  }
});
