import { type RawBuilder, sql } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import { type RecordKind, ruleFor } from './retention-rules.js';

/**
 * The records retention judges, over other domains' tables. Retention is the one domain that reads and
 * destroys other domains' rows: it owns the question "which records have passed their date", so it asks it
 * in SQL over their tables rather than through each domain loading whole records it would only count (no
 * domain has a published read for it). Each record's date uses its school's own period for the rule
 * (`retention_periods`), or the rule's standard period. Retention's own tables are in `retention.repository.ts`.
 */

export interface DueRecord {
  kind: 'concern' | 'consent' | 'post_archive';
  /** The concern, the pupil whose consents go together, or the archive record. */
  id: string;
  dueOn: string;
  held: boolean;
  /** An open concern is never destroyed, whatever its date. */
  open: boolean;
  /** What identifies the record to the people who decide on a hold; never safeguarding content. */
  label: string;
  pupilIds: string[];
}

const activeHold = (kind: string, id: RawBuilder<unknown>, schoolId: RawBuilder<unknown>) =>
  sql<boolean>`exists (select 1 from legal_holds h where h.lifted_at is null and h.school_id = ${schoolId}
    and h.target_kind = ${kind} and h.target_id = ${id})`;

/** The school's amount for a rule (its own period, or the standard one), as SQL over a row's school. */
function amountFor(kind: RecordKind, schoolId: RawBuilder<unknown>) {
  const rule = ruleFor(kind);
  const standard = rule.period?.standard ?? 0;
  return sql<number>`coalesce((select rp.amount from retention_periods rp
    where rp.school_id = ${schoolId} and rp.rule_id = ${rule.id}), ${sql.lit(standard)})`;
}

/** The interval of a rule's period for a row's school. */
function periodFor(kind: RecordKind, schoolId: RawBuilder<unknown>) {
  const unit = ruleFor(kind).period?.unit ?? 'days';
  return sql`make_interval(${sql.raw(unit)} => ${amountFor(kind, schoolId)})`;
}

// `retention_until` was set when the concern was reported: the youngest pupil's 25th birthday (the
// standard period). A school's own period moves it by the difference; without a date of birth the period
// runs from the day the concern was recorded.
const concernYears = amountFor('concern', sql`c.school_id`);
const concernDue = sql<string>`to_char(coalesce(c.retention_until + make_interval(years => ${concernYears} - ${sql.lit(ruleFor('concern').period?.standard ?? 25)}),
  (c.created_at at time zone 'UTC')::date + make_interval(years => ${concernYears})), 'YYYY-MM-DD')`;
const consentDue = sql<string>`to_char(p.left_on + ${periodFor('consent', sql`p.school_id`)}, 'YYYY-MM-DD')`;
const archiveDue = sql<string>`to_char((a.published_at at time zone 'UTC')::date + ${periodFor('post_archive', sql`a.school_id`)}, 'YYYY-MM-DD')`;

/** Concerns, consent histories and archive records due on or before `until` (past dates included). */
export async function findDueRecords(
  db: DbExecutor,
  options: { schoolId?: string | undefined; until: string },
): Promise<DueRecord[]> {
  const school = options.schoolId;
  const concerns = await sql<{
    id: string;
    due: string;
    held: boolean;
    open: boolean;
    label: string;
    pupils: string[];
  }>`
    select c.id, ${concernDue} as due, c.reference as label, c.status <> 'closed' as open,
      (c.legal_hold or ${activeHold('concern', sql`c.id`, sql`c.school_id`)}
        or exists (select 1 from concern_pupils cp join legal_holds h on h.target_kind = 'pupil' and h.target_id = cp.pupil_id
          and h.lifted_at is null and h.school_id = c.school_id where cp.concern_id = c.id)) as held,
      coalesce((select array_agg(cp.pupil_id::text) from concern_pupils cp where cp.concern_id = c.id), '{}') as pupils
    from concerns c
    where ${concernDue} <= ${options.until} ${school ? sql`and c.school_id = ${school}` : sql``}
    order by 2, c.reference`.execute(db);
  const consents = await sql<{ id: string; due: string; held: boolean; label: string; n: number }>`
    select p.id, ${consentDue} as due, ${activeHold('pupil', sql`p.id`, sql`p.school_id`)} as held,
      concat_ws(' ', coalesce(p.preferred_name, p.given_name), p.family_name) as label,
      (select count(*)::int from consents k where k.pupil_id = p.id) as n
    from pupils p
    where p.left_on is not null and ${consentDue} <= ${options.until}
      and exists (select 1 from consents k where k.pupil_id = p.id)
      ${school ? sql`and p.school_id = ${school}` : sql``}
    order by 2, 4`.execute(db);
  const archive = await sql<{ id: string; due: string; held: boolean; label: string; pupils: string[] }>`
    select a.id, ${archiveDue} as due, a.published_url as label,
      (${activeHold('post_archive', sql`a.id`, sql`a.school_id`)}
        or exists (select 1 from legal_holds h where h.target_kind = 'pupil' and h.lifted_at is null
          and h.school_id = a.school_id and a.tagged_pupil_ids ? h.target_id::text)) as held,
      array(select jsonb_array_elements_text(a.tagged_pupil_ids)) as pupils
    from post_archive a
    where ${archiveDue} <= ${options.until} ${school ? sql`and a.school_id = ${school}` : sql``}
    order by 2, a.published_at`.execute(db);
  return [
    ...concerns.rows.map((r) => ({
      kind: 'concern' as const,
      id: r.id,
      dueOn: r.due,
      held: r.held,
      open: r.open,
      label: r.label,
      pupilIds: r.pupils,
    })),
    ...consents.rows.map((r) => ({
      kind: 'consent' as const,
      id: r.id,
      dueOn: r.due,
      held: r.held,
      open: false,
      label: `${r.label}: ${r.n} consent record${r.n === 1 ? '' : 's'}`,
      pupilIds: [r.id],
    })),
    ...archive.rows.map((r) => ({
      kind: 'post_archive' as const,
      id: r.id,
      dueOn: r.due,
      held: r.held,
      open: false,
      label: r.label,
      pupilIds: r.pupils,
    })),
  ];
}

