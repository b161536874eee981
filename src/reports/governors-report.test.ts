import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPagesText } from '../concerns/test-pdf-text.js';
import { generateDemoRoster } from '../demo/demo-people.js';
import { DEMO_SCHOOL } from '../demo/demo-school.js';
import { seedDemo } from '../demo/seed-demo.js';
import { testDemoDeps } from '../demo/testing.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { exportGovernorsReportPdf } from './export-governors-report-pdf.js';
import { getEvidencePack } from './get-evidence-pack.js';
import { getGovernorsReport } from './get-governors-report.js';
import type { Figure, GovernorsReport } from './governors-report.js';
import type { GovernorsTrends } from './governors-trends.js';

// Generated names only.
const PUPIL = { given: 'Tamsin', family: 'Orvell' };
const RANGE = 'from=2026-09-01&to=2026-12-31';

function figure(report: GovernorsReport, key: string): Figure {
  const found = report.sections.flatMap((s) => s.figures).find((f) => f.key === key);
  if (!found) throw new Error(`no figure ${key}`);
  return found;
}

for (const engine of testEngines()) {
  describe(`governors' report on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let dsl: TestSignIn;
    let teacher: TestSignIn;
    let governor: TestSignIn;
    let pupilId: string;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Larkspur Academy', official_email_domains: ['larkspur.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      pupilId = (
        await db
          .insertInto('pupils')
          .values({
            school_id: schoolId,
            external_id: 'P1',
            given_name: PUPIL.given,
            family_name: PUPIL.family,
            preferred_name: null,
            date_of_birth: '2012-05-17',
            year_group: 9,
            left_on: null,
            upn: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      dsl = await signInAs(db, { schoolId, roles: ['staff', 'dsl'], now });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now });
      governor = await signInAs(db, { schoolId, roles: ['governor'], now });
      const report = (body: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: '/api/concerns', headers: teacher.headers, payload: body });
      // Five routine online-safety concerns and one urgent one about a named pupil.
      for (let i = 0; i < 5; i++) {
        const res = await report({
          type: 'other_online_safety',
          platform: 'Web',
          whatHappened: `Generated routine report ${i}`,
          urgency: 'routine',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const urgent = await report({
        type: 'pupil_contact',
        platform: 'Instagram',
        pupils: [{ pupilId, role: 'subject' }],
        whatHappened: `${PUPIL.given} ${PUPIL.family} was messaged by a stranger`,
        urgency: 'urgent',
      });
      expect(urgent.statusCode, urgent.body).toBe(201);
    });
    afterAll(async () => {
      await t.close();
    });

    const get = (who: TestSignIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });

    it('counts concerns by category and urgency, banding 1 to 4 as fewer than 5', async () => {
      const res = await get(dsl, `/api/reports/governors?${RANGE}`);
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json() as GovernorsReport;
      expect(report.marking).toBe('OFFICIAL');
      expect(report.producedBy.role).toBe('DSL');
      const byCategory = figure(report, 'concerns.by_category');
      expect(byCategory.value).toEqual({ kind: 'count', value: 6, band: null });
      const parts = Object.fromEntries((byCategory.parts ?? []).map((p) => [p.key, p.value]));
      expect(parts.other_online_safety).toEqual({ kind: 'count', value: 5, band: null });
      expect(parts.pupil_contact).toEqual({ kind: 'count', value: null, band: 'fewer_than_5' });
      expect(parts.staff_conduct).toEqual({ kind: 'count', value: 0, band: null });
      const byUrgency = Object.fromEntries(
        (figure(report, 'concerns.by_urgency').parts ?? []).map((p) => [p.key, p.value]),
      );
      expect(byUrgency.urgent).toEqual({ kind: 'count', value: null, band: 'fewer_than_5' });
      expect(byUrgency.routine).toEqual({ kind: 'count', value: 5, band: null });
      // Nobody acknowledged yet: no median to give.
      expect(figure(report, 'concerns.median_ack_hours').value).toEqual({
        kind: 'hours',
        value: null,
        band: null,
      });
      for (const f of report.sections.flatMap((s) => s.figures))
        expect(f.definition.length).toBeGreaterThan(20);
      expect(res.body).not.toContain(PUPIL.given);
      expect(res.body).not.toContain(PUPIL.family);
      expect(res.body).not.toContain(teacher.actor.email);
    });

    it('gives the same figures for the same range, and none for a range before anything happened', async () => {
      const first = (await get(dsl, `/api/reports/governors?${RANGE}`)).json() as GovernorsReport;
      // Months later (a session would have ended by then: the use case directly).
      const second = await getGovernorsReport(
        t.testDb.db,
        { kind: 'system', label: 'report test' },
        { schoolId, from: '2026-09-01', to: '2026-12-31' },
        new Date('2027-03-01T09:00:00Z'),
      );
      expect(second.sections).toEqual(first.sections);
      const before = (
        await get(dsl, '/api/reports/governors?from=2026-01-01&to=2026-03-31')
      ).json() as GovernorsReport;
      expect(figure(before, 'concerns.by_category').value).toEqual({ kind: 'count', value: 0, band: null });
    });

    it('counts comments moderated with the median time to action, and staff attestation completion', async () => {
      const db = t.testDb.db;
      const account = await db
        .insertInto('accounts')
        .values({
          school_id: schoolId,
          platform: 'other',
          handle: null,
          profile_url: 'https://larkspur.example/blog',
          identity_key: 'web:blog.larkspur.example',
          purpose_kind: 'course',
          purpose: 'Year 9 blog',
          linked_email: 'blog@larkspur.example',
          audience: [],
          about_text: null,
          about_findings: '[]',
          attests_no_direct_messages: true,
          attests_aup_link: true,
          status: 'approved',
          created_by_staff_id: dsl.actor.staffId,
          submitted_at: null,
          approved_at: new Date('2026-09-02T09:00:00Z'),
          approved_by_staff_id: null,
          approval_expires_on: '2027-08-31',
          expiry_reminder_sent_for: null,
          aup_status: null,
          aup_checked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Six comments queued in the autumn term: five acted on after 1, 2, 3, 4 and 10 hours, one still open.
      const hours = [1, 2, 3, 4, 10, null];
      for (const [i, h] of hours.entries()) {
        const received = new Date(Date.UTC(2026, 9, 5 + i, 10));
        await db
          .insertInto('moderation_items')
          .values({
            school_id: schoolId,
            account_id: account.id,
            platform: 'demo',
            platform_comment_id: `report-${i}`,
            platform_post_id: null,
            author_platform_id: 'did:demo:report',
            verdict: i === 0 ? 'review' : 'block',
            findings: '[]',
            clauses: '[]',
            disclosure: false,
            concern_draft: null,
            concern_id: null,
            state: h === null ? 'open' : 'actioned',
            arrived_at: received,
            received_at: received,
            actioned_at: h === null ? null : new Date(received.getTime() + h * 3_600_000),
            escalated_at: null,
            retry_at: null,
          })
          .execute();
      }
      await db
        .insertInto('moderation_daily_counts')
        .values([
          { school_id: schoolId, day: '2026-10-05', checked: 40 },
          { school_id: schoolId, day: '2026-10-06', checked: 2 },
          { school_id: schoolId, day: '2026-08-31', checked: 500 },
        ])
        .execute();
      // Of the staff on the roll, the DSL attested privacy settings for the autumn term; nobody self-audited.
      await db
        .insertInto('privacy_attestations')
        .values({
          school_id: schoolId,
          staff_id: dsl.actor.staffId,
          platform: 'instagram',
          period: '2026-autumn',
          checklist_version: '1',
          settings_confirmed: 5,
          settings_total: 5,
          attested_at: new Date('2026-10-01T09:00:00Z'),
        })
        .execute();
      const report = (await get(dsl, `/api/reports/governors?${RANGE}`)).json() as GovernorsReport;
      expect(figure(report, 'moderation.checked').value).toEqual({ kind: 'count', value: 42, band: null });
      expect(figure(report, 'moderation.queued').value).toEqual({ kind: 'count', value: 6, band: null });
      expect(figure(report, 'moderation.actioned').value).toEqual({ kind: 'count', value: 5, band: null });
      expect(figure(report, 'moderation.median_action_hours').value).toEqual({
        kind: 'hours',
        value: 3,
        band: null,
      });
      const queued = Object.fromEntries(
        (figure(report, 'moderation.queued').parts ?? []).map((p) => [p.key, p.value]),
      );
      expect(queued.block).toEqual({ kind: 'count', value: 5, band: null });
      expect(queued.review).toEqual({ kind: 'count', value: null, band: 'fewer_than_5' });
      expect(figure(report, 'staff_use.period').value).toEqual({ kind: 'text', text: 'autumn term 2026' });
      // Two staff (the DSL and the teacher; not the governor): a rate over fewer than 5 is withheld.
      expect(figure(report, 'ack.staff').value).toEqual({ kind: 'count', value: null, band: 'fewer_than_5' });
      expect(figure(report, 'staff_use.privacy_rate').value).toEqual({
        kind: 'percent',
        value: null,
        band: 'fewer_than_5',
      });
      // Three more staff: five on the roll, one attested privacy settings (20%), none self-audited (0%).
      for (let i = 0; i < 3; i++) await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      const larger = (await get(dsl, `/api/reports/governors?${RANGE}`)).json() as GovernorsReport;
      expect(figure(larger, 'staff_use.privacy_rate').value).toEqual({
        kind: 'percent',
        value: 20,
        band: null,
      });
      expect(figure(larger, 'staff_use.self_audit_rate').value).toEqual({
        kind: 'percent',
        value: 0,
        band: null,
      });
      // A range before the comments: none.
      const summer = (
        await get(dsl, '/api/reports/governors?from=2026-04-01&to=2026-08-31')
      ).json() as GovernorsReport;
      expect(figure(summer, 'moderation.queued').value).toEqual({ kind: 'count', value: 0, band: null });
      expect(figure(summer, 'moderation.checked').value).toEqual({ kind: 'count', value: 500, band: null });
    });

    it('gives trends over the last terms, each point its own term’s figure, and the definitions table', async () => {
      const url = '/api/reports/governors/trends?to=2026-12-31&terms=4';
      const res = await get(governor, url);
      expect(res.statusCode, res.body).toBe(200);
      const trends = res.json() as GovernorsTrends;
      expect(trends.terms.map((term) => term.name)).toEqual([
        'Autumn term 2025',
        'Spring term 2026',
        'Summer term 2026',
        'Autumn term 2026',
      ]);
      const autumn = (await get(dsl, `/api/reports/governors?${RANGE}`)).json() as GovernorsReport;
      for (const series of trends.series) {
        expect(series.points).toHaveLength(4);
        expect(series.points[3]?.value).toEqual(figure(autumn, series.key).value);
      }
      const concerns = trends.series.find((x) => x.key === 'concerns.by_category');
      expect(concerns?.points.map((p) => p.value.value)).toEqual([0, 0, 0, 6]);
      // Reproducible: the same terms give the same points.
      expect(((await get(governor, url)).json() as GovernorsTrends).series).toEqual(trends.series);
      // Every figure's definition is in the table served with the report.
      const keys = autumn.sections.flatMap((x) => x.figures.map((f) => f.key));
      expect(autumn.definitions.map((d) => d.key)).toEqual(keys);
      expect((await get(teacher, url)).statusCode).toBe(403);
      expect((await get(dsl, '/api/reports/governors/trends?to=2026-12-31&terms=9')).statusCode).toBe(400);
      const pdf = await get(governor, `/api/reports/governors.pdf?${RANGE}`);
      const text = pdfPagesText(pdf.rawPayload).join(' ');
      expect(text).toContain('Trends over the last terms');
      expect(text).toContain('Spring term 2026');
    });

    it('gives SMT, the headteacher and the DSL the evidence pack as one zip, audited; nobody else', async () => {
      const res = await get(dsl, `/api/reports/evidence-pack?${RANGE}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/zip');
      const entries = unzipSync(new Uint8Array(res.rawPayload));
      const names = Object.keys(entries);
      for (const expected of [
        'README.txt',
        'policy/versions.csv',
        'policy/reviews.csv',
        'acknowledgements.csv',
        'accounts/register.csv',
        'accounts/approvals.csv',
        'posts/archive-index.csv',
        'consent/coverage-by-year-group.csv',
        'audit-chain-verification.csv',
        'governors-reports/governors-report-2026-09-01-to-2026-12-31.pdf',
      ]) {
        expect(names).toContain(expected);
      }
      const chain = strFromU8(entries['audit-chain-verification.csv'] as Uint8Array).split('\r\n');
      expect(chain[0]).toBe('checked_at,rows_verified,intact,first_broken_seq,reason');
      expect(chain[1]).toMatch(/,\d+,yes,,$/);
      // One pupil on the roll, in year 9, with no consent recorded.
      const coverage = strFromU8(entries['consent/coverage-by-year-group.csv'] as Uint8Array).split('\r\n');
      expect(coverage[1]).toBe('9,1,0,0,1,0,0,1,0,0,1');
      const pdf = pdfPagesText(
        Buffer.from(entries['governors-reports/governors-report-2026-09-01-to-2026-12-31.pdf'] as Uint8Array),
      ).join(' ');
      expect(pdf).toContain('OFFICIAL');
      for (const bytes of Object.values(entries)) {
        const content = strFromU8(bytes, true);
        expect(content).not.toContain(PUPIL.family);
      }
      expect(res.body).not.toContain(PUPIL.family);
      expect((await get(governor, `/api/reports/evidence-pack?${RANGE}`)).statusCode).toBe(403);
      expect((await get(teacher, `/api/reports/evidence-pack?${RANGE}`)).statusCode).toBe(403);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['data'])
        .where('school_id', '=', schoolId)
        .where('type', '=', 'report.evidence_pack_produced')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.data).toMatchObject({ from: '2026-09-01', to: '2026-12-31', files: names.length });
    });

    it('refuses a range backwards, too long or badly written, with a sentence', async () => {
      const backwards = await get(dsl, '/api/reports/governors?from=2026-12-31&to=2026-09-01');
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.code).toBe('ReportRangeInvalid');
      expect((await get(dsl, '/api/reports/governors?from=2025-01-01&to=2026-12-31')).statusCode).toBe(400);
      expect((await get(dsl, '/api/reports/governors?from=2026-02-30&to=2026-03-01')).statusCode).toBe(400);
    });

    it('lets a governor read the report and its PDF, and nothing else', async () => {
      const json = await get(governor, `/api/reports/governors?${RANGE}`);
      expect(json.statusCode, json.body).toBe(200);
      const pdf = await get(governor, `/api/reports/governors.pdf?${RANGE}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      const text = pdfPagesText(pdf.rawPayload).join(' ');
      expect(text).toContain('OFFICIAL');
      expect(text).toContain('fewer than 5');
      expect(text).toContain('Produced by');
      expect(text).not.toContain(PUPIL.family);
      for (const url of [
        '/api/concerns/mine',
        '/api/concerns',
        `/api/people/pupils/${pupilId}`,
        '/api/posts',
        '/api/accounts',
      ]) {
        expect((await get(governor, url)).statusCode, url).toBe(403);
      }
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: governor.headers,
        payload: { type: 'other_online_safety', platform: 'Web', whatHappened: 'x', urgency: 'routine' },
      });
      expect(post.statusCode).toBe(403);
      expect((await get(governor, '/api/me')).statusCode).toBe(200);
      expect((await get(teacher, `/api/reports/governors?${RANGE}`)).statusCode).toBe(403);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('school_id', '=', schoolId)
        .where('type', 'in', ['report.governors_produced', 'report.governors_viewed'])
        .execute();
      const viewed = audit.filter((a) => a.type === 'report.governors_viewed');
      // The page and the PDF (and the PDF and the two trends of the test before): one row per download.
      expect(viewed.map((a) => (a.data as { format: string }).format).sort()).toEqual([
        'json',
        'pdf',
        'pdf',
        'trends',
        'trends',
      ]);
      expect(audit.some((a) => a.type === 'report.governors_produced')).toBe(true);
    });
  });

  describe(`the demo school's governors' report on ${engine}`, () => {
    let t: TestApp;
    afterAll(async () => {
      await t.close();
    });

    it('names no demo pupil, carer or member of staff who could have reported, in the PDF or the evidence pack', async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      await seedDemo(db, testDemoDeps(t.clock), { password: 'demo report passphrase' });
      // The demo trust adds a second school: this is the demo school's report.
      const school = await db
        .selectFrom('schools')
        .select('id')
        .where('name', '=', DEMO_SCHOOL.name)
        .executeTakeFirstOrThrow();
      // The roster the demo was seeded from, generated again: the names to look for.
      const roster = generateDemoRoster('2026-11-24');
      const children = [...roster.pupils, ...roster.carers];
      expect(roster.pupils.length).toBeGreaterThan(10);
      expect(roster.carers.length).toBeGreaterThan(10);
      expect(
        await db.selectFrom('pupils').select('id').where('school_id', '=', school.id).execute(),
      ).toHaveLength(roster.pupils.length);
      const system = { kind: 'system', label: 'report test' } as const;
      const { pdf } = await exportGovernorsReportPdf(
        db,
        system,
        { schoolId: school.id, from: '2026-09-01', to: '2026-12-31' },
        t.clock.now(),
        { compress: false },
      );
      const text = pdfPagesText(pdf).join(' ');
      expect(text).toContain('OFFICIAL');
      expect(text).toContain('Posts checked');
      expect(text).toContain('Trends over the last terms');
      for (const person of [...children, ...roster.staff]) {
        expect(text).not.toContain(`${person.givenName} ${person.familyName}`);
        expect(text).not.toMatch(new RegExp(`\\b${person.familyName}\\b`));
      }
      // The evidence pack: staff are named in their records, pupils and carers nowhere (a generated pupil or
      // carer may share a member of staff's name, who is named in the records as staff).
      const staffNames = new Set(
        (await db.selectFrom('staff').select(['given_name', 'family_name']).execute()).map(
          (p) => `${p.given_name} ${p.family_name}`,
        ),
      );
      const childrenNotStaff = children.filter((p) => !staffNames.has(`${p.givenName} ${p.familyName}`));
      expect(childrenNotStaff.length).toBeGreaterThan(children.length * 0.95);
      const pack = await getEvidencePack(
        db,
        system,
        { schoolId: school.id, from: '2026-09-01', to: '2026-12-31' },
        t.clock.now(),
      );
      const entries = unzipSync(pack.zip);
      const archive = strFromU8(entries['posts/archive-index.csv'] as Uint8Array);
      expect(archive.startsWith('archive_id,published_at,')).toBe(true);
      for (const [entry, bytes] of Object.entries(entries)) {
        const content = entry.endsWith('.pdf')
          ? pdfPagesText(Buffer.from(bytes)).join(' ')
          : strFromU8(bytes);
        for (const person of childrenNotStaff) {
          expect(content, entry).not.toContain(`${person.givenName} ${person.familyName}`);
        }
      }
      const coverage = strFromU8(entries['consent/coverage-by-year-group.csv'] as Uint8Array)
        .trim()
        .split('\r\n');
      const pupilsCounted = coverage.slice(1).reduce((n, line) => n + Number(line.split(',')[1]), 0);
      expect(pupilsCounted).toBe(roster.pupils.filter((p) => !p.leftOn).length);
    });
  });
}
