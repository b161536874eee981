import { z } from 'zod';
import { findAccountForPosting, ownerIdsOf } from '../accounts/accounts.queries.js';
import type { CheckContextCache } from '../checks/check-context.js';
import type { Verdict } from '../checks/engine/types.js';
import { pupilIdsInSchool } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import type { PhotoAnalysisCache } from './photo-analysis-cache.js';
import type { postInputSchema } from './post-inputs.js';
import { canEditPost, canViewPost, type PostPeople } from './posts.permissions.js';
import { findPost, findPostSettings } from './posts.repository.js';
import type { PostRow } from './posts.table.js';

export interface PostsDeps {
  clock: Clock;
  contexts: CheckContextCache;
  /** Per-photo analysis (metadata, faces) by SHA-256, shared by saves and draft checks; none: no cache. */
  photoAnalyses?: PhotoAnalysisCache;
  /** Seals photo originals when the school keeps them; none: originals cannot be kept. */
  keyring?: Keyring;
}

export const uuid = z.uuid();

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw invalid('InvalidPost', details[0] ?? 'invalid post', details);
  }
  return parsed.data;
}

export function requireStaff(
  actor: Actor,
  schoolId: string,
): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || actor.schoolId !== schoolId)
    throw forbidden('PostForbidden', 'only a member of staff of the school works with its posts');
}

export async function postPeople(tx: DbExecutor, post: PostRow): Promise<PostPeople> {
  const owners = await ownerIdsOf(tx, [post.account_id]);
  return {
    schoolId: post.school_id,
    authorId: post.author_staff_id,
    ownerIds: owners.get(post.account_id) ?? [],
  };
}

/** Clause 2.2: posts go out only on an approved account, composed by one of its owners. */
export async function requirePostingAccount(
  tx: DbExecutor,
  actor: Actor,
  schoolId: string,
  accountId: string,
) {
  const account = await findAccountForPosting(tx, schoolId, accountId);
  if (!account) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = (await ownerIdsOf(tx, [account.id])).get(account.id) ?? [];
  if (actor.kind !== 'staff' || !owners.includes(actor.staffId))
    throw forbidden('NotAccountOwner', 'clause 2.2: only an owner of the account may post on it');
  if (account.status !== 'approved')
    throw conflict('AccountNotApproved', 'clause 2.2: posts go out only on an approved account');
  return { account, owners };
}

export async function requiresApproval(tx: DbExecutor, accountId: string): Promise<boolean> {
  return (await findPostSettings(tx, accountId))?.requires_approval ?? false;
}

export async function validatePupils(
  tx: DbExecutor,
  schoolId: string,
  input: z.output<typeof postInputSchema>,
) {
  if (input.taggedPupils.length > 0 && input.noIdentifiablePupils)
    throw invalid(
      'TagsContradict',
      'tag the pupils shown, or confirm that no pupil can be identified, not both',
    );
  const known = await pupilIdsInSchool(tx, schoolId, input.taggedPupils);
  if (known.size !== new Set(input.taggedPupils).size)
    throw invalid('PupilNotFound', 'a tagged pupil is not on the roster of this school');
}

export function needsApproval(verdict: Verdict, accountRequiresApproval: boolean): boolean {
  return verdict === 'review' || accountRequiresApproval;
}

export async function loadPostFor(
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

export function requireAuthor(actor: Actor, people: PostPeople, post: PostRow): void {
  if (!canEditPost(actor, people))
    throw forbidden(
      'NotPostAuthor',
      'clause 2.2: only the author, an owner of the account, changes this post',
    );
  if (post.status === 'published')
    throw conflict('PostPublished', 'a published post is archived and never changes');
}
