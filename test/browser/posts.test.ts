import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POSTING } from '../../src/demo/demo-posts.js';
import {
  type BrowserHarness,
  expectNoSeriousAxeViolations,
  expectNoSidewaysScroll,
  heading,
  shoot,
  signIn,
  startBrowserHarness,
} from './harness.js';

/**
 * A post from draft to archive in Chromium. The demo member of staff owns the demo school's approved account
 * (every post on it needs approval). They compose a post naming a demo pupil, blocked under clause 2.4, fix
 * it with "Use initials", confirm that no pupil can be identified and send it for approval. A manager sends
 * it back with a reason; the author changes it and sends it again; the manager approves it with a reason.
 * The author records the published address and SMT finds the archive record. axe-core on each page, the
 * composer at 375 px (fixes, a photo); screenshots in test-results/screenshots.
 */

// @vladmandic/human ships a photo of one adult's face (the library author's demo), read from node_modules.
const facePhoto = path.join(
  path.dirname(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/human'))),
  'assets',
  'screenshot-faceid.jpg',
);

const phone = { width: 375, height: 812 };
const desktop = { width: 1280, height: 900 };

/** Calls the API from inside the signed-in page, with the session's CSRF token, as the app does. */
async function callApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const response = await fetch(path, {
        method,
        headers: {
          accept: 'application/json',
          'x-csrf-token': me.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as unknown };
    },
    { method, path, body },
  );
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json as T;
}

