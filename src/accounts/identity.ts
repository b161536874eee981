import { type PlatformId, platformIds, platforms } from './platforms.js';

/**
 * Account identities, normalised per platform, so that `@Take1Studios`, `https://twitter.com/take1studios/`
 * and `x.com/TAKE1STUDIOS?s=20` are the same account. Pure: no I/O. The key (`x:take1studios`) is what
 * duplicates, declared personal handles and public verification compare.
 */
export interface AccountIdentity {
  platform: PlatformId;
  key: string;
  /** The profile page we would fetch and link to. */
  profileUrl: string;
}

export type IdentityResult = { ok: true; identity: AccountIdentity } | { ok: false; problem: string };

const fail = (problem: string): IdentityResult => ({ ok: false, problem });
const ok = (platform: PlatformId, key: string, profileUrl: string): IdentityResult => ({
  ok: true,
  identity: { platform, key, profileUrl },
});

const patterns: Partial<Record<PlatformId, { re: RegExp; rule: string }>> = {
  x: { re: /^[a-z0-9_]{1,15}$/, rule: 'letters, digits and _ only, at most 15' },
  instagram: { re: /^[a-z0-9._]{1,30}$/, rule: 'letters, digits, . and _ only, at most 30' },
  tiktok: { re: /^[a-z0-9._]{2,24}$/, rule: 'letters, digits, . and _ only, 2 to 24' },
  facebook: { re: /^[a-z0-9.-]{5,50}$/, rule: 'letters, digits and . only, at least 5' },
  youtube: { re: /^[a-z0-9._-]{3,30}$/, rule: 'letters, digits, ., _ and - only, 3 to 30' },
  flickr: { re: /^[a-z0-9@._-]{1,60}$/, rule: 'letters, digits, @, ., _ and - only' },
  blogger: { re: /^[a-z0-9-]{1,63}$/, rule: 'letters, digits and - only' },
  wordpress: { re: /^[a-z0-9-]{1,63}$/, rule: 'letters, digits and - only' },
  tumblr: { re: /^[a-z0-9-]{1,32}$/, rule: 'letters, digits and - only, at most 32' },
  linkedin: { re: /^[a-z0-9-]{2,100}$/, rule: 'letters, digits and - only' },
};

const hostLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
function isHostname(value: string): boolean {
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((l) => hostLabel.test(l)) && /[a-z]/.test(labels.at(-1) ?? '');
}

function checked(platform: PlatformId, name: string): string | undefined {
  const pattern = patterns[platform];
  return pattern && !pattern.re.test(name)
    ? `not a ${platforms[platform].name} name (${pattern.rule})`
    : undefined;
}

/** From a handle typed by a person (`@Name`, `name`, `@user@instance` on Mastodon). */
export function identityFromHandle(platform: PlatformId, raw: string): IdentityResult {
  const handle = raw.trim().toLowerCase();
  if (handle === '') return fail('the handle is empty');
  if (/\s/.test(handle)) return fail('a handle has no spaces');
  switch (platform) {
    case 'mastodon': {
      const m = /^@?([a-z0-9_]{1,30})@([a-z0-9.-]+)$/.exec(handle);
      if (!m?.[1] || !m[2] || !isHostname(m[2]))
        return fail('a Mastodon handle has the form @name@server.example');
      return ok('mastodon', `mastodon:${m[1]}@${m[2]}`, `https://${m[2]}/@${m[1]}`);
    }
    case 'bluesky': {
      const name = handle.replace(/^@/, '');
      if (/^did:plc:[a-z2-7]{24}$/.test(name))
        return ok('bluesky', `bluesky:${name}`, `https://bsky.app/profile/${name}`);
      // A bare name is a bsky.social handle; anything with a dot is a domain handle.
      const full = name.includes('.') ? name : `${name}.bsky.social`;
      if (!isHostname(full)) return fail('a Bluesky handle is a domain name, e.g. name.bsky.social');
      return ok('bluesky', `bluesky:${full}`, `https://bsky.app/profile/${full}`);
    }
    case 'other':
      return fail('an account on another platform is registered by its web address');
    case 'linkedin': {
      // `company/name`, `in/name`, `school/name`, or a bare company page name.
      const m = /^(?:(company|in|school|showcase)\/)?([^/]+)\/?$/.exec(handle.replace(/^@/, ''));
      const kind = m?.[1] ?? 'company';
      const name = m?.[2] ?? '';
      const problem = checked('linkedin', name);
      if (problem) return fail(problem);
      return ok('linkedin', `linkedin:${kind}:${name}`, `https://www.linkedin.com/${kind}/${name}/`);
    }
    default: {
      const name = handle.replace(/^@/, '');
      const problem = checked(platform, name);
      if (problem) return fail(problem);
      return ok(platform, keyFor(platform, name), profileUrlFor(platform, name));
    }
  }
}

