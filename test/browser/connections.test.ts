import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultConnectorRegistry } from '../../src/connectors/default-connectors.js';
import { type Replay, replay } from '../../src/connectors/recorded-http.js';
import { buildRegisteredAccount } from '../../src/connectors/testing.js';
import {
  type BrowserHarness,
  desktop,
  expectNoSeriousAxeViolations,
  expectNoSidewaysScroll,
  phone,
  shoot,
  signIn,
  startBrowserHarness,
} from './harness.js';

/**
 * Connecting a school account from its page in Chromium. Bluesky answers from recorded exchanges (its
 * documented createSession and deleteSession): nothing reaches the internet, and any request not recorded
 * fails. The owner connects with an app password on a phone, then disconnects on desktop after confirming;
 * the OAuth callback's outcome is said on the page; a colleague who does not own the account is offered
 * neither. axe-core at both widths.
 */
const origin = 'https://pds.example';
const did = 'did:plc:browserschool00000000000001';
const jwt = (claims: Record<string, unknown>) => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'at+jwt', alg: 'ES256K' })}.${part(claims)}.c2lnbmF0dXJl`;
};
const refreshJwt = jwt({ scope: 'com.atproto.refresh', sub: did, exp: 1900000000 });

describe.skipIf(!process.env.CHROMIUM_PATH)('connecting an account in Chromium', () => {
  let harness: BrowserHarness;
  let http: Replay;
  let accountId = '';

  beforeAll(async () => {
    http = replay([
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.server.createSession',
        status: 200,
        body: {
          did,
          handle: 'drama.take1studios.example',
          accessJwt: jwt({ scope: 'com.atproto.appPass', sub: did, exp: 1900000000 }),
          refreshJwt,
          active: true,
        },
      },
      { method: 'POST', origin, path: '/xrpc/com.atproto.server.deleteSession', status: 200 },
    ]);
    harness = await startBrowserHarness({
      name: 'connections',
      connectors: createDefaultConnectorRegistry({ env: 'test' }, { fetch: http.fetch }),
    });
    const db = harness.server.db;
    const owner = await db
      .selectFrom('staff as s')
      .innerJoin('staff_memberships as m', 'm.staff_id', 's.id')
      .select(['s.id', 'm.school_id'])
      .where('s.email', '=', 'staff@take1studios.example')
      .executeTakeFirstOrThrow();
    accountId = await buildRegisteredAccount(db, {
      schoolId: owner.school_id,
      ownerIds: [owner.id],
      platform: 'bluesky',
      handle: '@drama.take1studios.example',
      linkedEmail: 'drama@take1studios.example',
    });
  }, 180_000);
  afterAll(async () => {
    await harness?.close();
    await http?.close();
  });

  it('the owner connects the Bluesky account with an app password on a phone', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signIn(page, harness, 'staff@take1studios.example');
    await page.goto(`/accounts/${accountId}`);
    const panel = page.locator('#connection');
    await expect.poll(() => panel.locator('#connection-status').textContent()).toMatch(/Not connected/);
    await panel.getByText('What Guardpost can do on Bluesky').click();
    expect(await panel.getByRole('list', { name: 'What Guardpost can do on Bluesky' }).textContent()).toMatch(
      /Hide a comment.*Report to the platform.*Block the author/,
    );
    expect(await panel.textContent()).toMatch(/The platform does not allow: delete a comment/);
    await expectNoSidewaysScroll(page, 'account page with its connection on a phone');
    await expectNoSeriousAxeViolations(page, 'account connection panel on a phone');
    await panel.getByLabel('Bluesky handle').fill('drama.take1studios.example');
    await panel.getByLabel('App password').fill('abcd-efgh-ijkl-mnop');
    await panel.getByLabel('Server (optional)').fill('https://pds.example');
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => panel.locator('#connection-status').textContent())
      .toMatch(/Connected as @drama\.take1studios\.example/);
    expect(JSON.parse(http.sent()[0]?.body ?? '{}')).toEqual({
      identifier: 'drama.take1studios.example',
      password: 'abcd-efgh-ijkl-mnop',
    });
    await shoot(page, 'account-connection-phone');
    await context.close();
  });

  it('a colleague who does not own the account sees its status but is offered neither action', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'manager@take1studios.example');
    await page.goto(`/accounts/${accountId}`);
    const panel = page.locator('#connection');
    await expect.poll(() => panel.locator('#connection-status').textContent()).toMatch(/Connected as/);
    expect(await panel.getByRole('button', { name: /Connect|Disconnect/ }).count()).toBe(0);
    await context.close();
  });

  it('the owner disconnects on desktop after confirming with a reason; the session ends at the platform', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'staff@take1studios.example');
    // Where the OAuth callback lands a person whose sign-in on the platform was refused.
    await page.goto(`/accounts/${accountId}?connection=refused`);
    const panel = page.locator('#connection');
    await expect
      .poll(() => panel.locator('#connection-outcome').textContent())
      .toMatch(/did not connect the account/);
    await panel.getByRole('button', { name: 'Disconnect' }).click();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    expect(http.sent()).toHaveLength(1);
    await panel.getByRole('button', { name: 'Disconnect' }).click();
    await panel
      .getByLabel('Why is it being disconnected?')
      .fill('The drama club moved to the school account');
    await expectNoSeriousAxeViolations(page, 'confirming a disconnection on desktop');
    await panel.getByRole('button', { name: 'Yes, disconnect' }).click();
    await expect
      .poll(() => panel.getByRole('status').textContent())
      .toMatch(/the platform has revoked Guardpost’s access/);
    await expect.poll(() => panel.locator('#connection-status').textContent()).toMatch(/Not connected/);
    expect(http.sent()[1]).toMatchObject({
      method: 'POST',
      url: `${origin}/xrpc/com.atproto.server.deleteSession`,
      authorization: `Bearer ${refreshJwt}`,
    });
    http.assertAllUsed();
    await shoot(page, 'account-connection-desktop');
    await context.close();
  });
});
