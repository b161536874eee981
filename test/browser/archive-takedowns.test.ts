import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/consent/record-consent.js';
import type { Actor } from '../../src/platform/auth/roles.js';
import { systemClock } from '../../src/platform/clock.js';
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
 * The publication archive, takedowns and consent per class in Chromium. Two posts featuring one pupil are
 * published on an account the demo teacher owns; the pupil's carer then withdraws social media consent, so
 * the retroactive re-check opens two takedown tasks (one is made overdue, as if the deadline had passed).
 * A manager reads the class view and filters it; the teacher marks a takedown removed on a phone; SMT
 * searches the archive, opens a record and downloads its PDF. axe-core and a 375 px check on every page.
 */

const operator: Actor = { kind: 'system', label: 'browser-test' };

interface Pupil {
  id: string;
  givenName: string;
  familyName: string;
  carerId: string;
  yearGroup: number;
}

function daysFrom(today: string, days: number): string {
  const at = new Date(`${today}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

describe.skipIf(!process.env.CHROMIUM_PATH)('archive, takedowns and class consents in Chromium', () => {
  let harness: BrowserHarness;
  let schoolId: string;
  let featured: Pupil;
  let classmate: Pupil;
  const archiveIds: string[] = [];
  const handle = '@posts_archivebt';

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'archive-takedowns' });
    const db = harness.server.db;
    const today = systemClock.today();
    schoolId = (
      await db.selectFrom('schools').select('id').where('is_demo', '=', true).executeTakeFirstOrThrow()
    ).id;
    const owner = await db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'staff@take1studios.example')
      .executeTakeFirstOrThrow();
    const smt = await db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'smt@take1studios.example')
      .executeTakeFirstOrThrow();
    // Two current pupils of one year group, each with a carer holding parental responsibility.
    const rows = await db
      .selectFrom('pupils as p')
      .innerJoin('carer_pupil_links as l', 'l.pupil_id', 'p.id')
      .where('p.school_id', '=', schoolId)
      .where('p.status', '=', 'current')
      .where('p.year_group', '=', 9)
      .where('p.preferred_name', 'is', null)
      .where('l.parental_responsibility', '=', true)
      .where('l.ended_on', 'is', null)
      .select(['p.id', 'p.given_name', 'p.family_name', 'p.year_group', 'l.carer_id'])
      .orderBy('p.external_id')
      .limit(10)
      .execute();
    const distinct = [...new Map(rows.map((r) => [r.id, r])).values()];
    const [first, second] = distinct;
    if (!first || !second) throw new Error('the demo roster has no two year 9 pupils with carers');
    const toPupil = (r: typeof first): Pupil => ({
      id: r.id,
      givenName: r.given_name,
      familyName: r.family_name,
      carerId: r.carer_id,
      yearGroup: r.year_group ?? 9,
    });
    featured = toPupil(first);
    classmate = toPupil(second);

    const grant = (pupil: Pupil, state: 'granted' | 'withdrawn', givenOn: string) =>
      recordConsent(
        db,
        operator,
        {
          schoolId,
          pupilId: pupil.id,
          carerId: pupil.carerId,
          purpose: 'social_media',
          state,
          evidenceReference: `FORM-BT-${state}`,
          givenOn,
          today,
        },
        new Date(),
        // The running server's own consent deps: the withdrawal opens takedown tasks as it does there.
        harness.server.context.consent,
      );
    await grant(featured, 'granted', daysFrom(today, -30));
    await grant(classmate, 'granted', daysFrom(today, -30));

    const accountId = await buildPostingAccount(db, { schoolId, ownerIds: [owner.id], key: 'archivebt' });
    const thumbnail = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
    const publishedAt = new Date(`${daysFrom(today, -10)}T10:00:00Z`);
    for (const n of [1, 2]) {
      const post = await db
        .insertInto('posts')
        .values({
          school_id: schoolId,
          account_id: accountId,
          author_staff_id: owner.id,
          text: `Science fair stand ${n}: well done to everyone who took part`,
          links: '[]',
          tagged_pupil_ids: JSON.stringify([featured.id]),
          no_identifiable_pupils: false,
          revision: 1,
          status: 'published',
          verdict: 'review',
          findings: '[]',
          checked_at: publishedAt,
          created_at: publishedAt,
          updated_at: publishedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const archive = await db
        .insertInto('post_archive')
        .values({
          school_id: schoolId,
          post_id: post.id,
          account_id: accountId,
          author_staff_id: owner.id,
          published_by_staff_id: owner.id,
          published_at: new Date(publishedAt.getTime() + n * 60_000),
          published_url: `https://x.com/posts_archivebt/status/10${n}`,
          text: `Science fair stand ${n}: well done to everyone who took part`,
          links: '[]',
          photos: JSON.stringify([
            { sha256: `${String(n).repeat(64)}`, thumbnail: thumbnail.toString('base64') },
          ]),
          tagged_pupil_ids: JSON.stringify([featured.id]),
          tagged_pupils: JSON.stringify([
            { pupilId: featured.id, consentState: 'granted', expiresOn: `${today.slice(0, 4)}-08-31` },
          ]),
          no_identifiable_pupils: false,
          verdict: 'review',
          findings: JSON.stringify([
            {
              rule: 'image.faces',
              clause: '2.4',
              severity: 'advice',
              message: 'Faces can be seen in photo 1.',
              part: 'image',
              imageIndex: 0,
            },
            {
              rule: 'language.profanity',
              clause: '2.3',
              severity: 'review',
              message: 'A word some readers find offensive.',
              part: 'text',
            },
          ]),
          rule_ids: JSON.stringify(['image.faces', 'language.profanity']),
          approvals: JSON.stringify([
            {
              approverStaffId: smt.id,
              approverName: 'Rhys Llewellyn',
              reason: 'Reads fine in context',
              verdict: 'review',
              at: publishedAt.toISOString(),
            },
          ]),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      archiveIds.push(archive.id);
    }
    // The carer withdraws: the server's retroactive re-check opens a takedown task per publication.
    await grant(featured, 'withdrawn', today);
    const tasks = await db
      .selectFrom('post_takedown_tasks')
      .select(['id', 'archive_id'])
      .where('pupil_id', '=', featured.id)
      .execute();
    expect(tasks.map((t) => t.archive_id).sort()).toEqual([...archiveIds].sort());
    // As if the first one's deadline had passed.
    await db
      .updateTable('post_takedown_tasks')
      .set({ due_at: new Date(Date.now() - 3_600_000) })
      .where('archive_id', '=', archiveIds[0] ?? '')
      .execute();
  }, 240_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('a manager opens the class consent view, filters it to pupils without social media consent, on desktop and phone', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'manager@take1studios.example');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Class consents' })
      .click();
    await expect.poll(() => heading(page)).toBe('Class consents');
    await page.getByLabel('Year group').selectOption(String(featured.yearGroup));
    const table = page.getByRole('region', { name: `Consent in Year ${featured.yearGroup}` });
    const featuredRow = table.getByRole('row').filter({ hasText: featured.familyName }).filter({
      hasText: featured.givenName,
    });
    const classmateRow = table.getByRole('row').filter({ hasText: classmate.givenName }).filter({
      hasText: classmate.familyName,
    });
    await expect.poll(() => featuredRow.first().textContent()).toMatch(/Withdrawn/);
    expect(await classmateRow.first().textContent()).toMatch(/Granted until/);
    expect(await page.locator('#class-consents-summary').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'class consents');
    await shoot(page, 'class-consents-desktop');

    await page.getByLabel('Only pupils without social media consent').check();
    await expect.poll(() => classmateRow.count()).toBe(0);
    expect(await featuredRow.count()).toBe(1);
    expect(page.url()).toContain('without=social_media');
    // The pupil's name opens their page.
    const link = featuredRow.first().getByRole('link');
    expect(await link.getAttribute('href')).toBe(`/people/pupils/${featured.id}`);

    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, 'class consents at 375 px');
    await expectNoSeriousAxeViolations(page, 'class consents at 375 px');
    await shoot(page, 'class-consents-375');
    await context.close();
  });

  it('the account owner sees both takedowns on a phone, one overdue, and marks one removed after confirming', async () => {
    const context = await harness.newContext(phone);
    const page = await context.newPage();
    await signIn(page, harness, 'staff@take1studios.example');
    await page.goto('/');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/2 posts to take down, 1 overdue/);
    await page.goto('/takedowns');
    await expect.poll(() => heading(page)).toBe('Takedowns');
    const items = page.locator('.takedown');
    await expect.poll(() => items.count()).toBe(2);
    const overdue = items.filter({ hasText: 'Overdue' });
    expect(await overdue.count()).toBe(1);
    const list = await page.locator('.takedown-list').textContent();
    expect(list).toContain(`${featured.givenName} ${featured.familyName}`);
    expect(list).toContain('Consent withdrawn');
    expect(list).toContain(handle);
    await expectNoSidewaysScroll(page, 'takedowns at 375 px');
    await expectNoSeriousAxeViolations(page, 'takedowns');
    await shoot(page, 'takedowns-375');

    await overdue.getByRole('button', { name: 'Mark removed' }).click();
    await overdue.getByLabel('Note (optional)').fill('Deleted from X this morning');
    await expectNoSeriousAxeViolations(page, 'takedown confirmation');
    await overdue.getByRole('button', { name: 'Yes, it is removed' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/1 task still to remove, 0 overdue/));
    expect(await page.locator('.banner--success').textContent()).toMatch(/is marked removed/);
    const done = await harness.server.db
      .selectFrom('post_takedown_tasks')
      .select(['removed_at', 'note'])
      .where('archive_id', '=', archiveIds[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(done.removed_at).not.toBeNull();
    expect(done.note).toBe('Deleted from X this morning');

    await page.getByLabel('Show').selectOption('done');
    await expect.poll(() => page.locator('.takedown').textContent()).toMatch(/Done/);
    await shoot(page, 'takedowns-done-375');
    await context.close();
  });

  it('SMT searches the archive by pupil, opens a record and downloads its PDF', async () => {
    const context = await harness.newContext(desktop);
    const page = await context.newPage();
    await signIn(page, harness, 'smt@take1studios.example');
    await page.goto('/archive');
    await expect.poll(() => heading(page)).toBe('Publication archive');

    // A date range the wrong way round is refused beside the field, before anything is sent.
    await page.getByLabel('Published from').fill('2026-11-20');
    await page.getByLabel('Published to').fill('2026-11-01');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.locator('.field--error').textContent())
      .toMatch(/end date must be on or after the start date/);
    expect(await page.getByLabel('Published to').getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'archive search with an error');
    await page.getByLabel('Published from').fill('');
    await page.getByLabel('Published to').fill('');
    // A value the server refuses (here from a hand-edited address) is shown beside its field too.
    await page.goto('/archive?rule=NOT-A-RULE');
    await expect.poll(() => page.locator('.field--error').textContent()).toMatch(/Not accepted/);
    expect(await page.getByLabel('Rule').getAttribute('aria-invalid')).toBe('true');
    await page.goto('/archive');
    await expect.poll(() => heading(page)).toBe('Publication archive');

    await page.getByLabel('Pupil shown in the post').fill(featured.givenName);
    await page
      .getByRole('button', { name: new RegExp(`^Tag ${featured.givenName} ${featured.familyName}`) })
      .click();
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toContain(`pupilId=${featured.id}`);
    const results = page.getByRole('region', { name: 'Published posts found' });
    await expect.poll(() => results.getByRole('row').count()).toBe(3);
    expect(await results.textContent()).toContain(handle);
    await expectNoSeriousAxeViolations(page, 'archive results');
    await shoot(page, 'archive-search-desktop');

    // By rule too: both posts had a profanity finding, none an image.named one.
    await page.getByLabel('Rule').selectOption('image.named');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Nothing published matches/);
    await page.getByLabel('Rule').selectOption('language.profanity');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => results.getByRole('row').count()).toBe(3);

    await results.getByRole('link').first().click();
    await expect.poll(() => heading(page)).toBe('Publication record');
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toMatch(/Science fair stand/);
    const text = (await main.textContent()) ?? '';
    expect(text).toContain(`${featured.givenName} ${featured.familyName}`);
    expect(text).toMatch(/social media consent\s*Granted/);
    expect(text).toContain('Approved by Rhys Llewellyn');
    expect(text).toContain('Reads fine in context');
    expect(text).toMatch(/Clause 2\.3: Swearing/);
    expect(text).toMatch(/https:\/\/x\.com\/posts_archivebt\/status\/10[12]/);
    expect(await page.locator('.archive-photos img').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'archive record');
    await shoot(page, 'archive-record-desktop');

    const pdfLink = page.getByRole('link', { name: 'Download PDF' });
    const href = await pdfLink.getAttribute('href');
    expect(href).toMatch(/^\/api\/archive\/posts\/[0-9a-f-]+\/record\.pdf$/);
    const pdf = await page.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, 'archive record at 375 px');
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Publication archive');
    await expectNoSidewaysScroll(page, 'archive search at 375 px');
    await shoot(page, 'archive-search-375');
    await context.close();
  });
});
