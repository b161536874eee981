import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/db/database.js';

/**
 * The reports bench's trust (issue 16): 50 schools, 40,000 pupils, 5,000 staff and two school years of
 * generated activity (posts, the archive, returns, takedowns, accounts and their checks, acknowledgements,
 * consents, concerns with decisions and referrals, comments moderated, attestations), bulk-inserted.
 */
export const SCHOOLS = 50;
const PUPILS_PER_SCHOOL = 800;
const STAFF_PER_SCHOOL = 100;
const ACCOUNTS_PER_SCHOOL = 20;
const START = Date.parse('2024-09-01T08:00:00Z');
const END = Date.parse('2026-08-31T16:00:00Z');
const DAY = 86_400_000;

/** A small deterministic generator: the same data every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

async function insertChunked<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Record<string, unknown>[],
  chunk = 1000,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

export async function generate(db: Kysely<Database>): Promise<string> {
  const rand = generator(20261204);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const at = (from = START, to = END) => new Date(from + Math.floor(rand() * (to - from)));
  let pupilsTotal = 0;
  let staffTotal = 0;
  let activity = 0;
  for (let s = 0; s < SCHOOLS; s++) {
    const schoolId = randomUUID();
    await db
      .insertInto('schools')
      .values({
        id: schoolId,
        name: `Trust School ${String(s + 1).padStart(2, '0')}`,
        official_email_domains: [`s${s}.example`],
      } as never)
      .execute();
    const staffIds = Array.from({ length: STAFF_PER_SCHOOL }, () => randomUUID());
    await insertChunked(
      db,
      'staff',
      staffIds.map((id, i) => ({
        id,
        email: `staff${i}@s${s}.example`,
        given_name: `Staff${i}`,
        family_name: `School${s}`,
      })),
    );
    await insertChunked(
      db,
      'staff_memberships',
      staffIds.map((id, i) => ({
        school_id: schoolId,
        staff_id: id,
        roles: i === 0 ? ['staff', 'dsl'] : i === 1 ? ['staff', 'headteacher'] : ['staff'],
        external_id: null,
        manager_staff_id: null,
        created_at: new Date(START - 30 * DAY),
      })),
    );
    staffTotal += staffIds.length;
    const pupilIds = Array.from({ length: PUPILS_PER_SCHOOL }, () => randomUUID());
    await insertChunked(
      db,
      'pupils',
      pupilIds.map((id, i) => ({
        id,
        school_id: schoolId,
        external_id: `P${i}`,
        given_name: `Pupil${i}`,
        family_name: `School${s}`,
        preferred_name: null,
        date_of_birth: '2012-05-17',
        year_group: 7 + (i % 7),
        left_on: null,
        upn: null,
      })),
    );
    pupilsTotal += pupilIds.length;
    // Two policy versions, one a year, most staff acknowledging each.
    const versions = [0, 1].map((v) => ({
      id: randomUUID(),
      school_id: schoolId,
      label: `202${4 + v}.1`,
      title: 'Online safety policy',
      document_text: `Policy ${v}`,
      document_hash: `hash-${s}-${v}`,
      source: 'seed',
      format: 'text',
      sections: '[]',
      effective_from: `202${4 + v}-09-01`,
      next_review_due: `202${5 + v}-09-01`,
      is_current: v === 1,
      created_at: new Date(Date.parse(`202${4 + v}-09-01T07:00:00Z`)),
    }));
    await insertChunked(db, 'policy_versions', versions);
    await insertChunked(
      db,
      'policy_acknowledgements',
      versions.flatMap((v) =>
        staffIds
          .filter(() => rand() < 0.92)
          .map((staffId) => ({
            school_id: schoolId,
            staff_id: staffId,
            policy_version_id: v.id,
            document_hash: v.document_hash,
            acknowledged_at: at(v.created_at.getTime(), v.created_at.getTime() + 30 * DAY),
          })),
      ),
    );
    const accountIds = Array.from({ length: ACCOUNTS_PER_SCHOOL }, () => randomUUID());
    await insertChunked(
      db,
      'accounts',
      accountIds.map((id, i) => ({
        id,
        school_id: schoolId,
        platform: pick(['instagram', 'facebook', 'x', 'other']),
        handle: `acct${i}`,
        profile_url: `https://s${s}.example/a${i}`,
        identity_key: `web:s${s}-a${i}`,
        purpose_kind: 'course',
        purpose: `Account ${i}`,
        linked_email: `a${i}@s${s}.example`,
        audience: [],
        about_text: null,
        about_findings: '[]',
        attests_no_direct_messages: true,
        attests_aup_link: true,
        status: 'approved',
        created_by_staff_id: pick(staffIds),
        submitted_at: null,
        approved_at: new Date(START),
        approved_by_staff_id: staffIds[1],
        approval_expires_on: `2026-0${1 + (i % 9)}-15`,
        expiry_reminder_sent_for: null,
        aup_status: 'found',
        aup_checked_at: new Date(START),
        created_at: new Date(START - 10 * DAY),
      })),
    );
    await insertChunked(
      db,
      'account_transitions',
      accountIds.flatMap((id) => [
        {
          account_id: id,
          from_status: 'draft',
          to_status: 'submitted',
          actor_staff_id: null,
          actor_label: 'Bench',
          reason: null,
          at: new Date(START - 9 * DAY),
        },
        {
          account_id: id,
          from_status: 'submitted',
          to_status: 'approved',
          actor_staff_id: null,
          actor_label: 'Bench',
          reason: null,
          at: new Date(START - 8 * DAY),
        },
      ]),
    );
    await insertChunked(
      db,
      'account_aup_checks',
      accountIds.flatMap((id) =>
        Array.from({ length: 24 }, (_, m) => ({
          account_id: id,
          result: rand() < 0.9 ? 'found' : 'not_found',
          reason: 'Scheduled check',
          checked_url: null,
          trigger: 'scheduled',
          checked_at: new Date(START + m * 30 * DAY),
        })),
      ),
    );
    // Posts: about 20 a school week over two years, most published, some blocked and sent back.
    const posts = Array.from({ length: 2000 }, () => {
      const created = at();
      const blocked = rand() < 0.08;
      return {
        id: randomUUID(),
        school_id: schoolId,
        account_id: pick(accountIds),
        author_staff_id: pick(staffIds),
        text: 'A generated post about the school day.',
        links: '[]',
        tagged_pupil_ids: '[]',
        no_identifiable_pupils: true,
        revision: 1,
        status: blocked ? 'draft' : 'published',
        verdict: blocked ? 'block' : 'pass',
        findings: JSON.stringify(
          blocked ? [{ rule: 'pupil.name', clause: '2.2', severity: 'block', message: 'x' }] : [],
        ),
        checked_at: created,
        created_at: created,
        updated_at: created,
      };
    });
    await insertChunked(db, 'posts', posts);
    const published = posts.filter((p) => p.status === 'published');
    const archive = published.map((p) => ({
      id: randomUUID(),
      school_id: schoolId,
      post_id: p.id,
      account_id: p.account_id,
      author_staff_id: p.author_staff_id,
      published_by_staff_id: staffIds[1],
      published_at: new Date(p.created_at.getTime() + 3_600_000),
      published_url: `https://s${s}.example/p/${p.id}`,
      text: p.text,
      links: '[]',
      photos: '[]',
      tagged_pupil_ids: '[]',
      tagged_pupils: '[]',
      no_identifiable_pupils: true,
      verdict: 'pass',
      findings: '[]',
      rule_ids: '[]',
      approvals: '[]',
    }));
    await insertChunked(db, 'post_archive', archive);
    await insertChunked(
      db,
      'post_returns',
      posts
        .filter(() => rand() < 0.1)
        .map((p) => ({
          school_id: schoolId,
          post_id: p.id,
          revision: 1,
          returned_by_staff_id: staffIds[1],
          reason: 'Please change',
          at: p.created_at,
        })),
    );
    await insertChunked(
      db,
      'post_takedown_tasks',
      archive
        .filter(() => rand() < 0.01)
        .map((a) => ({
          school_id: schoolId,
          archive_id: a.id,
          account_id: a.account_id,
          pupil_id: pick(pupilIds),
          consent_id: randomUUID(),
          reason: 'Consent withdrawn',
          created_at: a.published_at,
          due_at: new Date(a.published_at.getTime() + DAY),
          removed_at: new Date(a.published_at.getTime() + rand() * DAY),
          removed_by_staff_id: staffIds[1],
          note: null,
        })),
    );
    // Consents: social media and website for every pupil.
    await insertChunked(
      db,
      'consents',
      pupilIds.flatMap((pupilId) =>
        (['social_media', 'website'] as const).map((purpose) => ({
          school_id: schoolId,
          pupil_id: pupilId,
          purpose,
          state: rand() < 0.85 ? 'granted' : 'refused',
          carer_id: null,
          method: 'uploaded_form',
          evidence_reference: 'Form on file',
          evidence_sha256: null,
          told_by: null,
          signature_name: null,
          signed_at: null,
          signed_ip: null,
          link_id: null,
          import_id: null,
          given_on: '2024-09-02',
          expires_on: '2027-08-31',
          recorded_by_staff_id: null,
          recorded_by_label: 'Bench',
          recorded_at: new Date(START),
        })),
      ),
    );
    // Concerns: about 150 a year, with decisions, closes and referrals.
    const concerns = Array.from({ length: 300 }, (_, i) => {
      const created = at();
      return {
        id: randomUUID(),
        school_id: schoolId,
        reference: `C-${s}-${i}`,
        type: pick(['pupil_contact', 'inappropriate_communication', 'other_online_safety', 'staff_conduct']),
        platform: 'Web',
        occurred_at: null,
        urgency: rand() < 0.2 ? 'urgent' : 'routine',
        told_dsl_in_person: false,
        reporter_staff_id: pick(staffIds),
        subject_staff_id: null,
        data_key_id: randomUUID(),
        content: Buffer.from('sealed'),
        assigned_staff_id: staffIds[0],
        acknowledged_at: new Date(created.getTime() + rand() * 8 * 3_600_000),
        acknowledged_by: staffIds[0],
        decision: null,
        outcome: null,
        retention_until: null,
        created_at: created,
        updated_at: created,
        closed_at: null,
      };
    });
    await insertChunked(db, 'concerns', concerns);
    await insertChunked(
      db,
      'concern_entries',
      concerns.flatMap((c) => [
        {
          id: randomUUID(),
          school_id: schoolId,
          concern_id: c.id,
          at: new Date(c.created_at.getTime() + DAY),
          kind: 'decision',
          author_staff_id: staffIds[0],
          author_label: 'DSL',
          corrects_entry_id: null,
          facts: JSON.stringify({ decision: pick(['refer', 'early_help', 'monitor', 'no_referral']) }),
          data_key_id: null,
          content: null,
        },
        {
          id: randomUUID(),
          school_id: schoolId,
          concern_id: c.id,
          at: new Date(c.created_at.getTime() + 5 * DAY),
          kind: 'close',
          author_staff_id: staffIds[0],
          author_label: 'DSL',
          corrects_entry_id: null,
          facts: '{}',
          data_key_id: null,
          content: null,
        },
      ]),
    );
    await insertChunked(
      db,
      'concern_referrals',
      concerns
        .filter(() => rand() < 0.1)
        .map((c) => ({
          id: randomUUID(),
          school_id: schoolId,
          concern_id: c.id,
          agency: pick(['childrens_social_care', 'police', 'lado']),
          agency_reference: null,
          referred_on: new Date(c.created_at.getTime() + DAY).toISOString().slice(0, 10),
          follow_up_on: null,
          created_at: new Date(c.created_at.getTime() + DAY),
          created_by: staffIds[0],
        })),
    );
    // Comments: about 2,000 queued for a person over two years, and the daily counts of comments read.
    await insertChunked(
      db,
      'moderation_items',
      Array.from({ length: 2000 }, (_, i) => {
        const received = at();
        return {
          school_id: schoolId,
          account_id: pick(accountIds),
          platform: 'demo',
          platform_comment_id: `c${i}`,
          platform_post_id: null,
          author_platform_id: 'did:bench',
          verdict: rand() < 0.5 ? 'block' : 'review',
          findings: '[]',
          clauses: '[]',
          disclosure: false,
          concern_draft: null,
          concern_id: null,
          state: 'actioned',
          arrived_at: received,
          received_at: received,
          actioned_at: new Date(received.getTime() + rand() * 4 * 3_600_000),
          escalated_at: null,
          retry_at: null,
        };
      }),
    );
    await insertChunked(
      db,
      'moderation_daily_counts',
      Array.from({ length: Math.floor((END - START) / DAY) }, (_, d) => ({
        school_id: schoolId,
        day: new Date(START + d * DAY).toISOString().slice(0, 10),
        checked: Math.floor(rand() * 60),
      })),
    );
    await insertChunked(
      db,
      'privacy_attestations',
      ['2024-autumn', '2025-spring', '2025-summer', '2025-autumn', '2026-spring', '2026-summer'].flatMap(
        (period) =>
          staffIds
            .filter(() => rand() < 0.7)
            .map((staffId) => ({
              school_id: schoolId,
              staff_id: staffId,
              platform: 'instagram',
              period,
              checklist_version: '1',
              settings_confirmed: 5,
              settings_total: 5,
              attested_at: new Date(
                Date.parse(
                  `${period.slice(0, 4)}-0${period.endsWith('autumn') ? 9 : period.endsWith('spring') ? 1 : 4}-10T09:00:00Z`,
                ),
              ),
            })),
      ),
    );
    activity += posts.length + archive.length + concerns.length * 3 + 2000 + pupilIds.length * 2;
  }
  return `${SCHOOLS} schools, ${pupilsTotal} pupils, ${staffTotal} staff, ${activity} activity rows over 2 years`;
}
