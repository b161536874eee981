import { z } from 'zod';
import type { CheckContextCache } from '../checks/check-context.service.js';
import { checkSubject } from '../checks/engine.js';
import { redact } from '../checks/redact.js';
import type { CheckResult, Finding, Verdict } from '../checks/types.js';
import type { ConsentLost } from '../consent/consent.events.js';
import { effectiveSocialMediaConsents } from '../consent/consent.service.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { notify } from '../platform/notify/notify.js';
import { clauseById } from '../policy/clauses.js';
import { linkTo } from '../shared/links.js';
import { approvedPersonalChannelsFor } from '../staff-use/contact-exceptions.service.js';
import type { PhotoAnalysisCache } from './photo-analysis-cache.js';
import { keepPhotoOriginals, photosWithKeptOriginal } from './photo-originals.js';
import { type EncodedPhoto, encodePhoto } from './post-photos.js';
import {
  approvalRefusal,
  archiveReaderRoles,
  canEditPost,
  canHandleTakedown,
  canManagePostSettings,
  canSearchArchive,
  canViewPost,
  type PostPeople,
} from './posts.permissions.js';
import type { TaggedPupil } from './posts.repository.js';
import {
  type ArchiveFilters,
  accountIdsOwnedBy,
  archivesFeaturingPupil,
  findAccountForPosting,
  findArchive,
  findArchiveOfPost,
  findPost,
  findPostSettings,
  findPupilIdsInSchool,
  findTaggedPupils,
  findTakedown,
  insertApproval,
  insertArchive,
  insertPhoto,
  insertPost,
  insertReturn,
  insertTakedownTask,
  listApprovals,
  listPhotos,
  listPostRows,
  listReturns,
  listTakedownRows,
  markPhotoRemoved,
  markTakedownRemoved,
  ownerIdsOf,
  searchArchiveRows,
  staffNames,
  staffWithRoles,
  updatePost,
  upsertPostSettings,
} from './posts.repository.js';
import type { ArchivedApproval, ArchivedPupil, PostArchiveRow, PostRow, PostStatus } from './posts.table.js';
import { accountLabels, pupilLabels } from './takedown-labels.js';

export interface PostsDeps {
  clock: Clock;
  contexts: CheckContextCache;
  /** Per-photo analysis (metadata, faces) by SHA-256, shared by saves and draft checks; none: no cache. */
  photoAnalyses?: PhotoAnalysisCache;
  /** Seals photo originals when the school keeps them; none: originals cannot be kept. */
  keyring?: Keyring;
}

/** How long an account owner has to take a post down once a featured pupil's consent is lost. */
export const TAKEDOWN_DEADLINE_DAYS = 2;

export const postInputSchema = z
  .object({
    text: z.string().max(20_000),
    links: z
      .array(z.url({ protocol: /^https?$/ }).max(2_000))
      .max(20)
      .default([]),
    taggedPupils: z.array(z.uuid()).max(200).default([]),
    noIdentifiablePupils: z.boolean().default(false),
  })
  .strict();
export type PostInput = z.input<typeof postInputSchema>;

export const newPostInputSchema = postInputSchema.extend({ accountId: z.uuid() }).strict();
export type NewPostInput = z.input<typeof newPostInputSchema>;

export interface PostView {
  id: string;
  accountId: string;
  authorStaffId: string;
  text: string;
  links: string[];
  taggedPupils: string[];
  /** The tagged pupils as the roster names them, in tag order (for whoever may see the post). */
  taggedPupilDetails: TaggedPupil[];
  noIdentifiablePupils: boolean;
  revision: number;
  status: PostStatus;
  verdict: Verdict;
  findings: Finding[];
  requiresApproval: boolean;
  /** `originalKept`: the school kept the photo's original; told only to those who may download it. */
  photos: { id: string; sha256: string; width: number; height: number; originalKept: boolean }[];
  approvals: { approverStaffId: string; reason: string; revision: number; at: string }[];
  /** Times a manager or SMT member sent it back for changes, with their reasons. */
  returns: { returnedByStaffId: string; reason: string; revision: number; at: string }[];
  abilities: { edit: boolean; markReady: boolean; approve: boolean; publish: boolean };
  /**
   * Once published: its archive record, which the viewer may open when they may read the archive, and the
   * published address for the author (and archive readers, who see it in the record anyway).
   */
  publication: {
    archiveId: string;
    publishedAt: string;
    publishedUrl: string | null;
    archiveReadable: boolean;
  } | null;
  checkedAt: string;
  updatedAt: string;
}

const uuid = z.uuid();

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw invalid('InvalidPost', details[0] ?? 'invalid post', details);
  }
  return parsed.data;
}

function requireStaff(actor: Actor, schoolId: string): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || actor.schoolId !== schoolId)
    throw forbidden('PostForbidden', 'only a member of staff of the school works with its posts');
}

/** The text the engine checks: the caption, then the links on their own lines (spans past the caption are links). */
function checkedText(text: string, links: readonly string[]): string {
  return links.length === 0 ? text : `${text}\n\n${links.join('\n')}`;
}

