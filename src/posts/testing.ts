import type { DbExecutor } from '../platform/db/database.js';

/** Test factory: an account on the register with these owners, approved unless told otherwise. */
export async function buildPostingAccount(
  db: DbExecutor,
  input: { schoolId: string; ownerIds: readonly string[]; key: string; status?: 'approved' | 'submitted' },
): Promise<string> {
  const [first] = input.ownerIds;
  if (!first) throw new Error('an account needs an owner');
  const account = await db
    .insertInto('accounts')
    .values({
      school_id: input.schoolId,
      platform: 'x',
      handle: `@posts_${input.key}`,
      profile_url: null,
      identity_key: `x:posts_${input.key}`,
      purpose_kind: 'club',
      purpose: 'Club news',
      linked_email: `club-${input.key}@school.example`,
      audience: ['parents'],
      about_text: null,
      about_findings: '[]',
      attests_no_direct_messages: true,
      attests_aup_link: true,
      status: input.status ?? 'approved',
      created_by_staff_id: first,
      submitted_at: null,
      approved_at: null,
      approved_by_staff_id: null,
      approval_expires_on: null,
      expiry_reminder_sent_for: null,
      aup_status: null,
      aup_checked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('account_owners')
    .values(
      input.ownerIds.map((staffId, i) => ({
        account_id: account.id,
        staff_id: staffId,
        is_primary: i === 0,
      })),
    )
    .execute();
  return account.id;
}

/**
 * Test factory: a published post as publication leaves it: the post (its last revision, status published)
 * with a photo and an approval, and its archive record carrying the same text. Generated words only.
 */
export async function buildArchivedPost(
  db: DbExecutor,
  input: { schoolId: string; authorStaffId: string; publishedAt: Date; key: string; text?: string },
): Promise<{ postId: string; archiveId: string; accountId: string }> {
  const accountId = await buildPostingAccount(db, {
    schoolId: input.schoolId,
    ownerIds: [input.authorStaffId],
    key: input.key,
  });
  const text = input.text ?? `Our quorvent club met the ${input.key} team today`;
  const at = input.publishedAt;
  const post = await db
    .insertInto('posts')
    .values({
      school_id: input.schoolId,
      account_id: accountId,
      author_staff_id: input.authorStaffId,
      text,
      links: '[]',
      tagged_pupil_ids: '[]',
      no_identifiable_pupils: true,
      revision: 2,
      status: 'published',
      verdict: 'pass',
      findings: '[]',
      checked_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pixel = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
  await db
    .insertInto('post_photos')
    .values({
      school_id: input.schoolId,
      post_id: post.id,
      sha256: `sha-${input.key}`,
      content: pixel,
      thumbnail: pixel,
      width: 1,
      height: 1,
      added_at: at,
      removed_at: null,
    })
    .execute();
  await db
    .insertInto('post_approvals')
    .values({
      school_id: input.schoolId,
      post_id: post.id,
      revision: 2,
      approver_staff_id: input.authorStaffId,
      verdict: 'pass',
      reason: 'Fine to publish',
      at,
    })
    .execute();
  const archive = await db
    .insertInto('post_archive')
    .values({
      school_id: input.schoolId,
      post_id: post.id,
      account_id: accountId,
      author_staff_id: input.authorStaffId,
      published_by_staff_id: input.authorStaffId,
      published_at: at,
      published_url: `https://x.example/posts_${input.key}/1`,
      text,
      links: '[]',
      photos: '[]',
      tagged_pupil_ids: '[]',
      tagged_pupils: '[]',
      no_identifiable_pupils: true,
      verdict: 'pass',
      findings: '[]',
      rule_ids: '[]',
      approvals: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { postId: post.id, archiveId: archive.id, accountId };
}

/**
 * Test factory: a post in the given state (ready by default) carrying these photo bytes, stored as the
 * posts domain stores its re-encoded photos. Written straight to the tables: checks and approvals are
 * tested where they live.
 */
export async function buildPostWithPhotos(
  db: DbExecutor,
  input: {
    schoolId: string;
    authorStaffId: string;
    key: string;
    photos: readonly Uint8Array[];
    status?: 'draft' | 'ready';
    accountId?: string;
    text?: string;
    at?: Date;
  },
): Promise<{ postId: string; accountId: string; photoIds: string[] }> {
  const accountId =
    input.accountId ??
    (await buildPostingAccount(db, {
      schoolId: input.schoolId,
      ownerIds: [input.authorStaffId],
      key: input.key,
    }));
  const at = input.at ?? new Date('2026-12-03T08:00:00Z');
  const post = await db
    .insertInto('posts')
    .values({
      school_id: input.schoolId,
      account_id: accountId,
      author_staff_id: input.authorStaffId,
      text: input.text ?? `The ${input.key} club built a quorvent today`,
      links: '[]',
      tagged_pupil_ids: '[]',
      no_identifiable_pupils: true,
      revision: 1,
      status: input.status ?? 'ready',
      verdict: 'pass',
      findings: '[]',
      checked_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const photoIds: string[] = [];
  for (const [index, bytes] of input.photos.entries()) {
    const row = await db
      .insertInto('post_photos')
      .values({
        school_id: input.schoolId,
        post_id: post.id,
        sha256: `sha-${input.key}-${index}`,
        content: bytes,
        thumbnail: bytes,
        width: 1,
        height: 1,
        // One second apart, so the photos keep the order given.
        added_at: new Date(at.getTime() + index * 1000),
        removed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    photoIds.push(row.id);
  }
  return { postId: post.id, accountId, photoIds };
}
