import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import axe from 'axe-core';
import { generate, generateSecret } from 'otplib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { type RunningServer, startServer } from '../../src/server/server.js';

/**
 * The accounts register end to end in Chromium: a member of staff registers an account and submits it,
 * a member of SMT approves it from the register, and an anonymous visitor verifies it on the public page
 * (server-rendered, no sign-in, no script).
 */

const root = path.resolve(import.meta.dirname, '../..');
const demoPassword = `browser-${generateSecret().slice(0, 12)}`;
const demoTotpSecret = generateSecret();

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().textContent()) ?? '';
}

async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const result = await runner.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByLabel('Authentication code');
  const overview = page.getByRole('navigation', { name: 'Main' });
  await Promise.race([code.waitFor(), overview.waitFor()]);
  if (await code.isVisible()) {
    await code.fill(await generate({ secret: demoTotpSecret }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await overview.waitFor();
  }
}

describe.skipIf(!process.env.CHROMIUM_PATH)('accounts register in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    await promisify(execFile)(
      path.join(root, 'node_modules', '.bin', 'vite'),
      ['build', 'web', '--logLevel', 'warn'],
      {
        cwd: root,
      },
    );
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-browser-accounts-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      GUARDPOST_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      GUARDPOST_SEED_DEMO: 'true',
      GUARDPOST_DEMO_PASSWORD: demoPassword,
      GUARDPOST_DEMO_TOTP_SECRET: demoTotpSecret,
    });
    server = await startServer({ ...config, host: '127.0.0.1', port: 0 }, createLogger('silent'));
    baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  let accountPath = '';

  it('a member of staff registers an account and submits it; students may not use it yet', async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signIn(page, 'staff@take1studios.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My accounts' }).click();
    await expect.poll(() => heading(page)).toBe('My school social media accounts');
    await expectNoSeriousAxeViolations(page, 'my accounts');
    // A personal account, declared privately, can never be registered as a school one.
    await page.getByLabel('Personal account platform').selectOption('instagram');
    await page.getByLabel('Personal handle or address').fill('@jordan.at.home');
    await page.getByRole('button', { name: 'Declare as personal' }).click();
    await expect
      .poll(() => page.locator('#personal-accounts').textContent())
      .toMatch(/Instagram: @jordan\.at\.home/);
    await page.getByRole('link', { name: 'Register an account' }).click();
    await page.getByLabel('Platform').selectOption('instagram');
    await page.getByLabel('Handle').fill('@take1.drama');
    await page.getByLabel('Purpose', { exact: true }).fill('Drama department productions');
    await page.getByLabel('Linked official school email').fill('drama@gmail.com');
    await page.getByLabel(/Direct messages with students/).check();
    await page.getByLabel(/links to the school's ICT Acceptable Use Policy/).check();
    await expectNoSeriousAxeViolations(page, 'register an account');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    // A webmail address is refused, citing clause 2.1.
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/clause 2\.1/);
    await page.getByLabel('Linked official school email').fill('drama@take1studios.example');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    accountPath = new URL(page.url()).pathname;
    await expect.poll(() => page.locator('#student-access').textContent()).toMatch(/Not approved/);
    await expectNoSeriousAxeViolations(page, 'account page');
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => page.locator('.account-title').textContent()).toMatch(/Awaiting approval/);
    await context.close();
  });

  it('SMT approves it from the register', async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signIn(page, 'smt@take1studios.example');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Accounts register' })
      .click();
    await expect.poll(() => heading(page)).toBe('Accounts register');
    await page.getByRole('link', { name: 'Instagram: @take1.drama' }).click();
    await page.waitForURL((url) => url.pathname === accountPath);
    await expectNoSeriousAxeViolations(page, 'account page for SMT');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('#student-access').textContent()).toMatch(/Approved: students may/);
    await expect.poll(() => page.locator('#history').textContent()).toMatch(/Awaiting approval → Approved/);
    await context.close();
  });

  it('anyone verifies it on the public page, without signing in, and learns no names', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/verify');
    await page.getByLabel('Account address or handle').fill('https://www.instagram.com/Take1.Drama/');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toMatch(
        /Yes: an official Take 1 Studios account on Instagram, approved on \d+ \w+ \d{4}, for Drama department productions/,
      );
    expect(await page.locator('main').textContent()).not.toMatch(/Jordan|Ellis|Nowak/);
    await page.getByLabel('Account address or handle').fill('@someone.pretending');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toMatch(/No approved account of Take 1 Studios matches/);
    await context.close();
    const withScript = await browser.newContext({ baseURL: baseUrl });
    const checked = await withScript.newPage();
    await checked.goto('/verify?account=%40take1.drama');
    await expectNoSeriousAxeViolations(checked, 'public verification page');
    await withScript.close();
  });
});
