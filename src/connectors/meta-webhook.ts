import { createHmac } from 'node:crypto';
import type { Config } from '../platform/config.js';
import { sameSecret } from '../platform/crypto/same-secret.js';

/**
 * Meta's webhooks (Graph API Webhooks: a Page's `feed` field, an Instagram account's `comments` field), as
 * pure functions: whether they are on, the subscription handshake, the signature and which connected
 * accounts a delivery names. Nothing in a delivery is trusted beyond "this account has something new": the
 * comment itself is read through the API by the ingest, and that read is the record.
 */

export const META_WEBHOOK_PATH = '/api/webhooks/meta';

export interface MetaWebhookSettings {
  verifyToken: string;
  /** The Meta app's secret: Meta signs each delivery with it (X-Hub-Signature-256). */
  appSecret: string;
  callbackUrl: string;
}

/**
 * The webhook's settings, or undefined when it is off: it needs the verify token, the Meta app (its secret
 * checks signatures) and a public URL (Meta must reach the callback).
 */
export function metaWebhookSettings(
  config: Pick<Config, 'metaWebhookVerifyToken' | 'metaApp' | 'publicUrl'>,
): MetaWebhookSettings | undefined {
  if (!config.metaWebhookVerifyToken || !config.metaApp || !config.publicUrl) return undefined;
  return {
    verifyToken: config.metaWebhookVerifyToken,
    appSecret: config.metaApp.clientSecret,
    callbackUrl: `${config.publicUrl}${META_WEBHOOK_PATH}`,
  };
}

/**
 * The challenge to echo when Meta's subscription handshake (`hub.mode=subscribe`, `hub.verify_token`,
 * `hub.challenge`) names our token; undefined otherwise.
 */
export function handshakeChallenge(
  query: { 'hub.mode'?: string; 'hub.verify_token'?: string; 'hub.challenge'?: string },
  verifyToken: string,
): string | undefined {
  if (query['hub.mode'] !== 'subscribe' || query['hub.challenge'] === undefined) return undefined;
  if (query['hub.verify_token'] === undefined || !sameSecret(query['hub.verify_token'], verifyToken))
    return undefined;
  return query['hub.challenge'];
}

/** Whether `X-Hub-Signature-256` is `sha256=` and the HMAC-SHA256 of the raw body under the app secret. */
export function signatureMatches(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (header === undefined || !header.startsWith('sha256=')) return false;
  const given = header.slice('sha256='.length).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
  return sameSecret(given, expected);
}

/** A connected account a delivery says has a new comment: the Page id, or the Instagram user id. */
export interface NamedAccount {
  platform: 'facebook' | 'instagram';
  platformAccountId: string;
}

const recordOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const idOf = (value: unknown): string | undefined => {
  const id = typeof value === 'number' ? String(value) : value;
  return typeof id === 'string' && /^\d{1,30}$/.test(id) ? id : undefined;
};

/** A comment added or edited is read; hides and removals (often our own actions, echoed back) are not. */
const readVerbs = new Set<unknown>(['add', 'edited']);

/** Most entries one delivery is read for: Meta batches up to 1000 changes, a burst is one read per account. */
const MAX_ENTRIES = 1000;

/**
 * The accounts a delivery names as having a new comment, each once: a Page's `feed` change whose item is a
 * `comment` (added or edited), or an Instagram `comments` change. Anything else (a like, a post, another
 * field or object) names nobody. The payload is untrusted JSON, narrowed here by hand.
 */
export function accountsWithNewComments(payload: unknown): NamedAccount[] {
  const body = recordOf(payload);
  const object = body.object;
  if (object !== 'page' && object !== 'instagram') return [];
  const found = new Map<string, NamedAccount>();
  for (const entry of arrayOf(body.entry).slice(0, MAX_ENTRIES).map(recordOf)) {
    const id = idOf(entry.id);
    if (id === undefined) continue;
    const changes = arrayOf(entry.changes).map(recordOf);
    const named =
      object === 'page'
        ? changes.some((c) => {
            const value = recordOf(c.value);
            return c.field === 'feed' && value.item === 'comment' && readVerbs.has(value.verb);
          })
        : changes.some((c) => c.field === 'comments');
    if (!named) continue;
    const platform = object === 'page' ? 'facebook' : 'instagram';
    found.set(`${platform}:${id}`, { platform, platformAccountId: id });
  }
  return [...found.values()];
}
