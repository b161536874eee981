import { whyUnreachableFromInternet } from '../platform/http/internet-address.js';
import {
  type ConnectorCredentials,
  ConnectorError,
  type PublishPhoto,
  type PublishRequest,
  type PublishResult,
} from './connector.js';
import { graphUrl } from './meta-graph.js';
import { type PlatformHttp, recordOf, stringOf } from './platform-http.js';

/**
 * Publishing to an Instagram professional account (Meta's Content Publishing API): Instagram fetches each
 * photo itself from a public address (`image_url`), so Guardpost hands it a signed, expiring link to the
 * re-encoded copy (posts/photo-links.ts). One photo is one image container; two to ten are a carousel of
 * item containers. The container is polled until Instagram has fetched and processed it, then published,
 * and the post's permalink is read for the archive.
 */

/** Instagram's documented limits on a feed post. */
export const instagramLimits = {
  captionCharacters: 2200,
  hashtags: 30,
  carouselPhotos: 10,
  /** Width over height: from 4:5 (portrait) to 1.91:1 (landscape). */
  narrowestShape: 4 / 5,
  widestShape: 1.91,
} as const;

/** How often, and how far apart, a container's processing is asked after (about 12 seconds in all). */
const statusChecks = 8;
const statusCheckIntervalMs = 1500;

const hashtag = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;

/**
 * What stops the request from being published on Instagram at all, decided before anything is sent: a
 * post without a photo, too many photos, a caption over Instagram's limits. Pure.
 */
export function instagramRefusal(request: PublishRequest): string | undefined {
  if (request.photos.length === 0)
    return 'Instagram publishes only posts with a photo: add a photo, or publish this post on another account';
  if (request.photos.length > instagramLimits.carouselPhotos)
    return `Instagram takes at most ${instagramLimits.carouselPhotos} photos in one post; this one has ${request.photos.length}`;
  const characters = [...request.text].length;
  if (characters > instagramLimits.captionCharacters)
    return `Instagram captions are at most ${instagramLimits.captionCharacters.toLocaleString('en-GB')} characters; this one has ${characters.toLocaleString('en-GB')}`;
  const hashtags = [...request.text.matchAll(hashtag)].length;
  if (hashtags > instagramLimits.hashtags)
    return `Instagram takes at most ${instagramLimits.hashtags} hashtags in a caption; this one has ${hashtags}`;
  for (const [index, photo] of request.photos.entries()) {
    if (!photo.width || !photo.height) continue;
    // Rounded as Instagram states its limits (1.91:1), so a 1080×566 photo counts as 1.91.
    const shape = Math.round((photo.width / photo.height) * 100) / 100;
    if (shape < instagramLimits.narrowestShape || shape > instagramLimits.widestShape)
      return `photo ${index + 1} is ${photo.width}×${photo.height} pixels: Instagram takes photos from 4:5 (portrait) to 1.91:1 (landscape), so crop it and add it again`;
  }
  return undefined;
}

/**
 * The address Instagram will fetch each photo from, or why it never could: none configured, or one the
 * internet cannot reach (a development machine, a school's internal network). Decided before Meta is called,
 * so a post is not half-published and the person is told what to configure.
 */
export function instagramPhotoUrls(photos: readonly PublishPhoto[]): string[] {
  return photos.map((photo) => {
    if (!photo.publicUrl)
      throw new ConnectorError(
        'instagram',
        'media_unreachable',
        'Instagram must fetch each photo from a public web address, and Guardpost has none: set GUARDPOST_PUBLIC_URL to the https address where the internet reaches Guardpost, or publish by hand and record the address',
      );
    const why = whyUnreachableFromInternet(photo.publicUrl);
    if (why) {
      // The address without its token: the message is stored, audited and emailed.
      const shown = new URL(photo.publicUrl);
      const folder = shown.pathname.slice(0, shown.pathname.lastIndexOf('/'));
      throw new ConnectorError(
        'instagram',
        'media_unreachable',
        `Instagram must fetch the photo from ${shown.origin}${folder}/…, which the internet cannot reach (${why}): set GUARDPOST_PUBLIC_URL to the https address where the internet reaches Guardpost, or publish by hand and record the address`,
      );
    }
    return photo.publicUrl;
  });
}

