import { type ApiBody, type ApiResponse, api, apiPath } from './client';

/** Posts on the school's approved accounts (src/posts/posts.routes.ts): compose, approve, publish. */

export type Post = ApiResponse<'/api/posts/{id}'>;
export type PostStatus = Post['status'];
/** A stored finding: the server keeps the clause number but not always its title. */
export type PostFinding = Post['findings'][number];
export type PostApproval = Post['approvals'][number];
export type PostReturn = Post['returns'][number];
export type PostContent = ApiBody<'/api/posts/{id}', 'put'>;
export type PublicationRecord = ApiResponse<'/api/posts/{id}/publish', 'post'>;

export const postStatusLabels: Record<PostStatus, string> = {
  draft: 'Draft',
  awaiting_approval: 'Awaiting approval',
  ready: 'Ready to publish',
  published: 'Published',
};

export const fetchMyPosts = (signal?: AbortSignal) =>
  api.get('/api/posts', { query: { scope: 'mine' }, signal });
export const fetchApprovalQueue = (signal?: AbortSignal) =>
  api.get('/api/posts', { query: { scope: 'approval_queue' }, signal });
export const fetchPost = (id: string, signal?: AbortSignal) =>
  api.get('/api/posts/{id}', { path: { id }, signal });
export const createPost = (accountId: string, content: PostContent) =>
  api.post('/api/posts', { json: { accountId, ...content } });
export const savePost = (id: string, content: PostContent) =>
  api.put('/api/posts/{id}', { path: { id }, json: content });
/** Checks unsaved content together with the post's stored photos, as a save would; nothing is stored. */
export const checkPostDraft = (id: string, content: PostContent, signal?: AbortSignal) =>
  api.post('/api/posts/{id}/check', { path: { id }, json: content, signal });
export const markPostReady = (id: string) => api.post('/api/posts/{id}/ready', { path: { id } });
export const approvePost = (id: string, reason: string) =>
  api.post('/api/posts/{id}/approve', { path: { id }, json: { reason } });
export const sendPostBack = (id: string, reason: string) =>
  api.post('/api/posts/{id}/send-back', { path: { id }, json: { reason } });
export const publishPost = (id: string, publishedUrl: string) =>
  api.post('/api/posts/{id}/publish', { path: { id }, json: { publishedUrl } });

export function addPostPhotos(id: string, files: readonly File[]) {
  const form = new FormData();
  for (const file of files) form.append('photos', file, file.name);
  return api.post('/api/posts/{id}/photos', { path: { id }, form });
}

export const removePostPhoto = (id: string, photoId: string) =>
  api.post('/api/posts/{id}/photos/{photoId}/remove', { path: { id, photoId } });

/** Photos are served as attachments (never inline from the API); the page fetches them into object URLs. */
export async function fetchPhotoBlob(
  postId: string,
  photoId: string,
  size: 'thumbnail' | 'full',
  signal?: AbortSignal,
): Promise<Blob> {
  const response = await fetch(
    apiPath('/api/posts/{id}/photos/{photoId}', { id: postId, photoId }, { size }),
    {
      credentials: 'same-origin',
      signal: signal ?? null,
    },
  );
  if (!response.ok) throw new Error(`The photo could not be loaded (${response.status}).`);
  return response.blob();
}

/** A kept original, with its location and camera data; SMT and the headteacher only, each download audited. */
export const photoOriginalUrl = (postId: string, photoId: string) =>
  apiPath('/api/posts/{id}/photos/{photoId}/original', { id: postId, photoId });

export const fetchAccountPostSettings = (accountId: string, signal?: AbortSignal) =>
  api.get('/api/posts/account-settings/{accountId}', { path: { accountId }, signal });
