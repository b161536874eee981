import { afterEach, describe, expect, it } from 'vitest';
import {
  type ConnectorCredentials,
  ConnectorError,
  type PublishPhoto,
  type PublishRequest,
} from './connector.js';
import { createInstagramConnector } from './instagram.connector.js';
import { instagramRefusal } from './instagram-publish.js';
import { graphOrigin as origin } from './meta-graph.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';

// Requests and responses as Meta's Content Publishing guide and the IG User media, media_publish and IG
// Container references document them, with generated ids and captions.
const now = () => new Date('2026-12-03T09:00:00Z');
const ig: ConnectorCredentials = {
  baseUrl: origin,
  accessToken: 'EAAPageToken',
  accountId: '17841400000000001',
};
const bearer = 'Bearer EAAPageToken';
const publicBase = 'https://guardpost.fernhill.sch.uk/media';
const token = (n: number) => `0f6b1c6e-5b7a-4d2b-9a63-1d7d5c2e9f1${n}.1796288400.${'A'.repeat(43)}`;

function photo(n: number, altText: string, base = publicBase): PublishPhoto {
  return {
    bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
    mimeType: 'image/jpeg',
    altText,
    publicUrl: `${base}/${token(n)}`,
  };
}

let current: Replay | undefined;
let pauses: number[] = [];
function recorded(exchanges: RecordedExchange[]) {
  current = replay(exchanges);
  pauses = [];
  const instagram = createInstagramConnector({
    fetch: current.fetch,
    now,
    pause: async (ms) => {
      pauses.push(ms);
    },
  });
  return { instagram, http: current };
}
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** Each request as [method, path with query, form fields], with the Page token checked on every one. */
function requestsOf(http: Replay) {
  return http.sent().map((r) => {
    expect(r.authorization).toBe(bearer);
    const url = new URL(r.url);
    return [
      r.method,
      `${url.pathname}${url.search}`,
      r.body === '' ? {} : Object.fromEntries(new URLSearchParams(r.body)),
    ];
  });
}

