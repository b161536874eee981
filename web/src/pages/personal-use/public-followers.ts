import type { Follower } from '../../../../src/staff-use/follower-keys';
import { ApiError, api } from '../../api/client';

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

/**
 * A Mastodon account's public followers, fetched by Guardpost's server (this page may only reach Guardpost
 * and Bluesky's API): the server passes the names straight back, neither logging nor storing them. Offline,
 * the error says so.
 */
export async function fetchMastodonFollowers(handle: string): Promise<Follower[]> {
  try {
    const answer = await api.post('/api/self-audit/public-followers', {
      json: { platform: 'mastodon', handle: handle.trim() },
    });
    return answer.followers;
  } catch (error) {
    if (error instanceof ApiError && error.status === 0)
      throw new PlatformUnreachable(
        'Guardpost could not be reached from this browser, so it cannot fetch a public follower list offline. Use your data export instead, or try again when online.',
      );
    if (error instanceof ApiError) throw new PlatformUnreachable(error.message);
    throw error;
  }
}