describe.skipIf(!process.env.CHROMIUM_PATH)('posts in Chromium', () => {
  let harness: BrowserHarness;
  let author: BrowserContext;
  let manager: BrowserContext;
  let smt: BrowserContext;
  let authorPage: Page;
  let smtPage: Page;
  let accountId = '';
  let postPath = '';
  let pupil: { givenName: string; familyName: string };
  let tagged: { givenName: string; familyName: string };

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'posts' });
    author = await harness.newContext(desktop);
    manager = await harness.newContext(desktop);
    smt = await harness.newContext(desktop);
    authorPage = await author.newPage();
    smtPage = await smt.newPage();
    await signIn(authorPage, harness, 'staff@take1studios.example');
    await signIn(smtPage, harness, 'smt@take1studios.example');
    // The demo school's example account (src/demo/demo-posts.ts): owned by the demo member of staff,
    // approved, and every post on it needs approval.
    const mine = await callApi<{ items: { id: string; handle: string | null; status: string }[] }>(
      authorPage,
      'GET',
      '/api/accounts/mine',
    );
    const demoAccount = mine.items.find((a) => a.handle === DEMO_POSTING.handle);
    expect(demoAccount?.status).toBe('approved');
    accountId = demoAccount?.id ?? '';
    const settings = await callApi<{ requiresApproval: boolean }>(
      smtPage,
      'GET',
      `/api/posts/account-settings/${accountId}`,
    );
    expect(settings.requiresApproval).toBe(true);
    const found = await callApi<{ pupils: { givenName: string; familyName: string }[] }>(
      authorPage,
      'GET',
      '/api/people/pupils?q=',
    );
    const first = found.pupils[0];
    if (!first) throw new Error('the demo school has no pupils');
    pupil = first;
    tagged = found.pupils[1] ?? first;
  }, 240_000);

  afterAll(async () => {
    await author?.close();
    await manager?.close();
    await smt?.close();
    await harness?.close();
  });

  it('the composer blocks a pupil’s full name under clause 2.4; "Use initials" fixes it; the author sends it for approval', async () => {
    const page = authorPage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My posts' }).click();
    await expect.poll(() => heading(page)).toBe('My posts');
    await expectNoSeriousAxeViolations(page, 'my posts (empty)');
    await page.getByRole('link', { name: 'Compose a post' }).click();
    await expect.poll(() => heading(page)).toBe('Compose a post');
    // The only approved account the author owns is chosen for them.
    await expect.poll(() => page.getByLabel('Account', { exact: true }).inputValue()).toBe(accountId);

    const fullName = `${pupil.givenName} ${pupil.familyName}`;
    const text = page.getByLabel('Text of the post');
    await text.fill(`Congratulations to ${fullName} on winning the county art prize this week.`);
    const verdict = page.locator('#result .verdict');
    await expect.poll(() => verdict.textContent()).toMatch(/^Blocked/);
    const findings = page.locator('#result .findings');
    await expect.poll(() => findings.textContent()).toMatch(/Clause 2\.4: .*A pupil’s full name/);
    await expect
      .poll(() => page.locator('#result .mirror__mark--block').first().textContent())
      .toContain(pupil.givenName);
    await expectNoSeriousAxeViolations(page, 'composer with a blocking finding');
    await shoot(page, 'posts-composer-blocked-desktop');

    await findings
      .getByRole('button', { name: /^Use initials/ })
      .first()
      .click();
    await expect.poll(() => text.inputValue()).not.toContain(pupil.familyName);
    expect(await text.inputValue()).toContain(`${pupil.givenName[0]?.toUpperCase()}. `);
    await expect.poll(() => verdict.textContent()).toMatch(/^(OK|Needs review)/);

    await page.getByLabel('No pupil can be identified in this post').check();
    const sendForApproval = page.getByRole('button', { name: 'Send for approval' });
    expect(await sendForApproval.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\/edit$/);
    await expect.poll(() => page.locator('.post-notice').textContent()).toMatch(/Draft saved \(revision 1\)/);
    // The server's verdict decides: the account needs approval for every post, so it goes for approval.
    await expect.poll(() => page.locator('#saved-verdict').textContent()).toMatch(/(OK|Needs review)\.$/);
    await expect.poll(() => sendForApproval.isEnabled()).toBe(true);
    await expectNoSeriousAxeViolations(page, 'composer with a saved draft');
    await sendForApproval.click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    postPath = new URL(page.url()).pathname;
    await expect.poll(() => page.locator('#post-status').textContent()).toBe('Awaiting approval');
    await expect.poll(() => page.locator('#next').textContent()).toMatch(/Waiting for approval/);
    await expectNoSeriousAxeViolations(page, 'post page awaiting approval');

    await page.goto('/posts');
    await expect
      .poll(() => page.getByRole('region', { name: 'My posts' }).textContent())
      .toMatch(/Instagram: @take1\.newsroom.*Awaiting approval/);
  });

  it('a photo showing a tagged pupil without written consent is blocked; "Untag" fixes it', async () => {
    const page = authorPage;
    await page.goto('/posts/new');
    await expect.poll(() => heading(page)).toBe('Compose a post');
    await page.getByLabel('Text of the post').fill('Our art club made masks for the winter fair.');
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^OK/);
    await page.getByLabel('Tag a pupil shown in the photos').fill(tagged.familyName);
    await page
      .getByRole('button', { name: new RegExp(`^Tag .*${tagged.familyName}`) })
      .first()
      .click();
    await expect.poll(() => page.locator('.tagger__tagged').textContent()).toContain(tagged.familyName);
    const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c84' } })
      .jpeg()
      .toBuffer();
    await page
      .getByLabel('Add photos')
      .setInputFiles({ name: 'masks.jpg', mimeType: 'image/jpeg', buffer: photo });
    // The server checks the photo with its tags: no consent on record for the tagged pupil blocks it.
    await expect.poll(() => page.locator('#saved-verdict').textContent()).toMatch(/says Blocked\.$/);
    const findings = page.locator('#result .findings');
    await expect.poll(() => findings.textContent()).toMatch(/Clause 2\.4: Photo without written consent/);
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^Blocked/);
    expect(await page.getByRole('button', { name: 'Send for approval' }).isDisabled()).toBe(true);
    await expectNoSeriousAxeViolations(page, 'composer with a photo finding');
    await shoot(page, 'posts-composer-untag-desktop');
    await findings.getByRole('button', { name: new RegExp(`^Untag .*${tagged.familyName}`) }).click();
    await expect.poll(() => page.locator('#saved-verdict').textContent()).toMatch(/says OK\.$/);
    expect(await page.locator('.tagger__tagged').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Send for approval' }).isEnabled()).toBe(true);
  });

  it("the live check sees the draft's stored photos: a pupil's first name beside a face is blocked before saving", async () => {
    const page = authorPage;
    await page.goto('/posts/new');
    await expect.poll(() => heading(page)).toBe('Compose a post');
    const text = page.getByLabel('Text of the post');
    await text.fill('Sports day was great fun for everyone.');
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^OK/);
    await page.getByLabel('No pupil can be identified in this post').check();
    await page
      .getByLabel('Add photos')
      .setInputFiles({ name: 'face.jpg', mimeType: 'image/jpeg', buffer: await readFile(facePhoto) });
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\/edit$/);
    await expect.poll(() => page.locator('#saved-verdict').textContent()).toMatch(/says OK\.$/);
    // Typing a first name: the draft check sends the unsaved text and the server checks it with the photo.
    await text.fill(`Well done ${pupil.givenName} at sports day.`);
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^Blocked/);
    await expect
      .poll(() => page.locator('#result .findings').textContent())
      .toMatch(/named in the text of a post with photos of children/);
    // Nothing was saved by the check; saving gives the same verdict.
    expect(await page.locator('#saved-verdict').textContent()).toMatch(/says OK\.$/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.locator('#saved-verdict').textContent()).toMatch(/says Blocked\.$/);
    await expectNoSeriousAxeViolations(page, 'composer with a live photo finding');
  });

  it('works at 375 px: findings with their fixes (remove, remove the link, initials), a photo added and removed, no sideways scroll', async () => {
    const phoneContext = await harness.newContext(phone);
    const page = await phoneContext.newPage();
    await signIn(page, harness, 'staff@take1studios.example');
    await page.goto('/posts/new');
    await expect.poll(() => heading(page)).toBe('Compose a post');
    await page
      .getByLabel('Text of the post')
      .fill(
        `Thank you ${pupil.givenName} ${pupil.familyName}, call 07700 900123 or see https://bit.ly/3xYzAbC`,
      );
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^Blocked/);
    await expect.poll(() => page.locator('#result .findings').textContent()).toMatch(/Clause 2\.4/);
    await expectNoSidewaysScroll(page, 'composer at 375 px');
    await expectNoSeriousAxeViolations(page, 'composer at 375 px');
    await shoot(page, 'posts-composer-phone');

    // One-click fixes for personal data and a shortened link; each waits for the check of the new text.
    const text = page.getByLabel('Text of the post');
    const findings = page.locator('#result .findings');
    await findings
      .getByRole('button', { name: /^Remove(?! the link)/ })
      .first()
      .click();
    await expect.poll(() => text.inputValue()).not.toContain('07700 900123');
    await findings
      .getByRole('button', { name: /^Remove the link/ })
      .first()
      .click();
    await expect.poll(() => text.inputValue()).not.toContain('bit.ly');
    await findings
      .getByRole('button', { name: /^Use initials/ })
      .first()
      .click();
    await expect.poll(() => text.inputValue()).not.toContain(pupil.familyName);
    await expect.poll(() => page.locator('#result .verdict').textContent()).toMatch(/^(OK|Needs review)/);

    // A photo: adding it saves the draft, the thumbnail of the re-encoded photo shows, and it can be removed.
    const photo = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    await page
      .getByLabel('Add photos')
      .setInputFiles({ name: 'leaves.png', mimeType: 'image/png', buffer: photo });
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\/edit$/);
    const thumbnail = page.getByRole('img', { name: 'Photo 1' });
    await expect.poll(() => thumbnail.isVisible()).toBe(true);
    await expect.poll(() => page.locator('.post-notice').textContent()).toMatch(/Photos added/);
    await expectNoSidewaysScroll(page, 'composer with a photo at 375 px');
    await expectNoSeriousAxeViolations(page, 'composer with a photo at 375 px');
    await shoot(page, 'posts-composer-photo-phone');
    await page.getByRole('button', { name: 'Remove photo 1' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Photos on this post' }).count()).toBe(0);
    await phoneContext.close();
  });

  it('a manager sends it back with a reason; the author changes it and sends it again; the manager approves it', async () => {
    const page = await manager.newPage();
    await signIn(page, harness, 'manager@take1studios.example');
    const openFromQueue = async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
      await expect.poll(() => heading(page)).toBe('Posts waiting for approval');
      const queue = page.getByRole('region', { name: 'Posts waiting for approval' });
      await expect.poll(() => queue.textContent()).toMatch(/Congratulations to/);
      await queue.getByRole('link', { name: /Congratulations to/ }).click();
      await page.waitForURL((url) => url.pathname === postPath);
    };
    await openFromQueue();
    await expect.poll(() => page.locator('#findings').textContent()).toMatch(/Findings/);
    // Opened from Approvals, the navigation says so (not "My posts": the manager did not write it).
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Approvals' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'My posts' }).getAttribute('aria-current')).toBeNull();
    await expect.poll(() => page.locator('#post-photos').textContent()).toMatch(/no pupil can be identified/);
    // Sending back needs a reason, shown beside its field.
    const change = page.getByLabel('What should change');
    await page.getByRole('button', { name: 'Send back for changes' }).click();
    await expect.poll(() => change.getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'post page for an approver, with an error');
    const wanted = 'Say which county competition it was.';
    await change.fill(wanted);
    await page.getByRole('button', { name: 'Send back for changes' }).click();
    await expect.poll(() => page.locator('#post-status').textContent()).toBe('Draft');
    await expect.poll(() => page.locator('#approvals').textContent()).toContain(wanted);

    // The author sees why, changes the text, saves and sends it again.
    await authorPage.goto(`${postPath}/edit`);
    await expect.poll(() => authorPage.locator('#sent-back').textContent()).toContain(wanted);
    const text = authorPage.getByLabel('Text of the post');
    await expect.poll(() => text.inputValue()).toMatch(/^Congratulations to/);
    await text.fill(`${await text.inputValue()} It was the Kent schools art competition.`);
    await authorPage.getByRole('button', { name: 'Save draft' }).click();
    await expect
      .poll(() => authorPage.locator('.post-notice').textContent())
      .toMatch(/Draft saved \(revision 2\)/);
    const sendAgain = authorPage.getByRole('button', { name: 'Send for approval' });
    await expect.poll(() => sendAgain.isEnabled()).toBe(true);
    await sendAgain.click();
    await authorPage.waitForURL((url) => url.pathname === postPath);
    await expect.poll(() => authorPage.locator('#post-status').textContent()).toBe('Awaiting approval');

    await openFromQueue();
    await expectNoSeriousAxeViolations(page, 'approval queue post page');
    const reason = page.getByLabel('Reason for approving');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.locator('#next .field__error').first().textContent())
      .toMatch(/Give the reason/);
    await expectNoSeriousAxeViolations(page, 'post page with an approval error');
    await reason.fill('Initials only, no pupil identifiable; fine for the school news account.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('#post-status').textContent()).toBe('Ready to publish');
    await expect.poll(() => page.locator('#approvals').textContent()).toMatch(/Initials only, no pupil/);
    await shoot(page, 'posts-approved-desktop');
    // Only the demo school's own example is left waiting.
    await page.goto('/approvals');
    const queue = page.getByRole('region', { name: 'Posts waiting for approval' });
    await expect.poll(() => queue.textContent()).toMatch(/Year 5 spent the day/);
    expect(await queue.textContent()).not.toMatch(/Congratulations to/);
    await page.close();
  });

  it('the author records the published address; SMT finds the archive record', async () => {
    const page = authorPage;
    await page.goto(postPath);
    await expect.poll(() => page.locator('#post-status').textContent()).toBe('Ready to publish');
    // The author never sees an approval form, on this post or any other.
    expect(await page.getByLabel('Reason for approving').count()).toBe(0);
    const address = page.getByLabel('Address of the published post');
    await address.fill('http://www.instagram.com/p/take1newsroom1/');
    await page.getByRole('button', { name: 'Record publication' }).click();
    await expect.poll(() => address.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('#next .field__error').textContent()).toMatch(/https:\/\//);
    await expectNoSeriousAxeViolations(page, 'post page with a publication error');
    const publishedUrl = 'https://www.instagram.com/p/take1newsroom1/';
    await address.fill(publishedUrl);
    await page.getByRole('button', { name: 'Record publication' }).click();
    await expect.poll(() => page.locator('#next').textContent()).toMatch(/Publication recorded/);
    await shoot(page, 'posts-published-desktop');

    const postId = postPath.split('/').at(-1);
    const archive = await callApi<
      { id: string; postId: string; publishedUrl: string; approvals: { reason: string }[] }[]
    >(smtPage, 'GET', `/api/archive/posts?accountId=${accountId}`);
    const record = archive.find((r) => r.postId === postId);
    expect(record?.publishedUrl).toBe(publishedUrl);
    expect(record?.approvals.map((a) => a.reason)).toEqual([
      'Initials only, no pupil identifiable; fine for the school news account.',
    ]);

    // The post page names where it went out to its author; the archive link is for those who may read it.
    await page.reload();
    await expect.poll(() => page.locator('#published-url').textContent()).toContain(publishedUrl);
    expect(await page.getByRole('link', { name: 'Open its archive record' }).count()).toBe(0);
    await smtPage.goto(postPath);
    const recordLink = smtPage.getByRole('link', { name: 'Open its archive record' });
    await expect.poll(() => recordLink.isVisible()).toBe(true);
    await recordLink.click();
    await smtPage.waitForURL((url) => url.pathname === `/archive/${record?.id}`);
    await expect.poll(() => smtPage.locator('main').textContent()).toContain(publishedUrl);
  });

  it('at 375 px: the approval queue and a post page for the approver, and a published post for its author', async () => {
    const managerPhone = await harness.newContext(phone);
    const page = await managerPhone.newPage();
    await signIn(page, harness, 'manager@take1studios.example');
    await page.goto('/approvals');
    await expect.poll(() => heading(page)).toBe('Posts waiting for approval');
    const queue = page.getByRole('region', { name: 'Posts waiting for approval' });
    await expect.poll(() => queue.textContent()).toMatch(/Year 5 spent the day/);
    await expectNoSidewaysScroll(page, 'approval queue at 375 px');
    await expectNoSeriousAxeViolations(page, 'approval queue at 375 px');
    await shoot(page, 'posts-approvals-phone');
    await queue.getByRole('link', { name: /Year 5 spent the day/ }).click();
    await page.waitForURL((url) => /^\/posts\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect.poll(() => page.getByLabel('Reason for approving').isVisible()).toBe(true);
    await expectNoSidewaysScroll(page, 'post page for an approver at 375 px');
    await expectNoSeriousAxeViolations(page, 'post page for an approver at 375 px');
    await shoot(page, 'posts-approve-phone');
    await managerPhone.close();

    const authorPhone = await harness.newContext(phone);
    const mine = await authorPhone.newPage();
    await signIn(mine, harness, 'staff@take1studios.example');
    await mine.goto(postPath);
    await expect.poll(() => mine.locator('#published-url').isVisible()).toBe(true);
    await expectNoSidewaysScroll(mine, 'published post at 375 px');
    await expectNoSeriousAxeViolations(mine, 'published post at 375 px');
    await shoot(mine, 'posts-published-phone');
    await authorPhone.close();
  });
});
