import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLateAcknowledgements } from '../concerns/concerns.queries.js';
import { moderationFigures } from '../moderation/moderation-figures.js';
import type { Role } from '../platform/auth/roles.js';
import type { Database } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { computeGovernorsReport, reportWindow } from '../reports/governors-report.js';
import type { ReportValue } from '../reports/report-figures.js';
import type { SchoolHeadlineKey } from '../reports/schools-figures.js';
import { getTrustDashboard } from './get-trust-dashboard.js';
import { buildTrust } from './testing.js';
import { schoolCells } from './trust-dashboard.js';

const system = { kind: 'system', label: 'trust dashboard test' } as const;
const FROM = '2026-09-01';
const TO = '2026-12-31';
const NOW = new Date('2027-01-11T09:00:00Z');
const DAY = 86_400_000;
const headlineKeys: SchoolHeadlineKey[] = [
  'policy.review_status',
  'ack.rate',
  'accounts.reapproval_due',
  'posts.checked',
  'posts.blocked',
];

/** A small deterministic generator: the same trust every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A generated school with `size` members of staff and activity in and around the range: two policy versions
 * (the current one's text shared with the trust's other schools, as a template would be), leavers and
 * governors, acknowledgements, accounts in several states, posts, comments and concerns. Size 0 is a school
 * with nothing recorded at all.
 */