/** Rows of the plain kinds (no holds) that pass their date on or before `until`, per school. */
export async function countDueRows(
  db: DbExecutor,
  kind: 'notification' | 'session' | 'email' | 'password_reset',
  options: { schoolId?: string | undefined; until: Date },
): Promise<number> {
  const school = options.schoolId;
  const scoped = school ? sql`and school_id = ${school}` : sql``;
  const query = {
    notification: sql<{
      n: number;
    }>`select count(*)::int as n from notifications where created_at + ${periodFor('notification', sql`school_id`)} <= ${options.until} ${scoped}`,
    session: sql<{
      n: number;
    }>`select count(*)::int as n from sessions where coalesce(revoked_at, expires_at) + ${periodFor('session', sql`school_id`)} <= ${options.until} ${scoped}`,
    email: sql<{
      n: number;
    }>`select count(*)::int as n from email_outbox where status = 'sent' and sent_at + ${periodFor('email', sql`school_id`)} <= ${options.until} ${scoped}`,
    // Reset links belong to a person, not a school: only the deployment-wide view counts them.
    password_reset: school
      ? sql<{ n: number }>`select 0 as n`
      : sql<{
          n: number;
        }>`select count(*)::int as n from password_reset_tokens where expires_at + interval '30 days' <= ${options.until}`,
  }[kind];
  return (await query.execute(db)).rows[0]?.n ?? 0;
}

/** Lets this transaction's DELETEs through the append-only guards (see the retention migration). */
export async function allowRetentionPurge(db: DbExecutor): Promise<void> {
  await sql`select set_config('guardpost.retention_purge', 'on', true)`.execute(db);
}

const ids = (list: readonly string[]) => sql.join(list.map((id) => sql`${id}::uuid`));

/** Destroys concerns with everything recorded under them, and their data keys (crypto-shredding). */
export async function destroyConcerns(db: DbExecutor, concernIds: readonly string[]): Promise<void> {
  if (concernIds.length === 0) return;
  const list = ids(concernIds);
  const keys = await sql<{ id: string }>`
    select data_key_id as id from concerns where id in (${list}) and data_key_id is not null
    union select data_key_id from concern_entries where concern_id in (${list}) and data_key_id is not null
    union select data_key_id from concern_actions where concern_id in (${list}) and data_key_id is not null
    union select data_key_id from concern_evidence where concern_id in (${list}) and data_key_id is not null`.execute(
    db,
  );
  for (const table of [
    'concern_alerts',
    'concern_pupils',
    'concern_actions',
    'concern_referrals',
    'concern_evidence',
    'concern_entries',
  ])
    await sql`delete from ${sql.id(table)} where concern_id in (${list})`.execute(db);
  await sql`delete from concerns where id in (${list})`.execute(db);
  const keyIds = keys.rows.map((k) => k.id);
  if (keyIds.length > 0) await sql`delete from data_keys where id in (${ids(keyIds)})`.execute(db);
}