async function runCheck(
  tx: DbExecutor,
  deps: PostsDeps,
  schoolId: string,
  post: {
    text: string;
    links: string[];
    tagged_pupil_ids: string[];
    no_identifiable_pupils: boolean;
    author_staff_id: string;
  },
  photos: readonly Uint8Array[],
): Promise<CheckResult> {
  // The same context as POST /api/checks: roster, consents, the school's settings and block lists; and the
  // personal channels the headteacher approved for the author today (clauses 1.5, 1.6).
  const loaded = await deps.contexts.load(tx, schoolId, deps.clock.today());
  const context = {
    ...loaded,
    approvedPersonalChannels: await approvedPersonalChannelsFor(
      tx,
      schoolId,
      post.author_staff_id,
      deps.clock.today(),
    ),
  };
  return checkSubject(
    {
      kind: 'post',
      text: checkedText(post.text, post.links),
      ...(photos.length > 0 ? { images: [...photos] } : {}),
      taggedPupils: post.tagged_pupil_ids,
      noIdentifiablePupils: post.no_identifiable_pupils,
    },
    context,
    deps.photoAnalyses ? { analyseImage: deps.photoAnalyses.analyse } : {},
  );
}

async function postPeople(tx: DbExecutor, post: PostRow): Promise<PostPeople> {
  const owners = await ownerIdsOf(tx, [post.account_id]);
  return {
    schoolId: post.school_id,
    authorId: post.author_staff_id,
    ownerIds: owners.get(post.account_id) ?? [],
  };
}

/** Clause 2.2: posts go out only on an approved account, composed by one of its owners. */
async function requirePostingAccount(tx: DbExecutor, actor: Actor, schoolId: string, accountId: string) {
  const account = await findAccountForPosting(tx, schoolId, accountId);
  if (!account) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = (await ownerIdsOf(tx, [account.id])).get(account.id) ?? [];
  if (actor.kind !== 'staff' || !owners.includes(actor.staffId))
    throw forbidden('NotAccountOwner', 'clause 2.2: only an owner of the account may post on it');
  if (account.status !== 'approved')
    throw conflict('AccountNotApproved', 'clause 2.2: posts go out only on an approved account');
  return { account, owners };
}

async function requiresApproval(tx: DbExecutor, accountId: string): Promise<boolean> {
  return (await findPostSettings(tx, accountId))?.requires_approval ?? false;
}

async function validatePupils(tx: DbExecutor, schoolId: string, input: z.output<typeof postInputSchema>) {
  if (input.taggedPupils.length > 0 && input.noIdentifiablePupils)
    throw invalid(
      'TagsContradict',
      'tag the pupils shown, or confirm that no pupil can be identified, not both',
    );
  const known = await findPupilIdsInSchool(tx, schoolId, input.taggedPupils);
  if (known.size !== new Set(input.taggedPupils).size)
    throw invalid('PupilNotFound', 'a tagged pupil is not on the roster of this school');
}

function needsApproval(verdict: Verdict, accountRequiresApproval: boolean): boolean {
  return verdict === 'review' || accountRequiresApproval;
}

async function toView(tx: DbExecutor, actor: Actor, post: PostRow, people: PostPeople): Promise<PostView> {
  const photos = await listPhotos(tx, post.id);
  const keptOriginals = await photosWithKeptOriginal(tx, actor, {
    schoolId: post.school_id,
    photoIds: photos.map((p) => p.id),
  });
  const approvals = await listApprovals(tx, post.id);
  const returns = await listReturns(tx, post.id);
  const pupils = await findTaggedPupils(tx, post.school_id, post.tagged_pupil_ids);
  const accountRequiresApproval = await requiresApproval(tx, post.account_id);
  const editable = canEditPost(actor, people) && post.status !== 'published';
  const archive = post.status === 'published' ? await findArchiveOfPost(tx, post.id) : undefined;
  const archiveReadable = canSearchArchive(actor, post.school_id);
  return {
    id: post.id,
    accountId: post.account_id,
    authorStaffId: post.author_staff_id,
    text: post.text,
    links: post.links,
    taggedPupils: post.tagged_pupil_ids,
    taggedPupilDetails: post.tagged_pupil_ids.flatMap((id) => {
      const pupil = pupils.get(id);
      return pupil ? [pupil] : [];
    }),
    noIdentifiablePupils: post.no_identifiable_pupils,
    revision: post.revision,
    status: post.status,
    verdict: post.verdict,
    findings: post.findings,
    requiresApproval: accountRequiresApproval,
    photos: photos.map((p) => ({
      id: p.id,
      sha256: p.sha256,
      width: p.width,
      height: p.height,
      originalKept: keptOriginals.has(p.id),
    })),
    approvals: approvals.map((a) => ({
      approverStaffId: a.approver_staff_id,
      reason: a.reason,
      revision: a.revision,
      at: a.at.toISOString(),
    })),
    returns: returns.map((r) => ({
      returnedByStaffId: r.returned_by_staff_id,
      reason: r.reason,
      revision: r.revision,
      at: r.at.toISOString(),
    })),
    abilities: {
      edit: editable,
      markReady: editable && post.status === 'draft' && post.verdict !== 'block',
      approve: post.status === 'awaiting_approval' && approvalRefusal(actor, people) === null,
      publish: canEditPost(actor, people) && post.status === 'ready',
    },
    publication: archive
      ? {
          archiveId: archive.id,
          publishedAt: archive.published_at.toISOString(),
          publishedUrl: canEditPost(actor, people) || archiveReadable ? archive.published_url : null,
          archiveReadable,
        }
      : null,
    checkedAt: post.checked_at.toISOString(),
    updatedAt: post.updated_at.toISOString(),
  };
}

