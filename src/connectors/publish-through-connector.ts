import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid, isAppError, unavailable } from '../platform/errors.js';
import type { StaffActor } from '../platform/http/route-access.js';
import { getPost, getPostPhoto } from '../posts/get-post.js';
import { asJpeg, photoLinkFor } from '../posts/photo-links.js';
import type { PostsDeps } from '../posts/post-access.js';
import { publishPost } from '../posts/publish-post.js';
import { linkTo } from '../shared/links.js';
import { findConnectionByAccount } from './connections.repository.js';
import type { PostPublicationRow } from './connections.table.js';
import { ConnectorError, type PublishPhoto } from './connector.js';
import {
  breaksConnection,
  type ConnectionDeps,
  markConnectionFailed,
  openConnection,
  storeRefreshedCredentials,
} from './open-connection.js';
import { staffActorNow } from './staff-actor.js';

/**
 * Publishing an approved post through its account's connector (issue 13), at once or at a chosen time.
 * Once per post revision: `post_publications` has one row per (post, revision), claimed before the platform
 * is called, so a second click, a retried job or a second process cannot post twice. A failed publish says
 * why and the post stays approved (ready); the archive is written by the posts domain's own `publishPost`,
 * with the platform's address and id, and both are kept on the publication beside the archive id too.
 */

export interface PublishDeps extends ConnectionDeps {
  clock: Clock;
  posts: PostsDeps;
  /**
   * Where the internet reaches Guardpost (GUARDPOST_PUBLIC_URL), for the signed photo links a platform
   * fetches photos from (Instagram); unset, no links are made and such a platform refuses to publish.
   */
  publicUrl: string | undefined;
}

export interface PublicationView {
  id: string;
  postId: string;
  revision: number;
  platform: string;
  status: PostPublicationRow['status'];
  scheduledFor: string | null;
  platformPostId: string | null;
  url: string | null;
  archiveId: string | null;
  error: { code: string; message: string } | null;
  publishedAt: string | null;
}

