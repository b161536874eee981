import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { loadPostFor, requireStaff } from './post-access.js';
import { type PostView, toView } from './post-view.js';
import { listPhotos } from './posts.repository.js';

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