async function loadPostFor(
  tx: DbExecutor,
  actor: Actor,
  schoolId: string,
  postId: string,
  forUpdate: boolean,
) {
  const post = uuid.safeParse(postId).success ? await findPost(tx, schoolId, postId, forUpdate) : undefined;
  if (!post) throw notFound('PostNotFound', 'no such post');
  const people = await postPeople(tx, post);
  // Someone who may not see it learns nothing, not even that it exists.
  if (!canViewPost(actor, people)) throw notFound('PostNotFound', 'no such post');
  return { post, people };
}

function requireAuthor(actor: Actor, people: PostPeople, post: PostRow): void {
  if (!canEditPost(actor, people))
    throw forbidden(
      'NotPostAuthor',
      'clause 2.2: only the author, an owner of the account, changes this post',
    );
  if (post.status === 'published')
    throw conflict('PostPublished', 'a published post is archived and never changes');
}

/** Composes a post on an approved account the actor owns; the check engine runs and its result is stored. */
export async function createPost(
  db: Db,
  actor: Actor,
  schoolId: string,
  raw: unknown,
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, schoolId);
  const input = parseInput(newPostInputSchema, raw);
  return db.transaction().execute(async (tx) => {
    await requirePostingAccount(tx, actor, schoolId, input.accountId);
    await validatePupils(tx, schoolId, input);
    const now = deps.clock.now();
    const content = {
      text: input.text,
      links: input.links,
      tagged_pupil_ids: input.taggedPupils,
      no_identifiable_pupils: input.noIdentifiablePupils,
      author_staff_id: actor.staffId,
    };
    const result = await runCheck(tx, deps, schoolId, content, []);
    const post = await insertPost(tx, {
      school_id: schoolId,
      account_id: input.accountId,
      author_staff_id: actor.staffId,
      text: content.text,
      links: JSON.stringify(content.links),
      tagged_pupil_ids: JSON.stringify(content.tagged_pupil_ids),
      no_identifiable_pupils: content.no_identifiable_pupils,
      revision: 1,
      status: 'draft',
      verdict: result.verdict,
      findings: JSON.stringify(result.findings),
      checked_at: now,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId,
      at: now,
      event: {
        type: 'post.saved',
        subject: { type: 'post', id: post.id },
        data: {
          accountId: post.account_id,
          revision: 1,
          verdict: result.verdict,
          rules: rulesOf(result),
          photos: 0,
        },
      },
    });
    return toView(tx, actor, post, await postPeople(tx, post));
  });
}

function rulesOf(result: CheckResult): string[] {
  return [...new Set(result.findings.map((f) => f.rule))].sort();
}

/** Saves a new revision of a draft (back to draft: an approval holds only for the revision it was given on). */
export async function updatePostContent(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; body: unknown },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  const body = parseInput(postInputSchema, input.body);
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    await requirePostingAccount(tx, actor, input.schoolId, post.account_id);
    await validatePupils(tx, input.schoolId, body);
    const content = {
      text: body.text,
      links: body.links,
      tagged_pupil_ids: body.taggedPupils,
      no_identifiable_pupils: body.noIdentifiablePupils,
      author_staff_id: post.author_staff_id,
    };
    const photos = await listPhotos(tx, post.id);
    const result = await runCheck(
      tx,
      deps,
      input.schoolId,
      content,
      photos.map((p) => p.content),
    );
    const now = deps.clock.now();
    const saved = await updatePost(tx, post.id, {
      text: content.text,
      links: JSON.stringify(content.links),
      tagged_pupil_ids: JSON.stringify(content.tagged_pupil_ids),
      no_identifiable_pupils: content.no_identifiable_pupils,
      revision: post.revision + 1,
      status: 'draft',
      verdict: result.verdict,
      findings: JSON.stringify(result.findings),
      checked_at: now,
      updated_at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.saved',
        subject: { type: 'post', id: post.id },
        data: {
          accountId: post.account_id,
          revision: saved.revision,
          verdict: result.verdict,
          rules: rulesOf(result),
          photos: photos.length,
        },
      },
    });
    return toView(tx, actor, saved, people);
  });
}

/** The result of a draft check: as `POST /api/checks` gives it, for the unsaved content with the stored photos. */
export interface DraftCheckView {
  verdict: Verdict;
  findings: (Finding & { clauseTitle: string })[];
  redactedText: string | null;
}

/**
 * Checks unsaved content of a post together with its stored photos, with the same context and rules as a
 * save, and stores nothing (like `POST /api/checks`, so no audit: the content may hold exactly the personal
 * data the checks look for). For whoever may read the post; the composer calls it as the author types.
 */
