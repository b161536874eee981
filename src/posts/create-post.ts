import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import {
  type PostsDeps,
  parseInput,
  postPeople,
  requirePostingAccount,
  requireStaff,
  validatePupils,
} from './post-access.js';
import { rulesOf, runCheck } from './post-checks.js';
import { newPostInputSchema } from './post-inputs.js';
import { type PostView, toView } from './post-view.js';
import { insertPost } from './posts.repository.js';

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
