import { generate } from 'otplib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  heading,
  shoot,
  startBrowserHarness,
} from './harness.js';

/**
 * Authenticator enrolment at first sign-in, the Security page, "Check a post" and check settings, end to
 * end in Chromium. The demo accounts get no shared TOTP secret here, so the roles that need a second
 * factor must enrol, as they would in a real school.
 */

const dsl = 'dsl@take1studios.example';
const admin = 'admin@take1studios.example';

/** A code for the next 30-second step, so it is never the step that enrolment just used. */
function nextStepCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

describe.skipIf(!process.env.CHROMIUM_PATH)('enrolment, security and checks in Chromium', () => {
  let harness: BrowserHarness;
  let demoPassword: string;
  let context: BrowserContext;
  let page: Page;
  let dslSecret = '';

  beforeAll(async () => {
    // No shared TOTP secret: the roles that need a second factor enrol, as in a real school.
    harness = await startBrowserHarness({ name: 'checks', withTotpSecret: false });
    demoPassword = harness.demoPassword;
    context = await harness.newContext();
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function signInWithPassword(target: Page, email: string): Promise<void> {
    await target.goto('/sign-in');
    await expect.poll(() => heading(target)).toBe('Sign in');
    await target.getByLabel('Email address').fill(email);
    await target.getByLabel('Password').fill(demoPassword);
    await target.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Goes through enrolment as a person would; returns the secret read off the page. */
  async function enrol(target: Page, shotName?: string): Promise<string> {
    await expect.poll(() => heading(target)).toBe('Set up your authenticator app');
    const secretText = target.locator('.totp__secret code');
    await secretText.waitFor();
    const secret = ((await secretText.textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // The QR code encodes the same otpauth URI that the page offers as text.
    expect(await target.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    await target.getByText('Show the full setup link').click();
    expect(await target.locator('.totp__uri code').textContent()).toContain(`secret=${secret}`);
    if (shotName) {
      await expectNoSeriousAxeViolations(target, 'TOTP enrolment');
      await shoot(target, shotName);
    }
    await target.getByLabel('Code from the app').fill('000000');
    await target.getByRole('button', { name: 'Confirm the code' }).click();
    await expect.poll(() => target.locator('.field__error').textContent()).toMatch(/did not work/);
    await target.getByLabel('Code from the app').fill(await generate({ secret }));
    await target.getByRole('button', { name: 'Confirm the code' }).click();
    await expect
      .poll(() => target.getByRole('heading', { name: 'Save your recovery codes' }).count())
      .toBe(1);
    expect(await target.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    expect(await target.getByText('they will not be shown again').count()).toBe(1);
    if (shotName) {
      await expectNoSeriousAxeViolations(target, 'recovery codes');
      await shoot(target, `${shotName}-recovery-codes`);
    }
    await target.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    return secret;
  }

  it('makes a DSL enrol an authenticator app at first sign-in, then signs in with a code', async () => {
    await signInWithPassword(page, dsl);
    dslSecret = await enrol(page, 'totp-enrolment-desktop');
    await expect.poll(() => heading(page)).toMatch(/^Hello, /);

    await page.locator('.account').getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, dsl);
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await code.fill(await nextStepCode(dslSecret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect.poll(() => heading(page)).toMatch(/^Hello, /);
    const me = (await (await page.request.get('/api/me')).json()) as { totpEnrolled: boolean };
    expect(me.totpEnrolled).toBe(true);
  });

  it('blocks a post naming a demo pupil under clause 2.4, and the safe version removes the name', async () => {
    const found = (await (await page.request.get('/api/people/pupils?q=')).json()) as {
      pupils: { givenName: string; familyName: string }[];
    };
    const pupil = found.pupils[0];
    if (!pupil) throw new Error('the demo school has no pupils');
    const fullName = `${pupil.givenName} ${pupil.familyName}`;

    const checks: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/checks')) checks.push(request.url());
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check a post' }).click();
    await expect.poll(() => heading(page)).toBe('Check a post');
    await expectNoSeriousAxeViolations(page, 'check a post (empty)');

    const text = page.getByLabel('Text', { exact: true });
    await text.pressSequentially(`Well done to ${fullName} for a superb match today!`, { delay: 15 });
    const verdict = page.locator('.verdict');
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toMatch(/^Blocked/);
    // Typing quickly sends one check after the pause, not one per key.
    expect(checks.length).toBeLessThanOrEqual(3);
    expect(await verdict.getAttribute('aria-live')).toBe('polite');
    const findings = page.locator('.findings');
    expect(await findings.textContent()).toContain('Clause 2.4');
    expect(await findings.textContent()).toContain('How to fix it');
    // The name is marked in the mirror with a text label, not by colour alone.
    const mark = page.locator('.mirror mark').first();
    expect(await mark.textContent()).toContain(pupil.givenName);
    expect(await mark.textContent()).toMatch(/\[Blocked: see finding/);
    await expectNoSeriousAxeViolations(page, 'check a post (blocked)');
    await shoot(page, 'check-post-blocked-desktop');

    await page.getByRole('button', { name: 'Use the safe version' }).click();
    expect(await text.inputValue()).not.toContain(fullName);
    expect(await text.inputValue()).not.toContain(pupil.familyName);
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toMatch(/^OK/);
    expect(await page.locator('.mirror mark').count()).toBe(0);
    await shoot(page, 'check-post-safe-desktop');
  });

  it('offers photo upload with pupil tagging and the no-identifiable-pupils box', async () => {
    // A 1×1 PNG: enough to switch the check to multipart and show the tagging controls.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await page
      .getByLabel('Photos (optional)')
      .setInputFiles({ name: 'sports-day.png', mimeType: 'image/png', buffer: png });
    const found = (await (await page.request.get('/api/people/pupils?q=')).json()) as {
      pupils: { givenName: string; familyName: string }[];
    };
    const pupil = found.pupils[1] ?? found.pupils[0];
    if (!pupil) throw new Error('the demo school has no pupils');
    await page.getByLabel('Tag a pupil shown in the photos').fill(pupil.familyName);
    const tag = page.getByRole('button', { name: new RegExp(`^Tag .*${pupil.familyName}`) }).first();
    await tag.click();
    await expect.poll(() => page.locator('.tagger__tagged').textContent()).toContain(pupil.familyName);
    await page.getByLabel('No pupil can be identified in these photos').check();
    await expect
      .poll(() => page.locator('.verdict').textContent(), { timeout: 20_000 })
      .toMatch(/^(Blocked|Needs review|OK)/);
    await expectNoSeriousAxeViolations(page, 'check a post (photo)');
    await shoot(page, 'check-post-photo-desktop');
  });

  it('shows the Security page and works at 375 px', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await expect.poll(() => heading(page)).toBe('Security');
    expect(await page.getByRole('button', { name: 'Set up again and get new recovery codes' }).count()).toBe(
      1,
    );
    await expectNoSeriousAxeViolations(page, 'security');
    await shoot(page, 'security-desktop');

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 812 });
    for (const [route, name] of [
      ['/check', 'check-post'],
      ['/security', 'security'],
    ] as const) {
      await phone.goto(route);
      await expect.poll(() => heading(phone)).not.toBe('');
      if (route === '/check') {
        await phone.getByLabel('Text', { exact: true }).fill('Call me on 07700 900123 after school');
        await expect
          .poll(() => phone.locator('.verdict').textContent(), { timeout: 15_000 })
          .toMatch(/^Blocked/);
      }
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      await expectNoSeriousAxeViolations(phone, `${name} at 375 px`);
      await shoot(phone, `${name}-375`);
    }
    await phone.close();
  });

  it('signs out everywhere from the Security page', async () => {
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => heading(page)).toBe('Sign in');
    expect((await page.request.get('/api/me')).status()).toBe(401);
  });

  it('lets an admin tune check settings, with errors shown beside the field', async () => {
    const adminPage = await context.newPage();
    await signInWithPassword(adminPage, admin);
    await enrol(adminPage);
    await expect.poll(() => heading(adminPage)).toMatch(/^Hello, /);
    await adminPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Check settings' })
      .click();
    await expect.poll(() => heading(adminPage)).toBe('Check settings');
    const allowed = adminPage.getByLabel('Allowed sites', { exact: true });
    await allowed.waitFor();
    await expectNoSeriousAxeViolations(adminPage, 'check settings');

    await allowed.fill('example.org\nnot a domain');
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    const error = adminPage.locator('.field--error .field__error');
    await expect.poll(() => error.first().textContent()).toMatch(/^Line 2: must be a domain/);
    expect(await allowed.getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAxeViolations(adminPage, 'check settings with an error');
    await shoot(adminPage, 'check-settings-error-desktop');

    await allowed.fill('example.org\nschool.example');
    await adminPage.getByLabel('Swearing', { exact: true }).selectOption('off');
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => adminPage.getByText('Settings saved').count()).toBe(1);
    const stored = (await (await adminPage.request.get('/api/checks/settings')).json()) as {
      allowedDomains: string[];
      severityOverrides: Record<string, string>;
    };
    expect(stored.allowedDomains).toEqual(['example.org', 'school.example']);
    expect(stored.severityOverrides['language.profanity']).toBe('off');
    await shoot(adminPage, 'check-settings-desktop');

    await adminPage.setViewportSize({ width: 375, height: 812 });
    const overflow = await adminPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'check settings scrolls sideways').toBeLessThanOrEqual(0);
    await expectNoSeriousAxeViolations(adminPage, 'check settings at 375 px');
    await shoot(adminPage, 'check-settings-375');
    await adminPage.close();
  });
});