export async function checkPostDraft(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; body: unknown },
  deps: PostsDeps,
): Promise<DraftCheckView> {
  requireStaff(actor, input.schoolId);
  const body = parseInput(postInputSchema, input.body);
  const { post } = await loadPostFor(db, actor, input.schoolId, input.postId, false);
  await validatePupils(db, input.schoolId, body);
  const photos = await listPhotos(db, post.id);
  const result = await runCheck(
    db,
    deps,
    input.schoolId,
    {
      text: body.text,
      links: body.links,
      tagged_pupil_ids: body.taggedPupils,
      no_identifiable_pupils: body.noIdentifiablePupils,
      author_staff_id: post.author_staff_id,
    },
    photos.map((p) => p.content),
  );
  // Fixes apply to the caption: spans past it are the links, which the redaction leaves alone.
  const captionFindings = result.findings.filter((f) => f.end === undefined || f.end <= body.text.length);
  return {
    verdict: result.verdict,
    findings: result.findings.map((f) => ({ ...f, clauseTitle: clauseById(f.clause).title })),
    redactedText: body.text === '' ? null : redact(body.text, captionFindings),
  };
}

async function recheckAndStore(
  tx: DbExecutor,
  deps: PostsDeps,
  post: PostRow,
  extra: { revision?: number } = {},
): Promise<PostRow> {
  const photos = await listPhotos(tx, post.id);
  const result = await runCheck(
    tx,
    deps,
    post.school_id,
    post,
    photos.map((p) => p.content),
  );
  const now = deps.clock.now();
  return updatePost(tx, post.id, {
    verdict: result.verdict,
    findings: JSON.stringify(result.findings),
    checked_at: now,
    updated_at: now,
    ...(extra.revision !== undefined ? { revision: extra.revision, status: 'draft' as const } : {}),
  });
}

/** Adds photos, re-encoded without metadata (the originals are not kept), and re-runs the check. */
export async function addPostPhotos(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; images: readonly Uint8Array[] },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  if (input.images.length === 0) throw invalid('PhotoMissing', 'send at least one photo');
  const encoded: EncodedPhoto[] = [];
  for (const [index, bytes] of input.images.entries()) encoded.push(await encodePhoto(bytes, index));
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    const existing = await listPhotos(tx, post.id);
    if (existing.length + encoded.length > 10)
      throw invalid('TooManyPhotos', 'a post may carry at most 10 photos');
    const now = deps.clock.now();
    const ids: { id: string; sha256: string }[] = [];
    for (const photo of encoded) {
      const row = await insertPhoto(tx, {
        school_id: input.schoolId,
        post_id: post.id,
        sha256: photo.sha256,
        content: photo.content,
        thumbnail: photo.thumbnail,
        width: photo.width,
        height: photo.height,
        added_at: now,
      });
      ids.push({ id: row.id, sha256: photo.sha256 });
    }
    await keepPhotoOriginals(tx, deps.keyring, {
      schoolId: input.schoolId,
      now,
      photos: ids.map((p, i) => ({ photoId: p.id, original: input.images[i] ?? new Uint8Array() })),
    });
    const saved = await recheckAndStore(tx, deps, post, { revision: post.revision + 1 });
    for (const photo of ids) {
      await recordAudit(tx, {
        actor,
        schoolId: input.schoolId,
        at: now,
        event: {
          type: 'post.photo_added',
          subject: { type: 'post', id: post.id },
          data: { photoId: photo.id, sha256: photo.sha256, revision: saved.revision, verdict: saved.verdict },
        },
      });
    }
    return toView(tx, actor, saved, people);
  });
}

/** Takes a photo off the draft (kept, marked removed: nothing is hard-deleted) and re-runs the check. */
export async function removePostPhoto(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; photoId: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    const now = deps.clock.now();
    const removed =
      uuid.safeParse(input.photoId).success && (await markPhotoRemoved(tx, post.id, input.photoId, now));
    if (!removed) throw notFound('PhotoNotFound', 'no such photo on this post');
    const saved = await recheckAndStore(tx, deps, post, { revision: post.revision + 1 });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.photo_removed',
        subject: { type: 'post', id: post.id },
        data: { photoId: input.photoId, revision: saved.revision, verdict: saved.verdict },
      },
    });
    return toView(tx, actor, saved, people);
  });
}

/**
 * The author marks a draft ready. The check runs again first (a consent may have lapsed since the save):
 * `block` is refused; `pass` on an account without approval for every post is ready; otherwise it waits
 * for a manager's or SMT member's approval.
 */
