import type { Follower } from '../../../../src/staff-use/follower-keys';

/**
 * Public follower lists fetched by this browser, straight from the platform (the list never passes through
 * Guardpost). Offline, or when the platform refuses, the error says Guardpost could not reach it.
 */
export class PlatformUnreachable extends Error {}

const MAX_FOLLOWERS = 20_000;

async function getJson(url: string, platform: string): Promise<{ body: unknown; link: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', headers: { accept: 'application/json' } });
  } catch {
    throw new PlatformUnreachable(
      `${platform} could not be reached from this browser (offline, or the platform is not allowed from this page). Use the platform's own app to check your followers, or try again when online.`,
    );
  }
  if (response.status === 400 || response.status === 404)
    throw new PlatformUnreachable(`${platform} does not know that handle. Check how it is written.`);
  if (!response.ok)
    throw new PlatformUnreachable(`${platform} answered ${response.status}. Try again later.`);
  return { body: (await response.json()) as unknown, link: response.headers.get('link') };
}

/** Bluesky's public AppView: every follower with handle and display name, 100 at a time. */
export async function fetchBlueskyFollowers(handle: string): Promise<Follower[]> {
  const actor = handle.trim().replace(/^@/, '');
  const out: Follower[] = [];
  let cursor: string | undefined;
  do {
    const url = new URL('https://public.api.bsky.app/xrpc/app.bsky.graph.getFollowers');
    url.searchParams.set('actor', actor);
    url.searchParams.set('limit', '100');
    if (cursor) url.searchParams.set('cursor', cursor);
    const { body } = await getJson(url.toString(), 'Bluesky');
    const page = body as { followers?: { handle?: string; displayName?: string }[]; cursor?: string };
    for (const f of page.followers ?? []) out.push({ name: f.displayName ?? '', handle: f.handle ?? '' });
    cursor = page.cursor && (page.followers?.length ?? 0) > 0 ? page.cursor : undefined;
  } while (cursor && out.length < MAX_FOLLOWERS);
  return out;
}

/** A Mastodon server's public API: look the account up, then page through its followers, 80 at a time. */
export async function fetchMastodonFollowers(handle: string): Promise<Follower[]> {
  const [user, server] = handle.trim().replace(/^@/, '').split('@');
  if (!user || !server)
    throw new PlatformUnreachable('Write the handle as name@server, for example jo@mastodon.social.');
  const { body } = await getJson(
    `https://${server}/api/v1/accounts/lookup?acct=${encodeURIComponent(user)}`,
    `Mastodon (${server})`,
  );
  const id = (body as { id?: string }).id;
  if (!id) throw new PlatformUnreachable(`${server} does not know ${user}.`);
  const out: Follower[] = [];
  let url: string | undefined =
    `https://${server}/api/v1/accounts/${encodeURIComponent(id)}/followers?limit=80`;
  while (url && out.length < MAX_FOLLOWERS) {
    const page: { body: unknown; link: string | null } = await getJson(url, `Mastodon (${server})`);
    const accounts = (page.body as { acct?: string; display_name?: string }[]) ?? [];
    for (const a of accounts) out.push({ name: a.display_name ?? '', handle: a.acct ?? '' });
    url = accounts.length > 0 ? /<([^>]+)>;\s*rel="next"/.exec(page.link ?? '')?.[1] : undefined;
  }
  return out;
}
