import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL } from '../../src/demo/demo-school.js';
import { testEngines } from '../../src/platform/db/test-db.js';
import { buildPostingAccount } from '../../src/posts/testing.js';
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
 * Staff personal use (policy section 1) in Chromium: the follower check reads a Facebook export in the
 * browser and every request is watched to prove no follower name or handle leaves it; only the attestation
 * is stored. Then the privacy checklist, a contact exception asked for by staff and approved by the
 * headteacher, and SMT's completion view, each axe-checked on a desktop and a phone. On every engine (the
 * server on PGlite, and on PostgreSQL when DATABASE_URL is set); the other browser suites run on PGlite only.
 */
describe.skipIf(!process.env.CHROMIUM_PATH).each(testEngines())(
  'staff personal use in Chromium (%s)',
  (engine) => {
    let harness: BrowserHarness;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      harness = await startBrowserHarness({ name: `personal-use-${engine}`, engine });
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await harness?.close();
    });

    async function pageAs(email: string, viewport = desktop): Promise<Page> {
      const context = await harness.newContext(viewport);
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, harness, email);
      return page;
    }

    it('matches a 5,000-follower export in the browser without sending any name, and stores only the attestation', async () => {
      const db = harness.server.db;
      const pupils = await db
        .selectFrom('pupils')
        .innerJoin('schools', 'schools.id', 'pupils.school_id')
        .select(['given_name', 'family_name', 'year_group'])
        .where('schools.name', '=', DEMO_SCHOOL.name)
        .where('status', '=', 'current')
        .orderBy('external_id')
        .limit(3)
        .execute();
      const carer = await db
        .selectFrom('carers')
        .innerJoin('schools', 'schools.id', 'carers.school_id')
        .select(['given_name', 'family_name'])
        .where('schools.name', '=', DEMO_SCHOOL.name)
        .orderBy('external_id')
        .executeTakeFirstOrThrow();
      const insiders = [
        ...pupils.map((p) => `${p.given_name} ${p.family_name}`),
        `${carer.given_name} ${carer.family_name}`,
      ];
      const noiseGiven = [
        'Barnaby',
        'Clementine',
        'Desmond',
        'Eugenie',
        'Fenella',
        'Gideon',
        'Octavia',
        'Percival',
      ];
      const noiseFamily = [
        'Ashdown',
        'Blakemore',
        'Carrington',
        'Dunmore',
        'Eversley',
        'Fairweather',
        'Greyling',
      ];
      const outsiders: string[] = [];
      for (let i = 0; outsiders.length < 5_000 - insiders.length; i++)
        outsiders.push(
          `${noiseGiven[i % noiseGiven.length]} ${noiseFamily[Math.floor(i / 8) % noiseFamily.length]}${i}`,
        );
      const names = [...insiders, ...outsiders];
      const exportJson = JSON.stringify({
        friends_v2: names.map((name, i) => ({ name, timestamp: 1_700_000_000 + i })),
      });

      const page = await pageAs('staff@take1studios.example');
      const sent: { url: string; body: string }[] = [];
      page.on('request', (request: Request) =>
        sent.push({ url: request.url(), body: request.postData() ?? '' }),
      );
      await page.goto('/personal-use/self-audit');
      await expect.poll(() => heading(page)).toBe('Check my followers');
      await page.getByLabel('Platform').selectOption('facebook');
      await page.getByLabel('Your export (zip or file)').setInputFiles({
        name: 'your_friends.json',
        mimeType: 'application/json',
        buffer: Buffer.from(exportJson),
      });
      await page.getByRole('button', { name: 'Check followers' }).click();
      const status = page.getByText(/accounts checked in/);
      await status.waitFor({ timeout: 60_000 });
      const statusText = (await status.textContent()) ?? '';
      const seconds = Number(/in ([\d.]+) s/.exec(statusText)?.[1]);
      process.stdout.write(`follower check in Chromium: ${statusText.trim()}\n`);
      expect(statusText).toContain('5,000 accounts checked');
      expect(Number.isFinite(seconds)).toBe(true);

      // Each insider is listed as a likely match, with why and a year group, never an outsider.
      const results = page.locator('.audit-result');
      expect(await results.count()).toBe(insiders.length);
      for (const name of insiders)
        await expect.poll(() => page.getByRole('heading', { name }).count()).toBe(1);
      expect(
        await page
          .getByText(/Display name is the first and last name of a current pupil \(Year \d+\)/)
          .count(),
      ).toBe(3);
      expect(await page.getByText(/a carer of a current pupil/).count()).toBe(1);
      await expectNoSeriousAxeViolations(page, 'follower check results');
      await shoot(page, 'personal-use-self-audit-desktop');

      // The report link opens the concern form with the kind and platform filled in.
      const report = page.getByRole('link', { name: 'Report contact to the DSL' }).first();
      expect(await report.getAttribute('href')).toBe('/concerns/report?type=pupil_contact&platform=Facebook');

      for (let i = 0; i < insiders.length; i++)
        await results
          .nth(i)
          .getByRole('button', { name: i === 0 ? 'Not this person' : 'Removed or blocked' })
          .click();
      await page.getByRole('button', { name: 'Record this check' }).click();
      await page.getByText('Check recorded').waitFor();

      // Nothing of the list left the browser: no name, no handle, no word of one, in any URL or body.
      const words = new Set(names.flatMap((n) => n.split(' ')).filter((w) => w.length >= 4));
      const leaks = sent.filter((r) => [...words].some((w) => r.url.includes(w) || r.body.includes(w)));
      expect(leaks.map((r) => r.url)).toEqual([]);
      expect(sent.some((r) => r.url.endsWith('/match'))).toBe(true);

      // Only the attestation is stored, and nothing of the list anywhere in the tables it touches.
      const attestations = await db
        .selectFrom('self_audit_attestations')
        .select(['platform', 'followers_checked', 'matches', 'all_resolved'])
        .execute();
      expect(attestations).toEqual([
        { platform: 'facebook', followers_checked: 5_000, matches: insiders.length - 1, all_resolved: true },
      ]);
      const stored = JSON.stringify(
        await Promise.all(
          (['self_audit_attestations', 'self_audit_keys', 'audit_events', 'notifications'] as const).map(
            (t) => db.selectFrom(t).selectAll().execute(),
          ),
        ),
      );
      for (const name of [...insiders, ...outsiders.slice(0, 50)]) expect(stored).not.toContain(name);
    });

    it('fits a phone: follower check, privacy checklist and the personal-use overview', async () => {
      const page = await pageAs('staff@take1studios.example', phone);
      for (const [path, title] of [
        ['/personal-use', 'My personal accounts'],
        ['/personal-use/self-audit', 'Check my followers'],
        ['/personal-use/privacy', 'Privacy settings'],
      ] as const) {
        await page.goto(path);
        await expect.poll(() => heading(page)).toBe(title);
        await page.locator('.card').first().waitFor();
        await expectNoSidewaysScroll(page, `${title} on a phone`);
        await expectNoSeriousAxeViolations(page, `${title} on a phone`);
      }
      // Privacy: tick two settings and confirm; the counts are recorded for this period.
      await page.getByLabel('Make the account private').check();
      await page.getByLabel('No location on posts').check();
      await page.getByRole('button', { name: 'I have set these' }).click();
      await page.getByText('2 of 8 settings confirmed for Instagram.').waitFor();
      await shoot(page, 'personal-use-privacy-phone');
      await page.goto('/personal-use/self-audit');
      await page.getByLabel('Platform').selectOption('x');
      await page.getByLabel('Your export (zip or file)').setInputFiles({
        name: 'follower.js',
        mimeType: 'text/javascript',
        buffer: Buffer.from(
          'window.YTD.follower.part0 = [{"follower":{"accountId":"1","userLink":"https://twitter.com/intent/user?user_id=1"}},{"follower":{"accountId":"2","userLink":"https://twitter.com/intent/user?user_id=2"}}]',
        ),
      });
      await page.getByRole('button', { name: 'Check followers' }).click();
      await page.getByText(/account numbers only/).waitFor();
      await expectNoSeriousAxeViolations(page, 'X export on a phone');
    });

    it('takes a contact exception from staff to the headteacher’s decision, and shows SMT completion', async () => {
      const staff = await pageAs('staff@take1studios.example', phone);
      await staff.goto('/personal-use/contact-exceptions');
      await expect.poll(() => heading(staff)).toBe('Personal phone and email');
      await staff.getByLabel('The number (optional)').fill('07700 900123');
      await staff
        .getByLabel('Why it is needed')
        .fill('Residential trip: carers need a number that answers at night');
      await staff.getByLabel('Who you will contact').fill('Carers of pupils on the Year 8 trip');
      const today = new Date().toISOString().slice(0, 10);
      await staff.getByLabel('From').fill(today);
      await staff.getByLabel('To').fill(today);
      await staff.getByRole('button', { name: 'Send request' }).click();
      await staff.getByText('Request sent').waitFor();
      await expectNoSidewaysScroll(staff, 'contact exceptions on a phone');
      await expectNoSeriousAxeViolations(staff, 'contact exceptions on a phone');

      const head = await pageAs('head@take1studios.example');
      await head.goto('/personal-use/contact-exceptions');
      await head.getByRole('heading', { name: 'Register of personal channels' }).waitFor();
      await head
        .getByLabel('Reason for your decision')
        .fill('No school mobile for this trip: approved for the trip only');
      await expectNoSeriousAxeViolations(head, 'headteacher decision');
      await head.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => head.getByText('approved', { exact: true }).count()).toBeGreaterThan(0);
      await shoot(head, 'personal-use-contact-register-desktop');

      const smt = await pageAs('smt@take1studios.example');
      await smt.goto('/personal-use/compliance');
      await expect.poll(() => heading(smt)).toBe('Staff personal use');
      await smt.getByRole('heading', { name: /Completion, / }).waitFor();
      await expectNoSeriousAxeViolations(smt, 'staff compliance');
      // SMT sees that the follower check was done, not what it found.
      expect(await smt.content()).not.toContain('Facebook');
      await shoot(smt, 'personal-use-compliance-desktop');
    });

    it('hands a leaver’s account over: the admin marks them left, SMT (on a phone) chooses the new owner', async () => {
      const db = harness.server.db;
      const school = await db
        .selectFrom('staff_memberships')
        .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
        .select('staff_memberships.school_id')
        .where('staff.email', '=', 'staff@take1studios.example')
        .executeTakeFirstOrThrow();
      const leaver = await db
        .insertInto('staff')
        .values({ email: 'leaver@take1studios.example', given_name: 'Wendell', family_name: 'Marchbank' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('staff_memberships')
        .values({ school_id: school.school_id, staff_id: leaver.id, roles: ['staff'] })
        .execute();
      await buildPostingAccount(db, { schoolId: school.school_id, ownerIds: [leaver.id], key: 'chessclub' });

      const admin = await pageAs('admin@take1studios.example');
      await admin.goto('/personal-use/handovers');
      await expect.poll(() => heading(admin)).toBe('Leavers’ handovers');
      await admin.getByLabel('Member of staff').selectOption({ label: 'Wendell Marchbank' });
      await admin.getByRole('button', { name: 'Mark as left' }).click();
      await expectNoSeriousAxeViolations(admin, 'marking a leaver');
      await admin.getByRole('button', { name: 'Yes, they have left' }).click();
      await admin.getByRole('link', { name: 'Wendell Marchbank' }).waitFor();
      await shoot(admin, 'personal-use-handovers-desktop');

      const smt = await pageAs('smt@take1studios.example', phone);
      await smt.goto('/notifications');
      await smt
        .locator('li.notification', { hasText: 'Wendell Marchbank has left' })
        .getByRole('link', { name: 'Open' })
        .click();
      await expect.poll(() => heading(smt)).toBe('Handover: Wendell Marchbank');
      await smt.getByText('Sole owner').waitFor();
      await expectNoSidewaysScroll(smt, 'handover on a phone');
      await expectNoSeriousAxeViolations(smt, 'handover on a phone');
      await smt.getByLabel('What happens to x @posts_chessclub').selectOption({ label: 'Sam Okafor' });
      await smt.getByRole('button', { name: 'Hand it over' }).click();
      await smt.getByText('No account on the register is theirs any more.').waitFor();
      await smt.getByText('Done', { exact: true }).waitFor();
      await expectNoSeriousAxeViolations(smt, 'handover done on a phone');
      await shoot(smt, 'personal-use-handover-phone');
      const owners = await db
        .selectFrom('account_owners')
        .innerJoin('accounts', 'accounts.id', 'account_owners.account_id')
        .innerJoin('staff', 'staff.id', 'account_owners.staff_id')
        .select('staff.email')
        .where('accounts.handle', '=', '@posts_chessclub')
        .execute();
      expect(owners).toEqual([{ email: 'staff@take1studios.example' }]);
    });
  },
);