export async function markPostReady(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    if (post.status !== 'draft') throw conflict('PostNotDraft', 'only a draft can be marked ready');
    await requirePostingAccount(tx, actor, input.schoolId, post.account_id);
    const checked = await recheckAndStore(tx, deps, post);
    if (checked.verdict === 'block')
      throw conflict('PostBlocked', 'the checks block this post: fix the findings before it can go out');
    const status = needsApproval(checked.verdict, await requiresApproval(tx, post.account_id))
      ? ('awaiting_approval' as const)
      : ('ready' as const);
    const saved = await updatePost(tx, post.id, { status });
    const now = deps.clock.now();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.marked_ready',
        subject: { type: 'post', id: post.id },
        data: { revision: saved.revision, status, verdict: saved.verdict },
      },
    });
    if (status === 'awaiting_approval') {
      const approvers = (await staffWithRoles(tx, input.schoolId, ['manager', 'smt', 'headteacher'])).filter(
        (id) => id !== post.author_staff_id,
      );
      await notify(tx, {
        schoolId: input.schoolId,
        staffIds: approvers,
        kind: 'post.approval_requested',
        title: 'A post is waiting for approval',
        link: linkTo('post', { id: post.id }),
        now,
      });
    }
    return toView(tx, actor, saved, people);
  });
}

export const approvalInputSchema = z.object({ reason: z.string().trim().min(3).max(2_000) }).strict();

/** A manager or SMT member other than the author approves, having seen the findings, with a reason. */
export async function approvePost(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; reason: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  const { reason } = parseInput(approvalInputSchema, { reason: input.reason });
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadAwaitingReview(tx, actor, input, 'approved');
    const checked = await recheckAndStore(tx, deps, post);
    if (checked.verdict === 'block')
      throw conflict('PostBlocked', 'the checks block this post: it cannot be approved until it is fixed');
    const now = deps.clock.now();
    await insertApproval(tx, {
      school_id: input.schoolId,
      post_id: post.id,
      revision: checked.revision,
      approver_staff_id: actor.staffId,
      verdict: checked.verdict,
      reason,
      at: now,
    });
    const saved = await updatePost(tx, post.id, { status: 'ready' });
    await recordDecision(tx, actor, saved, now, 'post.approved', 'Your post was approved');
    return toView(tx, actor, saved, people);
  });
}

/** Audits an approver's decision inside its transaction and tells the post's author. */
async function recordDecision(
  tx: DbExecutor,
  actor: Actor,
  saved: PostRow,
  now: Date,
  decision: 'post.approved' | 'post.sent_back',
  title: string,
): Promise<void> {
  await recordAudit(tx, {
    actor,
    schoolId: saved.school_id,
    at: now,
    event: {
      type: decision,
      subject: { type: 'post', id: saved.id },
      data: { revision: saved.revision, verdict: saved.verdict },
    },
  });
  await notify(tx, {
    schoolId: saved.school_id,
    staffIds: [saved.author_staff_id],
    kind: decision,
    title,
    link: linkTo('post', { id: saved.id }),
    now,
  });
}

/**
 * A post waiting for approval, loaded for someone who may decide on it: a manager or SMT member who is not
 * its author (clause 2.2). `decision` words the refusals ("approved" or "reviewed").
 */
async function loadAwaitingReview(
  tx: DbExecutor,
  actor: Actor,
  input: { schoolId: string; postId: string },
  decision: 'approved' | 'reviewed',
) {
  const loaded = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
  const refusal = approvalRefusal(actor, loaded.people);
  if (refusal === 'self_approval')
    throw forbidden(
      decision === 'approved' ? 'SelfApprovalRefused' : 'SelfReviewRefused',
      `clause 2.2: a post is ${decision} by someone other than its author`,
    );
  if (refusal)
    throw forbidden('PostApprovalForbidden', `posts are ${decision} by a manager or a member of the SMT`);
  if (loaded.post.status !== 'awaiting_approval')
    throw conflict('PostNotAwaitingApproval', 'this post is not waiting for approval');
  return loaded;
}

/**
 * A manager or SMT member other than the author sends a post waiting for approval back to its author as a
 * draft, with a reason the author sees (and is notified of). The reason is kept beside the post, not in
 * the audit log, which records only that it happened.
 */
export async function sendPostBack(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; reason: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  const { reason } = parseInput(approvalInputSchema, { reason: input.reason });
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadAwaitingReview(tx, actor, input, 'reviewed');
    const now = deps.clock.now();
    await insertReturn(tx, {
      school_id: input.schoolId,
      post_id: post.id,
      revision: post.revision,
      returned_by_staff_id: actor.staffId,
      reason,
      at: now,
    });
    const saved = await updatePost(tx, post.id, { status: 'draft', updated_at: now });
    await recordDecision(tx, actor, saved, now, 'post.sent_back', 'Your post was sent back for changes');
    return toView(tx, actor, saved, people);
  });
}

export const publishInputSchema = z
  .object({ publishedUrl: z.url({ protocol: /^https$/ }).max(2_000) })
  .strict();

export interface ArchiveView {
  id: string;
  postId: string;
  accountId: string;
  /** The account's platform and handle, read when the view is built. */
  account: { platform: string; handle: string };
  authorStaffId: string;
  publishedBy: { staffId: string; name: string };
  publishedAt: string;
  publishedUrl: string;
  text: string;
  links: string[];
  photos: { sha256: string; thumbnail: string }[];
  /** As archived, with the pupil's current name (null if no longer on the roster). */
  taggedPupils: (ArchivedPupil & { name: string | null })[];
  noIdentifiablePupils: boolean;
  verdict: Verdict;
  findings: Finding[];
  approvals: ArchivedApproval[];
}