async function connectorError(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

const status = (id: string, code: string, detail?: string): RecordedExchange => ({
  method: 'GET',
  origin,
  path: `/v24.0/${id}?fields=status_code%2Cstatus`,
  status: 200,
  body: { status_code: code, ...(detail ? { status: detail } : {}), id },
});
const created = (id: string): RecordedExchange => ({
  method: 'POST',
  origin,
  path: '/v24.0/17841400000000001/media',
  status: 200,
  body: { id },
});
const publishedAs = (mediaId: string, shortcode: string): RecordedExchange[] => [
  {
    method: 'POST',
    origin,
    path: '/v24.0/17841400000000001/media_publish',
    status: 200,
    body: { id: mediaId },
  },
  {
    method: 'GET',
    origin,
    path: `/v24.0/${mediaId}?fields=permalink`,
    status: 200,
    body: { permalink: `https://www.instagram.com/p/${shortcode}/`, id: mediaId },
  },
];

describe('publishing to Instagram against recorded exchanges', () => {
  it('publishes one photo: an image container with its caption and alt text, polled until finished, then published', async () => {
    const { instagram, http } = recorded([
      created('17890000000000101'),
      status('17890000000000101', 'IN_PROGRESS'),
      status('17890000000000101', 'FINISHED'),
      ...publishedAs('17900000000000301', 'C1oakTREE'),
    ]);
    const result = await instagram.publish(ig, {
      text: 'Year 4 planted twelve oaks today. #ForestSchool',
      photos: [photo(1, 'Children’s hands pressing soil around a sapling')],
      idempotencyKey: 'guardpost:p1:1',
    });
    expect(result).toEqual({
      platformPostId: '17900000000000301',
      url: 'https://www.instagram.com/p/C1oakTREE/',
    });
    expect(requestsOf(http)).toEqual([
      [
        'POST',
        '/v24.0/17841400000000001/media',
        {
          image_url: `${publicBase}/${token(1)}`,
          caption: 'Year 4 planted twelve oaks today. #ForestSchool',
          alt_text: 'Children’s hands pressing soil around a sapling',
        },
      ],
      ['GET', '/v24.0/17890000000000101?fields=status_code%2Cstatus', {}],
      ['GET', '/v24.0/17890000000000101?fields=status_code%2Cstatus', {}],
      ['POST', '/v24.0/17841400000000001/media_publish', { creation_id: '17890000000000101' }],
      ['GET', '/v24.0/17900000000000301?fields=permalink', {}],
    ]);
    expect(http.sent()[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(pauses).toEqual([1500]);
    http.assertAllUsed();
  });

  it('publishes several photos as a carousel: an item container each, then the carousel with the caption', async () => {
    const { instagram, http } = recorded([
      created('17890000000000201'),
      created('17890000000000202'),
      created('17890000000000203'),
      created('17890000000000204'),
      status('17890000000000204', 'FINISHED'),
      ...publishedAs('17900000000000302', 'C2harVEST'),
    ]);
    const result = await instagram.publish(ig, {
      text: 'Harvest festival: thank you for every tin.',
      photos: [photo(1, 'Tins stacked on a table'), photo(2, 'The hall set out'), photo(3, 'Boxes in a van')],
      idempotencyKey: 'guardpost:p2:1',
    });
    expect(result.platformPostId).toBe('17900000000000302');
    expect(requestsOf(http)).toEqual([
      [
        'POST',
        '/v24.0/17841400000000001/media',
        {
          image_url: `${publicBase}/${token(1)}`,
          is_carousel_item: 'true',
          alt_text: 'Tins stacked on a table',
        },
      ],
      [
        'POST',
        '/v24.0/17841400000000001/media',
        { image_url: `${publicBase}/${token(2)}`, is_carousel_item: 'true', alt_text: 'The hall set out' },
      ],
      [
        'POST',
        '/v24.0/17841400000000001/media',
        { image_url: `${publicBase}/${token(3)}`, is_carousel_item: 'true', alt_text: 'Boxes in a van' },
      ],
      [
        'POST',
        '/v24.0/17841400000000001/media',
        {
          media_type: 'CAROUSEL',
          children: '17890000000000201,17890000000000202,17890000000000203',
          caption: 'Harvest festival: thank you for every tin.',
        },
      ],
      ['GET', '/v24.0/17890000000000204?fields=status_code%2Cstatus', {}],
      ['POST', '/v24.0/17841400000000001/media_publish', { creation_id: '17890000000000204' }],
      ['GET', '/v24.0/17900000000000302?fields=permalink', {}],
    ]);
    expect(pauses).toEqual([]);
    http.assertAllUsed();
  });

  it('keeps a published post published when its permalink cannot be read (a retry would post it twice)', async () => {
    const { instagram, http } = recorded([
      created('17890000000000501'),
      status('17890000000000501', 'FINISHED'),
      {
        method: 'POST',
        origin,
        path: '/v24.0/17841400000000001/media_publish',
        status: 200,
        body: { id: '17900000000000305' },
      },
      {
        method: 'GET',
        origin,
        path: '/v24.0/17900000000000305?fields=permalink',
        status: 500,
        body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1 } },
      },
    ]);
    const result = await instagram.publish(ig, {
      text: 'Choir concert tonight.',
      photos: [photo(1, 'The choir on stage')],
      idempotencyKey: 'guardpost:p5:1',
    });
    expect(result).toEqual({ platformPostId: '17900000000000305', url: 'https://www.instagram.com/' });
    http.assertAllUsed();
  });

  it('says a throttled account must wait, before any container is published', async () => {
    const { instagram, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/v24.0/17841400000000001/media',
        status: 400,
        body: { error: { message: 'Application request limit reached', type: 'OAuthException', code: 4 } },
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            '17841400000000001': [{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 5 }],
          }),
        },
      },
    ]);
    const limited = await connectorError(
      instagram.publish(ig, { text: 'Fete', photos: [photo(1, 'Bunting')], idempotencyKey: 'k' }),
    );
    expect([limited.code, limited.retryAfterSeconds]).toEqual(['rate_limited', 300]);
    expect(http.sent()).toHaveLength(1);
  });

  it('stops at a container that errors, expires or never finishes, and publishes nothing', async () => {
    const request: PublishRequest = {
      text: 'Open evening on the 12th.',
      photos: [photo(1, 'The school gates at dusk')],
      idempotencyKey: 'guardpost:p3:1',
    };
    const { instagram, http } = recorded([
      created('17890000000000401'),
      status(
        '17890000000000401',
        'ERROR',
        'Error: Media download has failed. The media URI doesn’t meet our requirements. (2207052)',
      ),
      created('17890000000000402'),
      status('17890000000000402', 'EXPIRED'),
      created('17890000000000403'),
      ...Array.from({ length: 8 }, () => status('17890000000000403', 'IN_PROGRESS')),
    ]);
    const failed = await connectorError(instagram.publish(ig, request));
    expect(failed.code).toBe('rejected');
    expect(failed.message).toContain('Instagram could not use the photo (Error: Media download has failed.');
    const expired = await connectorError(instagram.publish(ig, request));
    expect([expired.code, expired.message]).toEqual([
      'rejected',
      'Instagram’s media container expired before it was published',
    ]);
    const slow = await connectorError(instagram.publish(ig, request));
    expect(slow.code).toBe('platform_error');
    expect(slow.message).toContain('had not finished processing the photo after 12 seconds');
    expect(pauses).toHaveLength(7);
    expect(http.sent().some((r) => r.url.includes('media_publish'))).toBe(false);
    expect(http.sent()).toHaveLength(2 + 2 + 9);
    http.assertAllUsed();
  });

  it('refuses a text-only post, an eleventh photo, an over-long caption and a photo Instagram would not take, before sending anything', async () => {
    const { instagram, http } = recorded([]);
    const refusal = async (request: Omit<PublishRequest, 'idempotencyKey'>) => {
      const error = await connectorError(instagram.publish(ig, { ...request, idempotencyKey: 'k' }));
      return [error.code, error.message];
    };
    expect(await refusal({ text: 'Sports day is on Friday.', photos: [] })).toEqual([
      'not_supported',
      'Instagram publishes only posts with a photo: add a photo, or publish this post on another account',
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => photo(i, `Photo ${i}`));
    expect((await refusal({ text: 'Sports day', photos: eleven }))[1]).toContain('at most 10 photos');
    const long = 'a'.repeat(2201);
    expect(await refusal({ text: long, photos: [photo(1, 'x')] })).toEqual([
      'not_supported',
      'Instagram captions are at most 2,200 characters; this one has 2,201',
    ]);
    const tags = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' ');
    expect((await refusal({ text: tags, photos: [photo(1, 'x')] }))[1]).toBe(
      'Instagram takes at most 30 hashtags in a caption; this one has 31',
    );
    const panorama = { ...photo(2, 'The whole school on the field'), width: 3000, height: 1000 };
    const tall = { ...photo(3, 'The climbing wall'), width: 1000, height: 1400 };
    expect((await refusal({ text: 'Sports day', photos: [photo(1, 'x'), panorama] }))[1]).toBe(
      'photo 2 is 3000×1000 pixels: Instagram takes photos from 4:5 (portrait) to 1.91:1 (landscape), so crop it and add it again',
    );
    expect((await refusal({ text: 'Sports day', photos: [tall] }))[1]).toContain(
      'photo 1 is 1000×1400 pixels',
    );
    expect(http.sent()).toEqual([]);
  });

  it('counts the caption’s limits as Instagram does: characters, not UTF-16 units, and real hashtags only', () => {
    const photos = [photo(1, 'x')];
    const emoji = '🌳'.repeat(2200);
    expect(instagramRefusal({ text: emoji, photos, idempotencyKey: 'k' })).toBeUndefined();
    const thirty = `${Array.from({ length: 30 }, (_, i) => `#t${i}`).join(' ')} ring 01234#5 or see page#2`;
    expect(instagramRefusal({ text: thirty, photos, idempotencyKey: 'k' })).toBeUndefined();
    const edges = [
      { ...photo(1, 'x'), width: 1080, height: 1350 },
      { ...photo(2, 'x'), width: 1080, height: 566 },
    ];
    expect(instagramRefusal({ text: 'Edges', photos: edges, idempotencyKey: 'k' })).toBeUndefined();
  });

  it('refuses before calling Meta when Guardpost’s public address is not one the internet reaches', async () => {
    const { instagram, http } = recorded([]);
    const unreachable = async (publicUrl: string | undefined) => {
      const one: PublishPhoto = { ...photo(1, 'A sapling') };
      if (publicUrl === undefined) delete one.publicUrl;
      else one.publicUrl = publicUrl;
      return connectorError(instagram.publish(ig, { text: 'Our oaks', photos: [one], idempotencyKey: 'k' }));
    };
    const local = await unreachable(`http://localhost:3000/media/${token(1)}`);
    expect(local.code).toBe('media_unreachable');
    expect(local.message).toBe(
      'Instagram must fetch the photo from http://localhost:3000/media/…, which the internet cannot reach (it is a name only a local network knows): set GUARDPOST_PUBLIC_URL to the https address where the internet reaches Guardpost, or publish by hand and record the address',
    );
    for (const url of [
      `http://127.0.0.1:3000/media/${token(1)}`,
      `https://192.168.10.4/media/${token(1)}`,
      `http://169.254.1.1/media/${token(1)}`,
      `https://guardpost.fernhill.internal/media/${token(1)}`,
      `http://guardpost.local/media/${token(1)}`,
    ]) {
      const error = await unreachable(url);
      expect(error.code, url).toBe('media_unreachable');
      expect(error.message, url).toContain(
        `from ${new URL(url).origin}/media/…, which the internet cannot reach`,
      );
      // The signed link itself is never put in a message that is stored, audited and emailed.
      expect(error.message, url).not.toContain(token(1));
    }
    const unset = await unreachable(undefined);
    expect(unset.code).toBe('media_unreachable');
    expect(unset.message).toContain('Guardpost has none: set GUARDPOST_PUBLIC_URL');
    expect(http.sent()).toEqual([]);
  });
});
