import type { Finding as CheckFinding, CheckResult, PupilMatch, Verdict } from './checks';
import { api } from './client';

/** Posts on the school's approved accounts (src/posts/posts.routes.ts): compose, approve, publish. */

export type PostStatus = 'draft' | 'awaiting_approval' | 'ready' | 'published';

/** A stored finding: the server keeps the clause number but not its title. */
export type PostFinding = Omit<CheckFinding, 'clauseTitle'> & { clauseTitle?: string };

export interface PostApproval {
  approverStaffId: string;
  reason: string;
  revision: number;
  at: string;
}

export interface PostReturn {
  returnedByStaffId: string;
  reason: string;
  revision: number;
  at: string;
}

export interface Post {
  id: string;
  accountId: string;
  authorStaffId: string;
  text: string;
  links: string[];
  taggedPupils: string[];
  /** The tagged pupils as the roster names them, in tag order. */
  taggedPupilDetails: PupilMatch[];
  noIdentifiablePupils: boolean;
  revision: number;
  status: PostStatus;
  verdict: Verdict;
  findings: PostFinding[];
  requiresApproval: boolean;
  /** `originalKept`: true only for SMT and the headteacher, when the school kept the photo's original. */
  photos: { id: string; sha256: string; width: number; height: number; originalKept: boolean }[];
  approvals: PostApproval[];
  /** Times a manager or SMT member sent it back for changes. */
  returns: PostReturn[];
  abilities: { edit: boolean; markReady: boolean; approve: boolean; publish: boolean };
  /**
   * Once published: its archive record (`archiveReadable`: the viewer may open it) and, for the author and
   * archive readers, the published address.
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

export interface PostContent {
  text: string;
  links: string[];
  taggedPupils: string[];
  noIdentifiablePupils: boolean;
}

export interface PublicationRecord {
  id: string;
  postId: string;
  accountId: string;
  publishedBy: { staffId: string; name: string };
  publishedAt: string;
  publishedUrl: string;
}

export const postStatusLabels: Record<PostStatus, string> = {
  draft: 'Draft',
  awaiting_approval: 'Awaiting approval',
  ready: 'Ready to publish',
  published: 'Published',
};

const postPath = (id: string) => `/api/posts/${encodeURIComponent(id)}`;

export const fetchMyPosts = (signal?: AbortSignal) =>
  api.get<Post[]>('/api/posts', { query: { scope: 'mine' }, signal });
export const fetchApprovalQueue = (signal?: AbortSignal) =>
  api.get<Post[]>('/api/posts', { query: { scope: 'approval_queue' }, signal });
export const fetchPost = (id: string, signal?: AbortSignal) => api.get<Post>(postPath(id), { signal });
export const createPost = (accountId: string, content: PostContent) =>
  api.post<Post>('/api/posts', { json: { accountId, ...content } });
export const savePost = (id: string, content: PostContent) => api.put<Post>(postPath(id), { json: content });
/** Checks unsaved content together with the post's stored photos, as a save would; nothing is stored. */
export const checkPostDraft = (id: string, content: PostContent, signal?: AbortSignal) =>
  api.post<CheckResult>(`${postPath(id)}/check`, { json: content, signal });
export const markPostReady = (id: string) => api.post<Post>(`${postPath(id)}/ready`);
export const approvePost = (id: string, reason: string) =>
  api.post<Post>(`${postPath(id)}/approve`, { json: { reason } });
export const sendPostBack = (id: string, reason: string) =>
  api.post<Post>(`${postPath(id)}/send-back`, { json: { reason } });
export const publishPost = (id: string, publishedUrl: string) =>
  api.post<PublicationRecord>(`${postPath(id)}/publish`, { json: { publishedUrl } });

export function addPostPhotos(id: string, files: readonly File[]): Promise<Post> {
  const form = new FormData();
  for (const file of files) form.append('photos', file, file.name);
  return api.post<Post>(`${postPath(id)}/photos`, { form });
}

export const removePostPhoto = (id: string, photoId: string) =>
  api.post<Post>(`${postPath(id)}/photos/${encodeURIComponent(photoId)}/remove`);

/** Photos are served as attachments (never inline from the API); the page fetches them into object URLs. */
export async function fetchPhotoBlob(
  postId: string,
  photoId: string,
  size: 'thumbnail' | 'full',
  signal?: AbortSignal,
): Promise<Blob> {
  const response = await fetch(`${postPath(postId)}/photos/${encodeURIComponent(photoId)}?size=${size}`, {
    credentials: 'same-origin',
    signal: signal ?? null,
  });
  if (!response.ok) throw new Error(`The photo could not be loaded (${response.status}).`);
  return response.blob();
}

/** A kept original, with its location and camera data; SMT and the headteacher only, each download audited. */
export const photoOriginalUrl = (postId: string, photoId: string) =>
  `${postPath(postId)}/photos/${encodeURIComponent(photoId)}/original`;

export const fetchAccountPostSettings = (accountId: string, signal?: AbortSignal) =>
  api.get<{ accountId: string; requiresApproval: boolean }>(
    `/api/posts/account-settings/${encodeURIComponent(accountId)}`,
    { signal },
  );