async function archiveView(tx: DbExecutor, row: PostArchiveRow): Promise<ArchiveView> {
  const names = await staffNames(tx, [row.published_by_staff_id]);
  const pupils = await pupilLabels(
    tx,
    row.school_id,
    row.tagged_pupils.map((p) => p.pupilId),
  );
  const account = (await accountLabels(tx, [row.account_id])).get(row.account_id);
  return {
    id: row.id,
    postId: row.post_id,
    accountId: row.account_id,
    account: account ?? { platform: '', handle: '' },
    authorStaffId: row.author_staff_id,
    publishedBy: { staffId: row.published_by_staff_id, name: names.get(row.published_by_staff_id) ?? '' },
    publishedAt: row.published_at.toISOString(),
    publishedUrl: row.published_url,
    text: row.text,
    links: row.links,
    photos: row.photos,
    taggedPupils: row.tagged_pupils.map((p) => ({ ...p, name: pupils.get(p.pupilId)?.name ?? null })),
    noIdentifiablePupils: row.no_identifiable_pupils,
    verdict: row.verdict,
    findings: row.findings,
    approvals: row.approvals,
  };
}

/**
 * The author records that the post went out, and where. The check runs once more; Guardpost writes the
 * immutable archive record: exact text, photo hashes and thumbnails, tagged pupils with their consent at
 * this moment, the check result, approvals, who published and when.
 */
export async function publishPost(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; publishedUrl: string },
  deps: PostsDeps,
): Promise<ArchiveView> {
  requireStaff(actor, input.schoolId);
  const { publishedUrl } = parseInput(publishInputSchema, { publishedUrl: input.publishedUrl });
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    if (post.status !== 'ready')
      throw conflict('PostNotReady', 'only a post marked ready (or approved) is published');
    await requirePostingAccount(tx, actor, input.schoolId, post.account_id);
    const checked = await recheckAndStore(tx, deps, post);
    if (checked.verdict === 'block')
      throw conflict('PostBlocked', 'the checks now block this post: it cannot be published');
    const approvals = await listApprovals(tx, post.id, checked.revision);
    if (needsApproval(checked.verdict, await requiresApproval(tx, post.account_id)) && approvals.length === 0)
      throw conflict('ApprovalRequired', 'this post needs approval by a manager or a member of the SMT');
    const now = deps.clock.now();
    const photos = await listPhotos(tx, post.id);
    const consents = await effectiveSocialMediaConsents(tx, input.schoolId, deps.clock.today());
    const names = await staffNames(
      tx,
      approvals.map((a) => a.approver_staff_id),
    );
    const archive = await insertArchive(tx, {
      school_id: input.schoolId,
      post_id: post.id,
      account_id: post.account_id,
      author_staff_id: post.author_staff_id,
      published_by_staff_id: actor.staffId,
      published_at: now,
      published_url: publishedUrl,
      text: checked.text,
      links: JSON.stringify(checked.links),
      photos: JSON.stringify(
        photos.map((p) => ({ sha256: p.sha256, thumbnail: Buffer.from(p.thumbnail).toString('base64') })),
      ),
      tagged_pupil_ids: JSON.stringify(checked.tagged_pupil_ids),
      tagged_pupils: JSON.stringify(
        checked.tagged_pupil_ids.map((pupilId): ArchivedPupil => {
          const consent = consents.get(pupilId);
          return { pupilId, consentState: consent?.state ?? 'none', expiresOn: consent?.expiresOn ?? null };
        }),
      ),
      no_identifiable_pupils: checked.no_identifiable_pupils,
      verdict: checked.verdict,
      findings: JSON.stringify(checked.findings),
      rule_ids: JSON.stringify([...new Set(checked.findings.map((f) => f.rule))].sort()),
      approvals: JSON.stringify(
        approvals.map(
          (a): ArchivedApproval => ({
            approverStaffId: a.approver_staff_id,
            approverName: names.get(a.approver_staff_id) ?? '',
            reason: a.reason,
            verdict: a.verdict,
            at: a.at.toISOString(),
          }),
        ),
      ),
    });
    await updatePost(tx, post.id, { status: 'published', updated_at: now });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.published',
        subject: { type: 'post', id: post.id },
        data: {
          archiveId: archive.id,
          accountId: post.account_id,
          photoHashes: photos.map((p) => p.sha256),
          pupils: checked.tagged_pupil_ids.length,
        },
      },
    });
    return archiveView(tx, archive);
  });
}

export async function getPost(db: Db, actor: Actor, schoolId: string, postId: string): Promise<PostView> {
  requireStaff(actor, schoolId);
  const { post, people } = await loadPostFor(db, actor, schoolId, postId, false);
  return toView(db, actor, post, people);
}

/** A photo's stored (re-encoded) bytes or thumbnail, for whoever may see the post. */
export async function getPostPhoto(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; photoId: string; thumbnail: boolean },
): Promise<Buffer> {
  requireStaff(actor, input.schoolId);
  const { post } = await loadPostFor(db, actor, input.schoolId, input.postId, false);
  const photo = (await listPhotos(db, post.id)).find((p) => p.id === input.photoId);
  if (!photo) throw notFound('PhotoNotFound', 'no such photo on this post');
  // bytea comes back as a Uint8Array on PGlite and a Buffer on PostgreSQL.
  return Buffer.from(input.thumbnail ? photo.thumbnail : photo.content);
}

