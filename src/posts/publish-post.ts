import { effectiveSocialMediaConsents } from '../consent/consent.queries.js';
import { staffNames } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict } from '../platform/errors.js';
import {
  loadPostFor,
  needsApproval,
  type PostsDeps,
  parseInput,
  requireAuthor,
  requirePostingAccount,
  requireStaff,
  requiresApproval,
} from './post-access.js';
import { recheckAndStore } from './post-checks.js';
import { publishInputSchema } from './post-inputs.js';
import { type ArchiveView, archiveView } from './post-view.js';
import { insertArchive, listApprovals, listPhotos, updatePost } from './posts.repository.js';
import type { ArchivedApproval, ArchivedPupil } from './posts.table.js';

/**
 * The author records that the post went out, and where (or a connector did, with the platform's own id).
 * The check runs once more; Guardpost writes the immutable archive record: exact text, photo hashes and
 * thumbnails, tagged pupils with their consent at this moment, the check result, approvals, who published
 * and when.
 */
export async function publishPost(
  db: Db,
  actor: Actor,
  input: {
    schoolId: string;
    postId: string;
    publishedUrl: string;
    /** The platform's own id, known when a connector published it (never from a person's form). */
    platformPostId?: string | undefined;
  },
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
      platform_post_id: input.platformPostId ?? null,
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
