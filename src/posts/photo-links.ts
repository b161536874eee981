import sharp from 'sharp';
import { z } from 'zod';
import type { Keyring } from '../platform/crypto/envelope.js';
import { openToken, signToken } from '../platform/crypto/signed-token.js';
import type { DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { findServablePhoto } from './posts.repository.js';

/**
 * Public links to a post's photo, for platforms that fetch the photo themselves instead of taking an upload
 * (Instagram's Content Publishing API takes an `image_url`). The link is unguessable and short-lived: a token
 * signed with a key derived from the master key, carrying the photo id and an expiry. It opens only the
 * re-encoded copy (no EXIF), only while the photo is on an approved or published post; it needs no session
 * because the platform has none.
 */

/** Where the links are served (outside `/api`: the platform fetching it is not a Guardpost client). */
export const photoLinkPath = '/media';
/** Long enough for a platform to fetch the photo while a publication runs; a retry mints a new link. */
export const photoLinkLifetimeMs = 60 * 60 * 1000;
const purpose = 'post-photo-link';
const photoId = z.uuid();

/** The public address of a photo, valid for an hour from `now`. `baseUrl` has no trailing slash. */
export function photoLinkFor(keyring: Keyring, baseUrl: string, id: string, now: Date): string {
  const token = signToken(keyring, purpose, id, new Date(now.getTime() + photoLinkLifetimeMs));
  return `${baseUrl}${photoLinkPath}/${token}`;
}

// One answer for every refusal, so the link says nothing about why (expired, forged, photo gone).
const noSuchPhoto = () => notFound('PhotoLinkNotFound', 'no such photo');

/**
 * The JPEG bytes behind a photo link. Photos are stored re-encoded in their uploaded format; a platform that
 * fetches by address may take only JPEG (Instagram does), so a PNG or WebP is encoded as JPEG here, and
 * like every re-encode without `withMetadata` it carries no metadata.
 */
export async function readLinkedPhoto(
  db: DbExecutor,
  keyring: Keyring,
  token: string,
  now: Date,
): Promise<Buffer> {
  const id = openToken(keyring, purpose, token, now);
  if (id === undefined || !photoId.safeParse(id).success) throw noSuchPhoto();
  const photo = await findServablePhoto(db, id);
  if (!photo) throw noSuchPhoto();
  // bytea comes back as a Uint8Array on PGlite and a Buffer on PostgreSQL.
  return asJpeg(Buffer.from(photo.content));
}

/**
 * A stored photo as JPEG: photos are stored re-encoded without metadata but in their own format (PNG and
 * WebP stay so), and the platforms are sent JPEG, labelled as such. A re-encode carries no metadata.
 */
export async function asJpeg(bytes: Buffer): Promise<Buffer> {
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return isJpeg ? bytes : sharp(bytes).jpeg({ quality: 90 }).toBuffer();
}