/** The actor's own posts, or (`queue`) the posts waiting for the actor's approval. */
export async function listPosts(
  db: Db,
  actor: Actor,
  schoolId: string,
  scope: 'mine' | 'approval_queue',
): Promise<PostView[]> {
  requireStaff(actor, schoolId);
  const rows =
    scope === 'mine'
      ? await listPostRows(db, schoolId, { authorId: actor.staffId })
      : await listPostRows(db, schoolId, { status: 'awaiting_approval' });
  const owners = await ownerIdsOf(
    db,
    rows.map((r) => r.account_id),
  );
  const views: PostView[] = [];
  for (const row of rows) {
    const people = { schoolId, authorId: row.author_staff_id, ownerIds: owners.get(row.account_id) ?? [] };
    if (scope === 'approval_queue' && approvalRefusal(actor, people) !== null) continue;
    views.push(await toView(db, actor, row, people));
  }
  return views;
}

export const archiveFiltersSchema = z
  .object({
    accountId: z.uuid().optional(),
    pupilId: z.uuid().optional(),
    rule: z
      .string()
      .regex(/^[a-z_]+\.[a-z_]+$/)
      .optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .strict();

/** Archive search for SMT, the headteacher and admins: by account, pupil, date and rule. */
export async function searchArchive(
  db: Db,
  actor: Actor,
  schoolId: string,
  filters: ArchiveFilters,
): Promise<ArchiveView[]> {
  if (!canSearchArchive(actor, schoolId))
    throw forbidden('ArchiveForbidden', 'the publication archive is for SMT, the headteacher and admins');
  const rows = await searchArchiveRows(db, schoolId, filters);
  const views: ArchiveView[] = [];
  for (const row of rows) views.push(await archiveView(db, row));
  return views;
}

export async function getArchiveRecord(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
): Promise<ArchiveView> {
  if (!canSearchArchive(actor, schoolId))
    throw forbidden('ArchiveForbidden', 'the publication archive is for SMT, the headteacher and admins');
  const row = uuid.safeParse(id).success ? await findArchive(db, schoolId, id) : undefined;
  if (!row) throw notFound('ArchiveRecordNotFound', 'no such publication record');
  return archiveView(db, row);
}

export const postSettingsSchema = z.object({ requiresApproval: z.boolean() }).strict();

export async function getAccountPostSettings(db: Db, actor: Actor, schoolId: string, accountId: string) {
  requireStaff(actor, schoolId);
  const account = uuid.safeParse(accountId).success
    ? await findAccountForPosting(db, schoolId, accountId)
    : undefined;
  if (!account) throw notFound('AccountNotFound', 'no such account on the register');
  return { accountId: account.id, requiresApproval: await requiresApproval(db, account.id) };
}

/** SMT, the headteacher or an admin decide whether every post on an account needs approval. */
export async function setAccountPostSettings(
  db: Db,
  actor: Actor,
  input: { schoolId: string; accountId: string; body: unknown },
  clock: Clock,
): Promise<{ accountId: string; requiresApproval: boolean }> {
  if (!canManagePostSettings(actor, input.schoolId) || actor.kind !== 'staff')
    throw forbidden('PostSettingsForbidden', 'posting rules are set by SMT, the headteacher or an admin');
  const { requiresApproval: wanted } = parseInput(postSettingsSchema, input.body);
  return db.transaction().execute(async (tx) => {
    const account = uuid.safeParse(input.accountId).success
      ? await findAccountForPosting(tx, input.schoolId, input.accountId)
      : undefined;
    if (!account) throw notFound('AccountNotFound', 'no such account on the register');
    const now = clock.now();
    await upsertPostSettings(tx, {
      account_id: account.id,
      school_id: input.schoolId,
      requires_approval: wanted,
      updated_by_staff_id: actor.staffId,
      updated_at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.account_settings_updated',
        subject: { type: 'account', id: account.id },
        data: { requiresApproval: wanted },
      },
    });
    return { accountId: account.id, requiresApproval: wanted };
  });
}

const takedownActor: Actor = { kind: 'system', label: 'consent-recheck' };

/**
 * The retroactive re-check (subscribed to the consent register's consent-lost hook): every published post
 * featuring the pupil becomes a takedown task for its account's owners and SMT, with a deadline. Runs in
 * the transaction that recorded the loss; idempotent per publication and lost grant.
 */
export async function openTakedownTasks(tx: DbExecutor, event: ConsentLost, clock: Clock): Promise<number> {
  if (event.purpose !== 'social_media') return 0;
  const archives = await archivesFeaturingPupil(tx, event.schoolId, event.pupilId);
  if (archives.length === 0) return 0;
  const now = clock.now();
  const dueAt = new Date(now.getTime() + TAKEDOWN_DEADLINE_DAYS * 86_400_000);
  const owners = await ownerIdsOf(
    tx,
    archives.map((a) => a.account_id),
  );
  const leaders = await staffWithRoles(tx, event.schoolId, archiveReaderRoles);
  let opened = 0;
  for (const archive of archives) {
    const task = await insertTakedownTask(tx, {
      school_id: event.schoolId,
      archive_id: archive.id,
      account_id: archive.account_id,
      pupil_id: event.pupilId,
      consent_id: event.consentId,
      reason: event.reason,
      created_at: now,
      due_at: dueAt,
      removed_at: null,
      removed_by_staff_id: null,
      note: null,
    });
    if (!task) continue;
    opened++;
    await recordAudit(tx, {
      actor: takedownActor,
      schoolId: event.schoolId,
      at: now,
      event: {
        type: 'post.takedown_opened',
        subject: { type: 'post_takedown_task', id: task.id },
        data: {
          archiveId: archive.id,
          pupilId: event.pupilId,
          consentId: event.consentId,
          reason: event.reason,
          dueAt: dueAt.toISOString(),
        },
      },
    });
    // No pupil's name in the notification: the task page says which post.
    await notify(tx, {
      schoolId: event.schoolId,
      staffIds: [...(owners.get(archive.account_id) ?? []), ...leaders],
      kind: 'post.takedown',
      title: 'A published post must be taken down',
      body: `Consent for a pupil in it no longer holds. Remove it by ${dueAt.toISOString().slice(0, 10)} and mark it removed.`,
      link: linkTo('takedowns'),
      email: true,
      now,
    });
  }
  return opened;
}

export interface TakedownView {
  id: string;
  archiveId: string;
  accountId: string;
  accountHandle: string;
  publishedUrl: string;
  pupilId: string;
  pupilName: string;
  pupilInitials: string;
  reason: string;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  removedAt: string | null;
  removedBy: string | null;
  note: string | null;
}

/** Takedown tasks: SMT, the headteacher and admins see the school's; an owner sees their accounts'. */
export async function listTakedownTasks(
  db: Db,
  actor: Actor,
  schoolId: string,
  filters: { open?: boolean | undefined },
  clock: Clock,
): Promise<TakedownView[]> {
  requireStaff(actor, schoolId);
  const leader = canSearchArchive(actor, schoolId);
  const rows = await listTakedownRows(db, schoolId, {
    open: filters.open,
    accountIds: leader ? undefined : await accountIdsOwnedBy(db, actor.staffId),
  });
  const archives = new Map<string, PostArchiveRow>();
  for (const r of rows) {
    if (!archives.has(r.archive_id)) {
      const a = await findArchive(db, schoolId, r.archive_id);
      if (a) archives.set(a.id, a);
    }
  }
  const names = await staffNames(
    db,
    rows.flatMap((r) => (r.removed_by_staff_id ? [r.removed_by_staff_id] : [])),
  );
  const pupils = await pupilLabels(
    db,
    schoolId,
    rows.map((r) => r.pupil_id),
  );
  const accounts = await accountLabels(
    db,
    rows.map((r) => r.account_id),
  );
  const now = clock.now();
  return rows.map((r) => ({
    id: r.id,
    archiveId: r.archive_id,
    accountId: r.account_id,
    accountHandle: accounts.get(r.account_id)?.handle ?? '',
    publishedUrl: archives.get(r.archive_id)?.published_url ?? '',
    pupilId: r.pupil_id,
    pupilName: pupils.get(r.pupil_id)?.name ?? '',
    pupilInitials: pupils.get(r.pupil_id)?.initials ?? '',
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    overdue: r.removed_at === null && r.due_at < now,
    removedAt: r.removed_at?.toISOString() ?? null,
    removedBy: r.removed_by_staff_id ? (names.get(r.removed_by_staff_id) ?? null) : null,
    note: r.note,
  }));
}

export const takedownCompleteSchema = z.object({ note: z.string().trim().max(2_000).optional() }).strict();

/** Marks a takedown task done: the post was removed from the platform, by whom and when. */
export async function completeTakedownTask(
  db: Db,
  actor: Actor,
  input: { schoolId: string; taskId: string; note?: string | undefined },
  clock: Clock,
): Promise<{ id: string; removedAt: string }> {
  requireStaff(actor, input.schoolId);
  return db.transaction().execute(async (tx) => {
    const task = uuid.safeParse(input.taskId).success
      ? await findTakedown(tx, input.schoolId, input.taskId)
      : undefined;
    const owners = task ? ((await ownerIdsOf(tx, [task.account_id])).get(task.account_id) ?? []) : [];
    if (!task || !canHandleTakedown(actor, { schoolId: input.schoolId, ownerIds: owners }))
      throw notFound('TakedownNotFound', 'no such takedown task');
    if (task.removed_at) throw conflict('TakedownAlreadyDone', 'this post was already marked removed');
    const now = clock.now();
    const done = await markTakedownRemoved(tx, task.id, {
      staffId: actor.staffId,
      at: now,
      note: input.note ?? null,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.takedown_removed',
        subject: { type: 'post_takedown_task', id: task.id },
        data: { archiveId: task.archive_id },
      },
    });
    return { id: done.id, removedAt: now.toISOString() };
  });
}