export function publicationView(row: PostPublicationRow): PublicationView {
  return {
    id: row.id,
    postId: row.post_id,
    revision: row.revision,
    platform: row.platform,
    status: row.status,
    scheduledFor: row.scheduled_for?.toISOString() ?? null,
    platformPostId: row.platform_post_id,
    url: row.url,
    archiveId: row.archive_id,
    error: row.last_error ? { code: row.last_error_code ?? 'platform_error', message: row.last_error } : null,
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

const maxAltText = 1000;
/** How far ahead a publication may be scheduled. */
const maxScheduleDays = 90;

/** Validates alt text: one for every photo of the post, none for another. Pure. */
export function checkAltTexts(
  photoIds: readonly string[],
  altTexts: Record<string, string>,
): Record<string, string> {
  const problems: string[] = [];
  const result: Record<string, string> = {};
  for (const id of photoIds) {
    const text = (altTexts[id] ?? '').trim();
    if (text === '')
      problems.push(`photo ${id}: alt text is required (a short description for people who cannot see it)`);
    else if (text.length > maxAltText)
      problems.push(`photo ${id}: alt text is at most ${maxAltText} characters`);
    else result[id] = text;
  }
  for (const id of Object.keys(altTexts))
    if (!photoIds.includes(id)) problems.push(`photo ${id}: not a photo of this post`);
  if (problems.length > 0)
    throw invalid('AltTextRequired', 'every photo needs alt text before it is published', problems);
  return result;
}

/**
 * Publishes (or schedules) the post through its account's connection. The actor must be allowed to
 * publish the post (its author, as for a hand-recorded publication).
 */
export async function publishThroughConnector(
  db: Db,
  actor: StaffActor,
  input: { schoolId: string; postId: string; altTexts: Record<string, string>; at?: Date | undefined },
  deps: PublishDeps,
): Promise<PublicationView> {
  const post = await getPost(db, actor, input.schoolId, input.postId);
  if (post.status === 'published') throw conflict('AlreadyPublished', 'this post has already been published');
  if (!post.abilities.publish) throw forbidden('PublishNotAllowed', 'only the post’s author publishes it');
  if (post.status !== 'ready')
    throw conflict('PostNotReady', 'only a post marked ready (or approved) is published');
  const altTexts = checkAltTexts(
    post.photos.map((p) => p.id),
    input.altTexts,
  );
  const now = deps.clock.now();
  if (input.at && input.at.getTime() > now.getTime() + maxScheduleDays * 86_400_000)
    throw invalid('ScheduleTooFar', `a publication is scheduled at most ${maxScheduleDays} days ahead`);
  const scheduled = input.at !== undefined && input.at.getTime() > now.getTime() + 60_000;
  const claimed = await db.transaction().execute(async (tx) => {
    const connection = await findConnectionByAccount(tx, post.accountId);
    if (connection?.status !== 'connected')
      throw conflict(
        'AccountNotConnected',
        'this account is not connected to its platform: publish it by hand and record its address, or connect the account first',
      );
    const connector = deps.connectors.connectorFor(connection.platform);
    if (!connector?.capabilities.publish)
      throw conflict(
        'PublishNotSupported',
        `Guardpost cannot publish to ${connector?.name ?? connection.platform}: ${connector?.capabilities.notes[0] ?? 'no connector'}`,
      );
    if (post.photos.length > 0 && !connector.capabilities.publishPhotos)
      throw conflict('PhotosNotSupported', `Guardpost cannot publish photos to ${connector.name}`);
    if (post.photos.length === 0 && !connector.capabilities.publishTextOnly)
      throw conflict(
        'PhotoRequired',
        `${connector.name} publishes only posts with a photo: add a photo, or publish this post on another account`,
      );
    const existing = await tx
      .selectFrom('post_publications')
      .selectAll()
      .where('post_id', '=', post.id)
      .where('revision', '=', post.revision)
      .forUpdate()
      .executeTakeFirst();
    if (existing?.status === 'published')
      throw conflict('AlreadyPublished', 'this version of the post has already been published');
    if (existing?.status === 'publishing')
      throw conflict('PublishInProgress', 'this post is being published now');
    const values = {
      status: scheduled ? ('scheduled' as const) : ('publishing' as const),
      scheduled_for: scheduled ? (input.at ?? null) : null,
      alt_texts: JSON.stringify(altTexts),
      requested_by_staff_id: actor.staffId,
      platform: connection.platform,
      account_id: post.accountId,
      updated_at: now,
    };
    const row = existing
      ? await tx
          .updateTable('post_publications')
          .set(values)
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('post_publications')
          .values({
            ...values,
            school_id: input.schoolId,
            post_id: post.id,
            revision: post.revision,
            idempotency_key: `guardpost:${post.id}:${post.revision}`,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    if (scheduled)
      await recordAudit(tx, {
        actor,
        schoolId: input.schoolId,
        at: now,
        event: {
          type: 'post.publish_scheduled',
          subject: { type: 'post', id: post.id },
          data: { platform: connection.platform, at: input.at?.toISOString() ?? '', revision: post.revision },
        },
      });
    return row;
  });
  if (scheduled) return publicationView(claimed);
  const done = await attemptPublication(db, actor, claimed, deps);
  if (done.status === 'failed')
    throw unavailable(
      'PublishFailed',
      `${done.last_error ?? 'the platform refused the post'} The post stays approved; try again later.`,
    );
  return publicationView(done);
}

/** Sends a claimed publication to the platform and records what happened (success or why not). */
async function attemptPublication(
  db: Db,
  actor: StaffActor,
  claimed: PostPublicationRow,
  deps: PublishDeps,
): Promise<PostPublicationRow> {
  const now = deps.clock.now();
  try {
    const post = await getPost(db, actor, claimed.school_id, claimed.post_id);
    if (post.revision !== claimed.revision || post.status !== 'ready')
      throw conflict(
        'PostChanged',
        'the post changed after it was scheduled: it must be approved and published again',
      );
    const photos: PublishPhoto[] = [];
    for (const photo of post.photos) {
      const bytes = await getPostPhoto(db, actor, {
        schoolId: claimed.school_id,
        postId: post.id,
        photoId: photo.id,
        thumbnail: false,
      });
      photos.push({
        bytes: new Uint8Array(await asJpeg(Buffer.from(bytes))),
        mimeType: 'image/jpeg',
        altText: claimed.alt_texts[photo.id] ?? '',
        width: photo.width,
        height: photo.height,
        ...(deps.publicUrl
          ? { publicUrl: photoLinkFor(deps.keyring, deps.publicUrl, photo.id, deps.clock.now()) }
          : {}),
      });
    }
    const opened = await db.transaction().execute((tx) => openConnection(tx, deps, claimed.account_id));
    const result = await opened.connector.publish(opened.credentials, {
      text: post.text,
      photos,
      idempotencyKey: claimed.idempotency_key,
    });
    await db.transaction().execute((tx) =>
      storeRefreshedCredentials(tx, deps, {
        connectionId: opened.connection.id,
        refreshed: result.refreshed,
        now,
        actor,
      }),
    );
    // The archive, written by the posts domain exactly as for a hand-recorded address.
    let archiveId: string | null = null;
    let archiveError: string | null = null;
    try {
      archiveId = (
        await publishPost(
          db,
          actor,
          {
            schoolId: claimed.school_id,
            postId: post.id,
            publishedUrl: result.url,
            platformPostId: result.platformPostId,
          },
          deps.posts,
        )
      ).id;
    } catch (error) {
      archiveError = `published on ${claimed.platform} but not archived: ${error instanceof Error ? error.message : 'unknown error'}`;
    }
    return await db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('post_publications')
        .set({
          status: 'published',
          platform_post_id: result.platformPostId,
          url: result.url,
          archive_id: archiveId,
          attempts: claimed.attempts + 1,
          last_error: archiveError,
          last_error_code: archiveError ? 'not_archived' : null,
          published_at: now,
          updated_at: now,
        })
        .where('id', '=', claimed.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        actor,
        schoolId: claimed.school_id,
        at: now,
        event: {
          type: 'post.published_through_connector',
          subject: { type: 'post', id: claimed.post_id },
          data: {
            platform: claimed.platform,
            platformPostId: result.platformPostId,
            url: result.url,
            revision: claimed.revision,
          },
        },
      });
      return row;
    });
  } catch (error) {
    const code =
      error instanceof ConnectorError ? error.code : isAppError(error) ? error.code : 'platform_error';
    const reason =
      error instanceof ConnectorError
        ? `${error.message}${error.retryAfterSeconds ? ` (try again in ${Math.ceil(error.retryAfterSeconds / 60)} minutes)` : ''}.`
        : isAppError(error)
          ? `${error.message}.`
          : 'Publishing failed for a reason Guardpost could not read.';
    return db.transaction().execute(async (tx) => {
      // A token refreshed before publishing failed is kept with the failure (the old one may be spent).
      if (error instanceof ConnectorError && error.refreshed) {
        const connection = await findConnectionByAccount(tx, claimed.account_id);
        if (connection)
          await storeRefreshedCredentials(tx, deps, {
            connectionId: connection.id,
            refreshed: error.refreshed,
            now,
            actor,
          });
      }
      if (error instanceof ConnectorError && breaksConnection(error)) {
        const connection = await findConnectionByAccount(tx, claimed.account_id);
        if (connection)
          await markConnectionFailed(tx, {
            connectionId: connection.id,
            code: error.code,
            reason: error.message,
            now,
            actor,
          });
      }
      const row = await tx
        .updateTable('post_publications')
        .set({
          status: 'failed',
          attempts: claimed.attempts + 1,
          last_error: reason,
          last_error_code: code,
          updated_at: now,
        })
        .where('id', '=', claimed.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        actor,
        schoolId: claimed.school_id,
        at: now,
        event: {
          type: 'post.publish_failed',
          subject: { type: 'post', id: claimed.post_id },
          data: { platform: claimed.platform, code, reason, revision: claimed.revision },
        },
      });
      await notify(tx, {
        schoolId: claimed.school_id,
        staffIds: [claimed.requested_by_staff_id],
        kind: 'post.publish_failed',
        title: `Your post was not published on ${claimed.platform}`,
        body: `${reason} It stays approved: publish it again when the problem is fixed.`,
        link: linkTo('post', { id: claimed.post_id }),
        now,
      });
      return row;
    });
  }
}

