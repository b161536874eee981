import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRUST } from '../../src/demo/demo-trust.js';
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
 * The demo trust account's dashboard: the demo school and the second school side by side, counts only, at
 * desktop and phone width, with axe-core; no pupil's name anywhere on the page. Then, as the trust admin,
 * adding a school and granting a trust role from the trust's own pages.
 */
describe.skipIf(!process.env.CHROMIUM_PATH)('the trust dashboard in Chromium', () => {
  let harness: BrowserHarness;
  let pupilNames: string[];

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'trust' });
    const pupils = await harness.server.db
      .selectFrom('pupils')
      .select(['given_name', 'family_name'])
      .execute();
    pupilNames = pupils.map((p) => `${p.given_name} ${p.family_name}`);
  });
  afterAll(async () => {
    await harness?.close();
  });

  for (const [label, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`shows the demo trust's two schools side by side (${label})`, async () => {
      const context = await harness.newContext(viewport);
      const page = await context.newPage();
      await signIn(page, harness, DEMO_TRUST.account.email);
      // With trust roles only, the person starts on their trust's page.
      await expect.poll(() => heading(page)).toBe(`Trust: ${DEMO_TRUST.name}`);
      const table = page.getByRole('region', { name: "The trust's schools side by side" });
      await expect
        .poll(() => table.getByRole('columnheader', { name: 'Take 1 Studios' }).isVisible())
        .toBe(true);
      await expect
        .poll(() => table.getByRole('columnheader', { name: DEMO_TRUST.secondSchool.name }).isVisible())
        .toBe(true);
      await expect.poll(() => table.getByText('Concerns acknowledged late').isVisible()).toBe(true);
      await expect
        .poll(() =>
          page.getByRole('region', { name: 'Which school is on which template version' }).isVisible(),
        )
        .toBe(true);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(pupilNames.length).toBeGreaterThan(600);
      expect(pupilNames.filter((name) => text.includes(name))).toEqual([]);
      await expectNoSeriousAxeViolations(page, `trust dashboard (${label})`);
      await expectNoSidewaysScroll(page, `trust dashboard (${label})`);
      await shoot(page, `trust-dashboard-${label}`);
      await context.close();
    });
  }

  it('publishes a template the demo school adopts, and the trust sees which school is on it', async () => {
    const trustContext = await harness.newContext(desktop);
    const trustPage = await trustContext.newPage();
    await signIn(trustPage, harness, DEMO_TRUST.account.email);
    await expect.poll(() => heading(trustPage)).toBe(`Trust: ${DEMO_TRUST.name}`);
    await trustPage.getByLabel('Version label').fill('2027 trust template');
    await trustPage
      .getByLabel('Policy text', { exact: true })
      .fill('# Trust policy\n\n## 1. Staff\n\n### 1.1 Personal accounts\nKeep personal accounts private.\n');
    await trustPage.getByRole('button', { name: "Publish to the trust's schools" }).click();
    await expect
      .poll(() => trustPage.getByText(/Version 2027 trust template, published/).isVisible())
      .toBe(true);

    const schoolContext = await harness.newContext(phone);
    const head = await schoolContext.newPage();
    await signIn(head, harness, 'head@take1studios.example');
    await head.goto('/policy/trust-templates');
    await expect.poll(() => heading(head)).toBe('Trust policy templates');
    await expect.poll(() => head.getByRole('button', { name: 'Adopt as it is' }).isVisible()).toBe(true);
    await expectNoSeriousAxeViolations(head, 'trust templates (school)');
    await expectNoSidewaysScroll(head, 'trust templates (school)');
    await head.getByRole('button', { name: 'Adopt as it is' }).click();
    await expect.poll(() => head.getByText(/Adopted .*, as it was\./).isVisible()).toBe(true);
    await shoot(head, 'trust-templates-school-phone');
    await schoolContext.close();

    await trustPage.reload();
    const adoption = trustPage.getByRole('region', { name: 'Which school is on which template version' });
    await expect
      .poll(() => adoption.getByRole('row', { name: /Take 1 Studios/ }).textContent())
      .toContain('2027 trust template');
    await expect.poll(() => trustPage.getByText(/adopted by 1 of 2 schools/).isVisible()).toBe(true);
    await trustContext.close();
  });

  for (const [label, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`lets the trust admin add a school and grant a trust role (${label})`, async () => {
      const context = await harness.newContext(viewport);
      const page = await context.newPage();
      await signIn(page, harness, DEMO_TRUST.account.email);
      await expect.poll(() => heading(page)).toBe(`Trust: ${DEMO_TRUST.name}`);
      // On a phone the navigation is behind the menu button.
      if (label === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Trust schools' })
        .click();
      await expect.poll(() => heading(page)).toBe(`Schools of ${DEMO_TRUST.name}`);
      const schools = page.getByRole('region', { name: 'Schools in the trust' });
      await expect
        .poll(() => schools.getByRole('row', { name: new RegExp(DEMO_TRUST.secondSchool.name) }).isVisible())
        .toBe(true);
      const school = `Fernwick Vale Primary ${label}`;
      await page.getByLabel('School name').fill(school);
      await page.getByLabel('Official email domains').fill(`fernwick-${label}.example`);
      await page.getByRole('button', { name: 'Add the school' }).click();
      await expect.poll(() => page.getByText(`${school} is now in the trust.`).isVisible()).toBe(true);
      await expect.poll(() => schools.getByRole('row', { name: new RegExp(school) }).isVisible()).toBe(true);
      await expectNoSeriousAxeViolations(page, `trust schools (${label})`);
      await expectNoSidewaysScroll(page, `trust schools (${label})`);
      await shoot(page, `trust-schools-${label}`);

      await page
        .getByRole('navigation', { name: 'Trust administration' })
        .getByRole('link', { name: 'People with trust roles' })
        .click();
      await expect.poll(() => heading(page)).toBe(`People with roles in ${DEMO_TRUST.name}`);
      const email = `orla.testbrook.${label}@trust.example`;
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('checkbox', { name: /^Trust executive/ }).check();
      await page.getByLabel('Given name').fill('Orla');
      await page.getByLabel('Family name').fill('Testbrook');
      await page.getByRole('button', { name: 'Grant the roles' }).click();
      await expect.poll(() => page.getByText(`Granted to ${email}.`).isVisible()).toBe(true);
      const holders = page.getByRole('region', { name: 'Who holds trust roles' });
      const row = holders.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) });
      await expect.poll(() => row.textContent()).toContain('Trust executive');
      await expectNoSeriousAxeViolations(page, `trust people (${label})`);
      await expectNoSidewaysScroll(page, `trust people (${label})`);
      await shoot(page, `trust-people-${label}`);
      const held = await harness.server.db
        .selectFrom('trust_memberships')
        .innerJoin('staff', 'staff.id', 'trust_memberships.staff_id')
        .select(['trust_memberships.roles', 'trust_memberships.status'])
        .where('staff.email', '=', email)
        .executeTakeFirstOrThrow();
      expect(held).toEqual({ roles: ['trust_executive'], status: 'active' });
      await context.close();
    });
  }
});
