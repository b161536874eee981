import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnectedProfiles } from '../../src/connectors/check-connected-profiles.js';
import { createDefaultConnectorRegistry } from '../../src/connectors/default-connectors.js';
import { type Replay, replay } from '../../src/connectors/recorded-http.js';
import { buildRegisteredAccount } from '../../src/connectors/testing.js';
import { checkDirectMessages } from '../../src/moderation/check-direct-messages.js';
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
 * neither. First, the demo school's account (connected to the demo platform) shows what the daily profile and
 * direct-message checks found, each with its clause. axe-core at both widths.
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
  // The server's worker runs the moderation scan every minute, which gives the newly connected account a feed and
  // may read it (listNotifications, not recorded here) while a test runs: those are not this page's calls.
  const connectionCalls = () => http.sent().filter((r) => !r.url.includes('app.bsky.notification.'));
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
      /Read comments by polling every few minutes.*Hide a comment.*Report to the platform.*Block the author/,
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
    expect(JSON.parse(connectionCalls()[0]?.body ?? '{}')).toEqual({
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
    expect(connectionCalls()).toHaveLength(1);
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
    expect(connectionCalls()[1]).toMatchObject({
      method: 'POST',
      url: `${origin}/xrpc/com.atproto.server.deleteSession`,
      authorization: `Bearer ${refreshJwt}`,
    });
    http.assertAllUsed();
    await shoot(page, 'account-connection-desktop');
    await context.close();
  });

  // Last: the Bluesky account is disconnected by now, so the daily profile check reads only the demo one.
  it('the demo account’s page says what the daily profile and DM checks found, at desktop and 375 px', async () => {
    const app = harness.server.app;
    const db = harness.server.db;
    const demo = await db
      .selectFrom('accounts as a')
      .innerJoin('schools as s', 's.id', 'a.school_id')
      .select('a.id')
      .where('s.name', '=', 'Take 1 Studios')
      .where('a.handle', '=', '@take1.newsroom')
      .executeTakeFirstOrThrow();
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'staff@take1studios.example');
    await page.goto(`/accounts/${demo.id}`);
    const panel = page.locator('#connection');
    await expect
      .poll(() => panel.locator('#connection-status').textContent())
      .toMatch(/Connected as @take1\.newsroom to the demo platform/);
    const checks = panel.locator('#connection-checks');
    expect(await checks.textContent()).toMatch(
      /The profile has not been read yet\. Guardpost can read it through the demo platform’s API: the daily check runs next at .*06:30 and looks for .*\(clause 2\.8\).*\(clause 2\.1\)/,
    );
    expect(await checks.locator('#connection-direct-messages').textContent()).toMatch(
      /has not been read yet/,
    );

    // The daily jobs, as the worker runs them: the profile check, then a day later again after the demo
    // profile gained the AUP link and the school's address; and the DM check.
    const clock = (at: string) => ({ ...app.clock, now: () => new Date(at) });
    const deps = { keyring: app.keyring, connectors: app.connectors };
    expect(
      (await checkConnectedProfiles(db, { ...deps, clock: clock('2026-12-02T06:30:00Z') })).map(
        (o) => o.outcome,
      ),
    ).toEqual(['recorded']);
    app.moderationConnections.demo.profile = {
      displayName: 'Demo account',
      bio: 'News from Take 1 Studios. Write to newsroom@take1studios.example',
      links: [{ label: 'Policy', url: 'https://www.take1studios.example/policies/ict-acceptable-use' }],
      avatarUrl: null,
    };
    expect(
      (await checkConnectedProfiles(db, { ...deps, clock: clock('2026-12-03T06:30:00Z') })).map(
        (o) => o.changed,
      ),
    ).toEqual([['bio', 'links']]);
    await checkDirectMessages(
      { db, now: new Date('2026-12-03T07:00:00Z'), connections: app.moderationConnections },
      demo.id,
    );

    await page.reload();
    const results = panel.getByRole('list', { name: 'The profile check' });
    await expect.poll(() => results.count()).toBe(1);
    const sentences = await results.getByRole('listitem').allTextContents();
    expect(sentences[0]).toMatch(
      /^The profile was last read through the demo platform’s API on 3 Dec 2026.* 06:30\. The next daily check runs at .*06:30\.$/,
    );
    expect(sentences.slice(1)).toEqual([
      'The link to the ICT Acceptable Use Policy was found in a website or link field (clause 2.8).',
      'An official school email address was found on the profile (clause 2.1).',
      expect.stringMatching(
        /^The last change was recorded on 3 Dec 2026.* 06:30: the bio and links changed\.$/,
      ),
    ]);
    expect(await checks.locator('#connection-direct-messages').textContent()).toMatch(
      /^On 3 Dec 2026.* 07:00 the platform said only accounts it follows can start a private chat with it: students cannot message it \(clause 2\.7\)\.$/,
    );
    await expectNoSeriousAxeViolations(page, 'profile check results on desktop');
    await shoot(page, 'account-profile-check-desktop');
    await context.close();

    // A colleague who may see the account page (not an owner) sees the same, on a phone.
    const phoneContext = await harness.newContext(phone);
    const phonePage = await phoneContext.newPage();
    await signIn(phonePage, harness, 'manager@take1studios.example');
    await phonePage.goto(`/accounts/${demo.id}`);
    const phoneResults = phonePage.locator('#connection').getByRole('list', { name: 'The profile check' });
    await expect.poll(() => phoneResults.count()).toBe(1);
    expect(await phoneResults.textContent()).toMatch(/found in a website or link field \(clause 2\.8\)/);
    await shoot(phonePage, 'account-profile-check-phone');
    await expectNoSidewaysScroll(phonePage, 'profile check results on a phone');
    await expectNoSeriousAxeViolations(phonePage, 'profile check results on a phone');
    await phoneContext.close();
  });
});
