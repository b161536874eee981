import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/shared/links.js';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  expectNoSidewaysScroll,
  heading,
  phone,
  shoot,
  startBrowserHarness,
} from './harness.js';

/**
 * A forgotten password end to end in Chromium: from the sign-in page to the request page, the emailed link
 * (read from the outbox, as its recipient would open it) to the reset page, a weak password refused in a
 * sentence, a new one set, the used link refused, and signing in with the new password. axe-core on every
 * page, on a phone (375 px).
 */
describe.skipIf(!process.env.CHROMIUM_PATH)('password reset in Chromium', () => {
  let harness: BrowserHarness;
  const email = 'staff@take1studios.example';
  const newPassword = 'copper kettle under the lime tree';

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'password-reset', withTotpSecret: false });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('asks for a link, opens it from the email, sets a new password and signs in with it', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    // The token must never reach the server: no request of the page may carry it.
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    await page.goto('/');
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await expect.poll(() => heading(page)).toBe('Forgotten your password?');
    await expectNoSeriousAxeViolations(page, 'forgotten password page');
    await expectNoSidewaysScroll(page, 'forgotten password page');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect.poll(() => heading(page)).toBe('Check your email');
    await expect.poll(() => page.locator('main').textContent()).toMatch(`If ${email} belongs to`);
    await expectNoSeriousAxeViolations(page, 'reset link sent');
    await shoot(page, 'password-reset-asked-phone');

    // The same answer for an address with no account, so the page reveals nobody.
    await page.goto('/forgotten-password');
    await page.getByLabel('Email address').fill('nobody@take1studios.example');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect.poll(() => heading(page)).toBe('Check your email');

    const mail = await harness.server.db
      .selectFrom('email_outbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', email)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Reset your Guardpost password');
    const link = /https?:\/\/\S+#token=[A-Za-z0-9_-]+/.exec(mail.text_body)?.[0] ?? '';
    expect(new URL(link).origin).toBe(harness.baseUrl);
    expect(matchRoute(new URL(link).pathname)?.route).toBe('resetPassword');
    const token = new URL(link).hash.replace('#token=', '');

    await page.goto(link);
    await expect.poll(() => heading(page)).toBe('Choose a new password');
    await expectNoSeriousAxeViolations(page, 'reset password page');
    await expectNoSidewaysScroll(page, 'reset password page');
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByLabel('New password again').fill('too short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect
      .poll(() => page.locator('.field__error').first().textContent())
      .toBe('Choose a password of at least 12 characters.');
    // The server's own rule, said as a sentence: not the email address.
    await page.getByLabel('New password', { exact: true }).fill(email);
    await page.getByLabel('New password again').fill(email);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect
      .poll(() => page.locator('.field__error').first().textContent())
      .toBe('Your password must not be your email address.');
    await expectNoSeriousAxeViolations(page, 'reset password page with an error');
    await shoot(page, 'password-reset-weak-phone');

    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => heading(page)).toBe('Your password is changed');
    await expectNoSeriousAxeViolations(page, 'password changed');

    // The link works once (a fresh load: the same address would only change the fragment).
    await page.goto('about:blank');
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('another long passphrase here');
    await page.getByLabel('New password again').fill('another long passphrase here');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => heading(page)).toBe('This link has expired or was already used');
    await expectNoSeriousAxeViolations(page, 'used reset link');
    await shoot(page, 'password-reset-used-phone');

    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('nav[aria-label="Main"]').waitFor({ state: 'attached' });

    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    await context.close();
  });

  it('says in a sentence why a single sign-on came back refused, on the sign-in page', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    // A provider sending back an answer Guardpost never asked for (or one already used).
    await page.goto('/api/auth/oidc/callback?state=made-up&code=made-up');
    await expect.poll(() => heading(page)).toBe('Sign in');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('That sign-in took too long or was already used. Start again.');
    await expectNoSeriousAxeViolations(page, 'sign-in after a refused single sign-on');
    await context.close();
  });
});
