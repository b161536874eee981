import type { Finding, Verdict } from '../checks/engine/types.js';
import { type RosterPupil, rosterPupils, staffNames } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { photosWithKeptOriginal } from './photo-originals.js';
import { requiresApproval } from './post-access.js';
import { approvalRefusal, canEditPost, canSearchArchive, type PostPeople } from './posts.permissions.js';
import { findArchiveOfPost, listApprovals, listPhotos, listReturns } from './posts.repository.js';
import type { ArchivedApproval, ArchivedPupil, PostArchiveRow, PostRow, PostStatus } from './posts.table.js';
import { accountLabels, pupilLabels } from './takedown-labels.js';

export interface PostView {
  id: string;
  accountId: string;
  authorStaffId: string;
  text: string;
  links: string[];
  taggedPupils: string[];
  /** The tagged pupils as the roster names them, in tag order (for whoever may see the post). */
  taggedPupilDetails: RosterPupil[];
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

export async function toView(
  tx: DbExecutor,
  actor: Actor,
  post: PostRow,
  people: PostPeople,
): Promise<PostView> {
  const photos = await listPhotos(tx, post.id);
  const keptOriginals = await photosWithKeptOriginal(tx, actor, {
    schoolId: post.school_id,
    photoIds: photos.map((p) => p.id),
  });
  const approvals = await listApprovals(tx, post.id);
  const returns = await listReturns(tx, post.id);
  const pupils = await rosterPupils(tx, post.school_id, post.tagged_pupil_ids);
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
  /** The platform's own id when a connector published it; null when the address was recorded by hand. */
  platformPostId: string | null;
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

export async function archiveView(tx: DbExecutor, row: PostArchiveRow): Promise<ArchiveView> {
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
    platformPostId: row.platform_post_id,
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