export async function publishToInstagram(
  api: PlatformHttp,
  credentials: ConnectorCredentials,
  request: PublishRequest,
  pause: (milliseconds: number) => Promise<void>,
): Promise<PublishResult> {
  const refusal = instagramRefusal(request);
  if (refusal) throw new ConnectorError('instagram', 'not_supported', refusal);
  const urls = instagramPhotoUrls(request.photos);

  const createContainer = async (form: Record<string, string>) => {
    const response = await api.request({
      method: 'POST',
      url: graphUrl(credentials.baseUrl, `${credentials.accountId}/media`),
      token: credentials.accessToken,
      form,
    });
    const id = stringOf(recordOf(response.body).id);
    if (!id) throw new ConnectorError('instagram', 'platform_error', 'Instagram made no media container');
    return id;
  };

  let containerId: string;
  const [onlyUrl] = urls;
  const [onlyPhoto] = request.photos;
  if (urls.length === 1 && onlyUrl && onlyPhoto) {
    containerId = await createContainer({
      image_url: onlyUrl,
      caption: request.text,
      alt_text: onlyPhoto.altText,
    });
  } else {
    const children: string[] = [];
    for (const [index, url] of urls.entries())
      children.push(
        await createContainer({
          image_url: url,
          is_carousel_item: 'true',
          alt_text: request.photos[index]?.altText ?? '',
        }),
      );
    containerId = await createContainer({
      media_type: 'CAROUSEL',
      children: children.join(','),
      caption: request.text,
    });
  }

  await waitUntilFinished(api, credentials, containerId, pause);

  const published = await api.request({
    method: 'POST',
    url: graphUrl(credentials.baseUrl, `${credentials.accountId}/media_publish`),
    token: credentials.accessToken,
    form: { creation_id: containerId },
  });
  const mediaId = stringOf(recordOf(published.body).id);
  if (!mediaId) throw new ConnectorError('instagram', 'platform_error', 'Instagram published no media');
  return { platformPostId: mediaId, url: await permalinkOf(api, credentials, mediaId) };
}

/** Polls the container until Instagram has fetched and processed the photos; its failure, said plainly. */
async function waitUntilFinished(
  api: PlatformHttp,
  credentials: ConnectorCredentials,
  containerId: string,
  pause: (milliseconds: number) => Promise<void>,
): Promise<void> {
  for (let check = 1; check <= statusChecks; check++) {
    const response = await api.request({
      method: 'GET',
      url: graphUrl(credentials.baseUrl, containerId, { fields: 'status_code,status' }),
      token: credentials.accessToken,
    });
    const body = recordOf(response.body);
    const status = stringOf(body.status_code);
    if (status === 'FINISHED') return;
    if (status === 'ERROR')
      throw new ConnectorError(
        'instagram',
        'rejected',
        `Instagram could not use the photo (${stringOf(body.status) || 'no reason given'}): it takes JPEG photos of at most 8 MB`,
      );
    if (status === 'EXPIRED')
      throw new ConnectorError(
        'instagram',
        'rejected',
        'Instagram’s media container expired before it was published',
      );
    if (check < statusChecks) await pause(statusCheckIntervalMs);
  }
  throw new ConnectorError(
    'instagram',
    'platform_error',
    `Instagram had not finished processing the photo after ${Math.round((statusChecks * statusCheckIntervalMs) / 1000)} seconds`,
  );
}

/**
 * The published post's address. Once media_publish has answered the post is live: a failure to read its
 * permalink must not fail the publication (a retry would post it twice; Meta honours no idempotency key),
 * so the archive then records the account's profile instead.
 */
async function permalinkOf(
  api: PlatformHttp,
  credentials: ConnectorCredentials,
  mediaId: string,
): Promise<string> {
  try {
    const response = await api.request({
      method: 'GET',
      url: graphUrl(credentials.baseUrl, mediaId, { fields: 'permalink' }),
      token: credentials.accessToken,
    });
    const permalink = stringOf(recordOf(response.body).permalink);
    if (permalink.startsWith('https://')) return permalink;
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
  }
  return 'https://www.instagram.com/';
}