function keyFor(platform: PlatformId, name: string): string {
  // Facebook ignores dots in user names: j.smith.school and jsmithschool are the same page.
  if (platform === 'facebook') return `facebook:${name.replaceAll('.', '')}`;
  if (platform === 'youtube') return `youtube:@${name}`;
  return `${platform}:${name}`;
}

function profileUrlFor(platform: PlatformId, name: string): string {
  switch (platform) {
    case 'x':
      return `https://x.com/${name}`;
    case 'instagram':
      return `https://www.instagram.com/${name}/`;
    case 'tiktok':
      return `https://www.tiktok.com/@${name}`;
    case 'facebook':
      return `https://www.facebook.com/${name}`;
    case 'youtube':
      return `https://www.youtube.com/@${name}`;
    case 'flickr':
      return `https://www.flickr.com/photos/${name}/`;
    case 'blogger':
      return `https://${name}.blogspot.com/`;
    case 'wordpress':
      return `https://${name}.wordpress.com/`;
    case 'tumblr':
      return `https://${name}.tumblr.com/`;
    default:
      return `https://${name}`;
  }
}

/** Parses what a person typed as a web address; a missing scheme means https. */
export function parseWebAddress(raw: string): URL | undefined {
  const trimmed = raw.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username || url.password) return undefined;
    if (!isHostname(url.hostname)) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

function segmentsOf(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponentSafe(s));
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A plain web address as an identity: host without `www.`, path without a trailing slash, no query. */
export function webKey(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.replace(/\/+$/, '');
  return `web:${host}${path}`;
}

/**
 * From a profile address. Known platforms are recognised by host (any of their aliases and mobile
 * hosts); a `/@name` path on any other host is taken as Mastodon; anything else is a plain web address.
 */