/**
 * The scheduled job: publishes every publication that is due, each claimed in its own transaction
 * (`SKIP LOCKED`, so several workers never take the same one), as the person who scheduled it.
 */
export async function publishDuePosts(
  db: Db,
  deps: PublishDeps,
): Promise<{ published: number; failed: number }> {
  let published = 0;
  let failed = 0;
  for (;;) {
    const now = deps.clock.now();
    const claimed = await db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('post_publications')
        .selectAll()
        .where('status', '=', 'scheduled')
        .where('scheduled_for', '<=', now)
        .orderBy('scheduled_for')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return undefined;
      return tx
        .updateTable('post_publications')
        .set({ status: 'publishing', updated_at: now })
        .where('id', '=', due.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    if (!claimed) break;
    const actor = await staffActorNow(db, claimed.school_id, claimed.requested_by_staff_id);
    if (!actor) {
      await db
        .updateTable('post_publications')
        .set({
          status: 'failed',
          last_error: 'The person who scheduled it is no longer a member of staff here.',
          last_error_code: 'scheduler_left',
          updated_at: now,
        })
        .where('id', '=', claimed.id)
        .execute();
      failed++;
      continue;
    }
    const done = await attemptPublication(db, actor, claimed, deps);
    if (done.status === 'published') published++;
    else failed++;
  }
  return { published, failed };
}

/** The publication of the post's current revision, if any (for the post page). */
export async function getPublication(
  db: Db,
  actor: StaffActor,
  schoolId: string,
  postId: string,
): Promise<PublicationView | null> {
  const post = await getPost(db, actor, schoolId, postId);
  const row = await db
    .selectFrom('post_publications')
    .selectAll()
    .where('post_id', '=', post.id)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? publicationView(row) : null;
}