async function buildSchool(db: Kysely<Database>, rand: () => number, name: string, size: number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const between = (from: string, to: string) => {
    const start = Date.parse(from);
    return new Date(start + Math.floor(rand() * (Date.parse(to) - start)));
  };
  const school = await db
    .insertInto('schools')
    .values({ name, official_email_domains: [`${name.toLowerCase().replace(/\W+/g, '')}.example`] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const schoolId = school.id;
  if (size === 0) return schoolId;
  const staffIds: string[] = [];
  for (let i = 0; i < size; i++) {
    const staff = await db
      .insertInto('staff')
      .values({ email: `s${i}.${randomUUID()}@trust.example`, given_name: 'Staff', family_name: `${i}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    staffIds.push(staff.id);
    const roles: Role[] = i === 0 ? ['governor'] : i === 1 ? ['staff', 'dsl'] : ['staff'];
    const left = rand() < 0.15;
    await db
      .insertInto('staff_memberships')
      .values({
        school_id: schoolId,
        staff_id: staff.id,
        roles,
        external_id: null,
        manager_staff_id: null,
        status: left ? 'left' : 'active',
        created_at: between('2025-06-01', '2027-01-05'),
        // Some left after the range (still counted at its end), some within it.
        updated_at: left ? between('2026-10-01', '2027-01-05') : new Date('2025-06-01T00:00:00Z'),
      })
      .execute();
  }
  const versions = [];
  for (const [v, created] of ['2025-09-01', pick(['2026-09-10', '2027-01-02'])].entries()) {
    const version = await db
      .insertInto('policy_versions')
      .values({
        school_id: schoolId,
        label: `v${v + 1}`,
        title: 'Online safety policy',
        document_text: `Template ${v}`,
        document_hash: `trust-template-${v}`,
        source: 'import',
        format: 'text',
        sections: JSON.stringify([]),
        effective_from: created,
        next_review_due: pick(['2026-11-30', '2027-01-15', '2027-09-01']),
        is_current: v === 1,
        created_at: new Date(`${created}T07:00:00Z`),
      })
      .returning(['id', 'document_hash', 'created_at'])
      .executeTakeFirstOrThrow();
    versions.push(version);
  }
  for (const version of versions) {
    for (const staffId of staffIds) {
      if (rand() < 0.3) continue;
      await db
        .insertInto('policy_acknowledgements')
        .values({
          school_id: schoolId,
          staff_id: staffId,
          policy_version_id: version.id,
          document_hash: version.document_hash,
          acknowledged_at: new Date(version.created_at.getTime() + Math.floor(rand() * 150) * DAY),
        })
        .execute();
    }
  }
  const accountIds: string[] = [];
  for (let i = 0; i < Math.ceil(size / 2); i++) {
    const account = await db
      .insertInto('accounts')
      .values({
        school_id: schoolId,
        platform: 'other',
        handle: null,
        profile_url: `https://example.org/${randomUUID()}`,
        identity_key: `web:${randomUUID()}`,
        purpose_kind: 'course',
        purpose: `Account ${i}`,
        linked_email: `a${i}@trust.example`,
        audience: [],
        about_text: null,
        about_findings: '[]',
        attests_no_direct_messages: true,
        attests_aup_link: true,
        status: 'approved',
        created_by_staff_id: pick(staffIds),
        submitted_at: null,
        approved_at: null,
        approved_by_staff_id: null,
        approval_expires_on: pick(['2026-10-15', '2027-01-20', '2027-03-01', '2027-08-31']),
        expiry_reminder_sent_for: null,
        aup_status: null,
        aup_checked_at: null,
        created_at: between('2025-09-01', '2027-01-05'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    accountIds.push(account.id);
    // Approved before the range, some suspended within it, some only after it.
    const steps: [string, string, string][] = [
      ['draft', 'submitted', '2025-09-05'],
      ['submitted', 'approved', pick(['2025-09-10', '2027-01-06'])],
    ];
    if (rand() < 0.25) steps.push(['approved', 'suspended', '2026-11-01']);
    for (const [fromStatus, toStatus, at] of steps) {
      await db
        .insertInto('account_transitions')
        .values({
          account_id: account.id,
          from_status: fromStatus as never,
          to_status: toStatus as never,
          actor_staff_id: null,
          actor_label: 'Test',
          reason: null,
          at: new Date(`${at}T10:00:00Z`),
        })
        .execute();
    }
  }
  for (let i = 0; i < size * 3; i++) {
    const created = between('2026-08-15', '2027-01-10');
    const blocked = rand() < 0.2;
    await db
      .insertInto('posts')
      .values({
        school_id: schoolId,
        account_id: pick(accountIds),
        author_staff_id: pick(staffIds),
        text: 'A generated post.',
        links: '[]',
        tagged_pupil_ids: '[]',
        no_identifiable_pupils: true,
        revision: 1,
        status: 'draft',
        verdict: blocked ? 'block' : pick(['pass', 'review'] as const),
        findings: JSON.stringify([]),
        checked_at: created,
        created_at: created,
        updated_at: created,
      })
      .execute();
  }
  for (let i = 0; i < size * 2; i++) {
    const received = between('2026-08-25', '2027-01-08');
    const acted = rand() < 0.8;
    await db
      .insertInto('moderation_items')
      .values({
        school_id: schoolId,
        account_id: pick(accountIds),
        platform: 'demo',
        platform_comment_id: `c-${randomUUID()}`,
        platform_post_id: null,
        author_platform_id: 'did:test',
        verdict: pick(['block', 'review'] as const),
        findings: '[]',
        clauses: '[]',
        disclosure: false,
        concern_draft: null,
        concern_id: null,
        state: acted ? 'actioned' : 'open',
        arrived_at: new Date(received.getTime() - Math.floor(rand() * 3_600_000)),
        received_at: received,
        actioned_at: acted ? new Date(received.getTime() + Math.floor(rand() * 20 * 3_600_000)) : null,
        escalated_at: null,
        retry_at: null,
      })
      .execute();
  }
  const key = await db
    .insertInto('data_keys')
    .values({
      id: randomUUID(),
      school_id: schoolId,
      master_key_id: 'test',
      wrapped_key: Buffer.from('key'),
      created_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < size; i++) {
    const created = between('2026-08-20', '2027-01-09');
    const acknowledged = rand() < 0.85;
    await db
      .insertInto('concerns')
      .values({
        id: randomUUID(),
        school_id: schoolId,
        reference: `C-${i}`,
        type: 'other_online_safety',
        platform: 'Web',
        occurred_at: null,
        urgency: rand() < 0.3 ? 'urgent' : 'routine',
        told_dsl_in_person: false,
        reporter_staff_id: pick(staffIds),
        subject_staff_id: null,
        data_key_id: key.id,
        content: Buffer.from('sealed'),
        assigned_staff_id: null,
        acknowledged_at: acknowledged ? new Date(created.getTime() + Math.floor(rand() * 3 * DAY)) : null,
        acknowledged_by: acknowledged ? staffIds[1] : null,
        decision: null,
        outcome: null,
        retention_until: null,
        created_at: created,
        updated_at: created,
        closed_at: null,
      })
      .execute();
  }
  return schoolId;
}

/** One school's row as its own pages give it: its governors' report, moderation figures and late count. */
async function oneSchoolAtATime(db: Kysely<Database>, schoolId: string) {
  const report = await computeGovernorsReport(db, {
    schoolId,
    schoolName: '',
    from: FROM,
    to: TO,
    producedBy: { name: 'test', role: 'System' },
    producedAt: NOW,
  });
  const figures = new Map(report.sections.flatMap((s) => s.figures).map((f) => [f.key, f.value]));
  const moderation = await moderationFigures(db, system, schoolId, { from: FROM, to: TO });
  const { start, end } = reportWindow(schoolId, FROM, TO);
  const late = await countLateAcknowledgements(db, { schoolId, start, end, asOf: NOW });
  return schoolCells({
    report: Object.fromEntries(headlineKeys.map((k) => [k, figures.get(k)])) as Record<
      SchoolHeadlineKey,
      ReportValue
    >,
    moderationMedianMinutes: moderation.minutesToAction.median,
    lateAcknowledgements: late.late,
  });
}

/** Counts the queries a call sends (a Kysely plugin sees every query, in transactions too). */
function countingQueries(db: Kysely<Database>) {
  const counter = { queries: 0 };
  const counted = db.withPlugin({
    transformQuery: (args) => {
      counter.queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { counted, counter };
}

for (const engine of testEngines()) {
  describe(`the trust dashboard's batched figures on ${engine}`, () => {
    let testDb: TestDb;
    let trustId: string;
    let schoolIds: string[];

    beforeAll(async () => {
      testDb = await createTestDb(engine);
      const rand = generator(20261205);
      // Schools of different sizes: two with enough staff for rates, one small (figures banded), one empty.
      schoolIds = [
        await buildSchool(testDb.db, rand, 'Alder Academy', 24),
        await buildSchool(testDb.db, rand, 'Birchfield School', 16),
        await buildSchool(testDb.db, rand, 'Cedar Small School', 4),
        await buildSchool(testDb.db, rand, 'Damson Empty School', 0),
      ];
      // A different routine deadline in one school: each is counted against its own.
      await testDb.db
        .insertInto('concern_settings')
        .values({ school_id: schoolIds[1] as string, routine_ack_working_days: 2, updated_at: NOW })
        .execute();
      trustId = await buildTrust(testDb.db, { schoolIds });
    });
    afterAll(async () => {
      await testDb.destroy();
    });

    it('gives each school the figures its own report, moderation figures and concerns give, one school at a time', async () => {
      const dashboard = await getTrustDashboard(
        testDb.db,
        system,
        { trustId, from: FROM, to: TO },
        '2027-01-11',
        NOW,
      );
      // In the order they joined (the same instant here, then by id).
      expect(dashboard.schools.map((s) => s.id).sort()).toEqual([...schoolIds].sort());
      for (const school of dashboard.schools) {
        const expected = await oneSchoolAtATime(testDb.db, school.id);
        const batched = Object.fromEntries(
          school.cells.map(({ key, display, value, band }) => [key, { display, value, band }]),
        );
        expect(batched, school.name).toEqual(expected);
      }
      // The generated trust exercises every kind of cell: numbers, bands and "nothing recorded".
      const cells = (name: string) =>
        Object.fromEntries(
          (dashboard.schools.find((s) => s.name === name)?.cells ?? []).map((c) => [c.key, c]),
        );
      const [alder, cedar, empty] = ['Alder Academy', 'Cedar Small School', 'Damson Empty School'].map(cells);
      expect(alder?.acknowledgement_rate?.value).toBeGreaterThan(0);
      expect(alder?.blocked_per_100?.value).toBeGreaterThan(0);
      expect(alder?.moderation_minutes?.value).toBeGreaterThan(0);
      expect(alder?.concerns_acknowledged_late?.display).not.toBe('0');
      expect(cedar?.acknowledgement_rate?.band).toBe('fewer_than_5');
      expect(empty?.policy_review?.display).toBe('No policy recorded');
      expect(empty?.acknowledgement_rate?.display).toBe('none yet');
      expect(empty?.blocked_per_100?.display).toBe('no posts');
      expect(empty?.moderation_minutes?.display).toBe('no comments actioned');
      expect(empty?.concerns_acknowledged_late?.display).toBe('0');
    });

    it('sends as many queries for four schools as for one: one per figure, not one per school', async () => {
      // A school belongs to one trust: a trust of one more generated school.
      const lone = await buildSchool(testDb.db, generator(7), 'Elm Lone School', 10);
      const one = await buildTrust(testDb.db, { schoolIds: [lone] });
      const run = async (id: string) => {
        const { counted, counter } = countingQueries(testDb.db);
        await getTrustDashboard(counted, system, { trustId: id, from: FROM, to: TO }, '2027-01-11', NOW);
        return counter.queries;
      };
      const forOne = await run(one);
      expect(await run(trustId)).toBe(forOne);
      expect(forOne).toBeLessThan(20);
    });
  });
}
