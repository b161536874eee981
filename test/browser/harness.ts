import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { generate, generateSecret } from 'otplib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ConnectorRegistry } from '../../src/connectors/connector-registry.js';
import { loadConfig } from '../../src/platform/config.js';
import type { DbEngine } from '../../src/platform/db/create-db.js';
import { createTestDb, type TestDb } from '../../src/platform/db/test-db.js';
import { createLogger } from '../../src/platform/logger.js';
import { type RunningServer, startServer } from '../../src/server/server.js';

/**
 * What every browser suite needs: the real server (migrations, demo school, demo people and accounts) on a
 * fresh database (embedded PGlite by default; a new PostgreSQL database when the suite asks for it), Debian's Chromium, and the accessibility and screenshot helpers. The web app
 * itself is built once for the whole run by test/global-setup.ts, never by a suite: two suites building
 * into web/dist at once would serve each other half-written files.
 */
export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Flags Chromium needs on this kind of machine: headless, and no calls home the closed network refuses. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The two viewports the suites check every page at: a small phone (375 px wide) and a desktop. */
export const phone = { width: 375, height: 812 };
export const desktop = { width: 1280, height: 900 };

export interface BrowserHarness {
  engine: DbEngine;
  server: RunningServer;
  baseUrl: string;
  browser: Browser;
  demoPassword: string;
  /** Undefined when the suite wants the demo accounts to enrol an authenticator themselves. */
  demoTotpSecret: string | undefined;
  newContext(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startBrowserHarness(options: {
  name: string;
  withTotpSecret?: boolean;
  /** Connectors answering from recorded exchanges (nothing reaches a platform either way). */
  connectors?: ConnectorRegistry;
  /**
   * PGlite (the default) or PostgreSQL: a new database made for this suite from the migrated test template
   * (DATABASE_URL names the server), given to the server as its DATABASE_URL and dropped at the end.
   */
  engine?: DbEngine;
}): Promise<BrowserHarness> {
  await mkdir(screenshotDir, { recursive: true });
  const engine = options.engine ?? 'pglite';
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `guardpost-browser-${options.name}-`));
  const postgres: TestDb | undefined = engine === 'postgres' ? await createTestDb('postgres') : undefined;
  const demoPassword = `browser-${generateSecret().slice(0, 12)}`;
  const demoTotpSecret = options.withTotpSecret === false ? undefined : generateSecret();
  const config = loadConfig({
    NODE_ENV: 'test',
    GUARDPOST_DATA_DIR: dataDir,
    ...(postgres?.databaseUrl ? { DATABASE_URL: postgres.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    GUARDPOST_SEED_DEMO: 'true',
    GUARDPOST_DEMO_PASSWORD: demoPassword,
    ...(demoTotpSecret ? { GUARDPOST_DEMO_TOTP_SECRET: demoTotpSecret } : {}),
  });
  const server = await startServer(
    { ...config, host: '127.0.0.1', port: 0 },
    createLogger('silent'),
    options.connectors ? { connectors: options.connectors } : {},
  );
  if (server.context.dbEngine !== engine)
    throw new Error(`the server runs on ${server.context.dbEngine}, not on ${engine} as the suite asked`);
  const baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: chromiumArgs });
  return {
    engine,
    server,
    baseUrl,
    browser,
    demoPassword,
    demoTotpSecret,
    newContext: (viewport = desktop) => browser.newContext({ baseURL: baseUrl, viewport }),
    async close() {
      await browser.close();
      await server.close();
      // After the server: the database is dropped once nothing of the app uses it.
      await postgres?.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming where. */
export async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the app's CSP (no inline scripts) stays switched on.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const result = await runner.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
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

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().textContent()) ?? '';
}

const lastStepByEmail = new Map<string, number>();

/**
 * A TOTP code is accepted once: a second sign-in of the same account within one 30-second step would be
 * refused as a replay, so wait for the next step first.
 */
async function waitForUnusedStep(email: string): Promise<void> {
  const step = Math.floor(Date.now() / 30_000);
  if (lastStepByEmail.get(email) === step) {
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - Date.now() + 500));
  }
  lastStepByEmail.set(email, Math.floor(Date.now() / 30_000));
}

/** Fails when the page is wider than the window (content a phone user would have to scroll sideways to). */
export async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${label} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

/**
 * Signs in with the demo password, and with a TOTP code when the account asks for one. Works at any width:
 * on a phone the navigation is in the page but behind the menu button, so it is waited for as attached.
 */
export async function signIn(page: Page, harness: BrowserHarness, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(harness.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByLabel('Authentication code');
  const nav = page.locator('nav[aria-label="Main"]');
  await Promise.race([code.waitFor(), nav.waitFor({ state: 'attached' })]);
  if (!(await code.isVisible())) return;
  if (!harness.demoTotpSecret) throw new Error(`${email} asks for a code but this suite has no TOTP secret`);
  await waitForUnusedStep(email);
  await code.fill(await generate({ secret: harness.demoTotpSecret }));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await nav.waitFor({ state: 'attached' });
}
