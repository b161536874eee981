import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import {
  loadPostFor,
  type PostsDeps,
  parseInput,
  requireAuthor,
  requirePostingAccount,
  requireStaff,
  validatePupils,
} from './post-access.js';
import { rulesOf, runCheck } from './post-checks.js';
import { postInputSchema } from './post-inputs.js';
import { type PostView, toView } from './post-view.js';
import { listPhotos, updatePost } from './posts.repository.js';

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