export function identityFromUrl(raw: string): IdentityResult {
  const url = parseWebAddress(raw);
  if (!url) return fail('not a web address (https://…)');
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|mbasic|web)\./, '');
  const parts = segmentsOf(url);
  const first = parts[0]?.toLowerCase() ?? '';
  const fromHandle = (platform: PlatformId, name: string | undefined): IdentityResult =>
    name
      ? identityFromHandle(platform, name)
      : fail(`no account name in this ${platforms[platform].name} address`);

  if (host === 'twitter.com' || host === 'x.com') return fromHandle('x', parts[0]);
  if (host === 'instagram.com' || host === 'instagr.am') return fromHandle('instagram', parts[0]);
  if (host === 'tiktok.com') return fromHandle('tiktok', first.startsWith('@') ? first : undefined);
  if (host === 'facebook.com' || host === 'fb.com') {
    const id = url.searchParams.get('id');
    if (first === 'profile.php' && id && /^\d+$/.test(id))
      return ok('facebook', `facebook:id:${id}`, `https://www.facebook.com/profile.php?id=${id}`);
    if (first === 'groups' && parts[1])
      return ok(
        'facebook',
        `facebook:groups:${parts[1].toLowerCase()}`,
        `https://www.facebook.com/groups/${parts[1].toLowerCase()}`,
      );
    if (first === 'pages' && parts.length >= 3 && /^\d+$/.test(parts.at(-1) ?? ''))
      return ok(
        'facebook',
        `facebook:id:${parts.at(-1)}`,
        `https://www.facebook.com/profile.php?id=${parts.at(-1)}`,
      );
    return fromHandle('facebook', parts[0]);
  }
  if (host === 'youtube.com') {
    if (first.startsWith('@')) return fromHandle('youtube', first);
    if (first === 'channel' && parts[1] && /^UC[A-Za-z0-9_-]{22}$/.test(parts[1]))
      // Channel ids are case-sensitive.
      return ok('youtube', `youtube:channel:${parts[1]}`, `https://www.youtube.com/channel/${parts[1]}`);
    if ((first === 'c' || first === 'user') && parts[1])
      return ok(
        'youtube',
        `youtube:c:${parts[1].toLowerCase()}`,
        `https://www.youtube.com/${first}/${parts[1].toLowerCase()}`,
      );
    return fail('not a YouTube channel address (youtube.com/@name or /channel/…)');
  }
  if (host === 'flickr.com') {
    if ((first === 'photos' || first === 'people') && parts[1]) return fromHandle('flickr', parts[1]);
    return fail('not a Flickr profile address (flickr.com/photos/name)');
  }
  const blogspot = /^([a-z0-9-]+)\.blogspot\.[a-z.]+$/.exec(host);
  if (blogspot) return fromHandle('blogger', blogspot[1]);
  const wordpress = /^([a-z0-9-]+)\.wordpress\.com$/.exec(host);
  if (wordpress) return fromHandle('wordpress', wordpress[1]);
  const tumblrSub = /^([a-z0-9-]+)\.tumblr\.com$/.exec(host);
  if (tumblrSub) return fromHandle('tumblr', tumblrSub[1]);
  if (host === 'tumblr.com') {
    const name = first === 'blog' ? (parts[1] === 'view' ? parts[2] : parts[1]) : parts[0];
    return fromHandle('tumblr', name);
  }
  if (host === 'bsky.app') {
    if (first === 'profile' && parts[1]) return fromHandle('bluesky', parts[1]);
    return fail('not a Bluesky profile address (bsky.app/profile/name)');
  }
  if (host === 'linkedin.com') {
    if (['company', 'in', 'school', 'showcase'].includes(first) && parts[1])
      return fromHandle('linkedin', `${first}/${parts[1]}`);
    return fail('not a LinkedIn page address (linkedin.com/company/name)');
  }
  if (parts.length === 1 && /^@[A-Za-z0-9_]{1,30}$/.test(parts[0] ?? ''))
    return fromHandle('mastodon', `${parts[0]}@${url.hostname.toLowerCase()}`);
  return ok('other', webKey(url), url.href.replace(/[?#].*$/, ''));
}

/**
 * "an Instagram address", "a Facebook address", "an X (Twitter) address": the article follows the sound
 * of the name, and a lone letter such as X is said "ex".
 */
export function withArticle(name: string): string {
  return `${/^[AEIOU]|^[FHLMNRSX]\b/i.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * The identity of an account being registered: from its profile address, its handle, or both (which must
 * then agree). A platform, when chosen, must be the one the address belongs to; when none is chosen the
 * address decides it, so typing an instagram.com address never needs a second answer.
 */
export function identityOf(
  chosen: PlatformId | undefined,
  input: { handle?: string; profileUrl?: string },
): IdentityResult {
  const handle = input.handle?.trim() ? input.handle : undefined;
  const address = input.profileUrl?.trim() ? input.profileUrl : undefined;
  if (!handle && !address) return fail('give the account’s handle or its profile address');
  const fromUrl = address ? identityFromUrl(address) : undefined;
  if (fromUrl && !fromUrl.ok) return fromUrl;
  if (!chosen && !fromUrl?.ok) return fail('choose the platform the handle belongs to');
  const platform = chosen ?? (fromUrl?.ok ? fromUrl.identity.platform : 'other');
  if (fromUrl?.ok) {
    const found = fromUrl.identity.platform;
    // A self-hosted blog or a Mastodon server we do not know is still the platform the owner says.
    const acceptable =
      found === platform ||
      (found === 'other' && (platform === 'wordpress' || platform === 'blogger' || platform === 'mastodon'));
    if (!acceptable)
      return fail(
        `the profile address is ${withArticle(platforms[found].name)} address, not ${withArticle(platforms[platform].name)} one: choose ${platforms[found].name} as the platform`,
      );
  }
  const fromHandle = handle ? identityFromHandle(platform, handle) : undefined;
  if (fromHandle && !fromHandle.ok) return fromHandle;
  if (fromUrl?.ok && fromHandle?.ok && fromUrl.identity.platform === platform) {
    if (fromUrl.identity.key !== fromHandle.identity.key)
      return fail('the handle and the profile address name different accounts');
  }
  // A self-hosted account keeps the platform its owner chose; its key stays the web address.
  if (fromUrl?.ok) return ok(platform, fromUrl.identity.key, fromUrl.identity.profileUrl);
  if (fromHandle?.ok) return fromHandle;
  return fail('give the account’s handle or its profile address');
}

/**
 * Every identity key a pasted account could mean, for public verification: one for a web address, one per
 * platform for a bare handle (the answer then names the platform that matched).
 */
export function verificationCandidates(raw: string): string[] {
  const input = raw.trim();
  if (input === '' || input.length > 500) return [];
  const keys = new Set<string>();
  const looksLikeAddress =
    /^[a-z][a-z0-9+.-]*:\/\//i.test(input) || /^[^@\s/]+\.[^@\s/]+\//.test(input) || /^www\./i.test(input);
  if (looksLikeAddress) {
    const result = identityFromUrl(input);
    if (result.ok) keys.add(result.identity.key);
    const url = parseWebAddress(input);
    if (url) keys.add(webKey(url));
    return [...keys];
  }
  if (/^@?[^@\s]+@[^@\s]+$/.test(input)) {
    const result = identityFromHandle('mastodon', input);
    if (result.ok) keys.add(result.identity.key);
    return [...keys];
  }
  for (const platform of platformIds) {
    if (!platforms[platform].handles) continue;
    const result = identityFromHandle(platform, input);
    if (result.ok) keys.add(result.identity.key);
  }
  // A bare domain (`school.example/blog` without a slash is not caught above): try it as an address too.
  if (input.includes('.')) {
    const url = parseWebAddress(input);
    if (url) {
      const result = identityFromUrl(input);
      if (result.ok) keys.add(result.identity.key);
      keys.add(webKey(url));
    }
  }
  return [...keys];
}