/** Destroys a pupil's whole consent history (the versions, the losses noted, the links sent to carers). */
export async function destroyConsentHistories(db: DbExecutor, pupilIds: readonly string[]): Promise<number> {
  if (pupilIds.length === 0) return 0;
  const list = ids(pupilIds);
  await sql`delete from consent_losses where pupil_id in (${list})`.execute(db);
  await sql`delete from consent_links where pupil_id in (${list})`.execute(db);
  const deleted = await sql`delete from consents where pupil_id in (${list})`.execute(db);
  return Number(deleted.numAffectedRows ?? 0);
}

/**
 * Destroys archive records with their takedown tasks and reminders, and the post each was published from:
 * the post row carries the same text, tags and photos as its archive record (its last revision is what was
 * published), so keeping it would keep the content the rule says must go. With it go its photos (and any
 * sealed original with its data key), approvals, send-backs and publication attempts.
 */
export async function destroyArchiveRecords(db: DbExecutor, archiveIds: readonly string[]): Promise<void> {
  if (archiveIds.length === 0) return;
  const list = ids(archiveIds);
  const posts = await sql<{
    id: string;
  }>`select post_id as id from post_archive where id in (${list})`.execute(db);
  await sql`delete from post_takedown_reminders where task_id in (select id from post_takedown_tasks where archive_id in (${list}))`.execute(
    db,
  );
  await sql`delete from post_takedown_tasks where archive_id in (${list})`.execute(db);
  await sql`delete from post_publications where archive_id in (${list})`.execute(db);
  await sql`delete from post_archive where id in (${list})`.execute(db);
  await destroyPosts(
    db,
    posts.rows.map((p) => p.id),
  );
}

/** Destroys posts with everything saved under them; their sealed photo originals' data keys too. */
async function destroyPosts(db: DbExecutor, postIds: readonly string[]): Promise<void> {
  if (postIds.length === 0) return;
  const list = ids(postIds);
  const photos = sql`select id from post_photos where post_id in (${list})`;
  const keys = await sql<{
    id: string;
  }>`select data_key_id as id from post_photo_originals where photo_id in (${photos})`.execute(db);
  await sql`delete from post_photo_originals where photo_id in (${photos})`.execute(db);
  const keyIds = keys.rows.map((k) => k.id);
  if (keyIds.length > 0) await sql`delete from data_keys where id in (${ids(keyIds)})`.execute(db);
  for (const table of ['post_photos', 'post_approvals', 'post_returns', 'post_publications'])
    await sql`delete from ${sql.id(table)} where post_id in (${list})`.execute(db);
  await sql`delete from posts where id in (${list})`.execute(db);
}

/** Deletes the plain kinds past their date; returns how many went per school (null: no school). */
export async function destroyDueRows(
  db: DbExecutor,
  kind: 'notification' | 'session' | 'email' | 'password_reset',
  now: Date,
): Promise<Map<string | null, number>> {
  const query = {
    notification: sql<{
      school_id: string | null;
    }>`delete from notifications where created_at + ${periodFor('notification', sql`school_id`)} <= ${now} returning school_id`,
    session: sql<{
      school_id: string | null;
    }>`delete from sessions where coalesce(revoked_at, expires_at) + ${periodFor('session', sql`school_id`)} <= ${now} returning school_id`,
    email: sql<{
      school_id: string | null;
    }>`delete from email_outbox where status = 'sent' and sent_at + ${periodFor('email', sql`school_id`)} <= ${now} returning school_id`,
    password_reset: sql<{
      school_id: string | null;
    }>`delete from password_reset_tokens where expires_at + interval '30 days' <= ${now} returning null::uuid as school_id`,
  }[kind];
  const counts = new Map<string | null, number>();
  for (const row of (await query.execute(db)).rows)
    counts.set(row.school_id, (counts.get(row.school_id) ?? 0) + 1);
  return counts;
}

export type PlainKind = Extract<RecordKind, 'notification' | 'session' | 'email' | 'password_reset'>;

const tableOf = {
  concern: 'concerns',
  consent: 'pupils',
  pupil: 'pupils',
  post_archive: 'post_archive',
} as const;

/** How many of these records (of one kind) belong to each school, for the tombstones. */
export async function countBySchool(
  db: DbExecutor,
  kind: 'concern' | 'consent' | 'post_archive',
  recordIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (recordIds.length === 0) return counts;
  const rows = await db
    .selectFrom(tableOf[kind])
    .select(['id', 'school_id'])
    .where('id', 'in', [...recordIds])
    .execute();
  for (const row of rows) counts.set(row.school_id, (counts.get(row.school_id) ?? 0) + 1);
  return counts;
}

/** Whether a concern or an archive record is one of the school's (a hold names only the school's own). */
export async function recordInSchool(
  db: DbExecutor,
  kind: 'concern' | 'post_archive',
  id: string,
  schoolId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom(tableOf[kind])
    .select('id')
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return row !== undefined;
}
