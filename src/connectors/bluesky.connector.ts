import { AtpAgent, type AtpSessionData, AtUri, RichText, XRPCError } from '@atproto/api';
import {
  type ActionOutcome,
  type CommentPage,
  type CommentTarget,
  type ConnectedAccount,
  type Connector,
  type ConnectorCredentials,
  ConnectorError,
  type DirectMessageSetting,
  type DirectMessageSettingRead,
  type PlatformComment,
  type RefreshedCredentials,
} from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
import { arrayOf, recordOf, retryAfterSecondsOf, stringOf } from './platform-http.js';

/**
 * Bluesky, through `@atproto/api` against the account's PDS. Replies cannot be deleted by the post's
 * author, but can be hidden through the post's threadgate (up to 300 a thread) and replies can be limited
 * by threadgate rules; whether strangers may start a chat is the `chat.bsky.actor.declaration` record.
 * Connected with an app password, which is exchanged for a session and never kept.
 */

export const blueskyDefaultService = 'https://bsky.social';
/** Bluesky's own moderation service, which receives reports from the app. */
export const blueskyModerationDid = 'did:plc:ar7c4by46qjdydhdevvrndac';
const maxHiddenReplies = 300;
const maxPostGraphemes = 300;
const notificationPageSize = 50;
const maxPagesPerRead = 5;

/** When a JWT expires, from its own `exp` claim (not verified: the PDS does that). */
export function jwtExpiry(jwt: string): Date | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = recordOf(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

function refreshedOf(session: AtpSessionData): RefreshedCredentials {
  const expiresAt = jwtExpiry(session.accessJwt);
  return {
    accessToken: session.accessJwt,
    refreshToken: session.refreshJwt,
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** A Bluesky call's failure as the domain acts on it. */
function connectorErrorOf(error: unknown, now: Date): unknown {
  if (error instanceof ConnectorError || !(error instanceof XRPCError)) return error;
  const status = error.status;
  const said = `${error.error}: ${error.message}`.slice(0, 200);
  if (status === 429) {
    const retryAfterSeconds = retryAfterSecondsOf(
      new Headers(
        Object.entries(error.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ),
      now,
    );
    return new ConnectorError('bluesky', 'rate_limited', `Bluesky asked Guardpost to slow down (${said})`, {
      status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (status === 404 || ['RecordNotFound', 'NotFound'].includes(error.error))
    return new ConnectorError('bluesky', 'not_found', `Bluesky says it is not there any more (${said})`, {
      status,
    });
  if (
    status === 401 ||
    ['ExpiredToken', 'InvalidToken', 'AuthenticationRequired', 'AccountTakedown'].includes(error.error)
  )
    return new ConnectorError(
      'bluesky',
      'token_revoked',
      `Bluesky no longer accepts Guardpost's session: the app password was revoked or the session ended (${said})`,
      { status },
    );
  if (status >= 400 && status < 500)
    return new ConnectorError('bluesky', 'rejected', `Bluesky refused the request (${said})`, { status });
  return new ConnectorError('bluesky', 'platform_error', `Bluesky failed (${status}: ${said})`, { status });
}

function rkeyOf(uri: string): string {
  return new AtUri(uri).rkey;
}

/** Tokens the agent refreshed during a moderation call, for the caller to store. */
function outcomeOf(result: { refreshed?: RefreshedCredentials }): ActionOutcome {
  return result.refreshed ? { refreshed: result.refreshed } : {};
}

export function createBlueskyConnector(options: { fetch: ConnectorFetch; now: () => Date }): Connector {
  /**
   * Runs calls with the account's session. The agent refreshes an expired access token itself (once, with
   * the refresh token); the new tokens come back for the caller to seal.
   */
  async function withAgent<T>(
    credentials: ConnectorCredentials,
    call: (agent: AtpAgent, did: string) => Promise<T>,
  ): Promise<{ value: T; refreshed?: RefreshedCredentials }> {
    let refreshed: RefreshedCredentials | undefined;
    const agent = new AtpAgent({
      service: credentials.baseUrl,
      fetch: options.fetch,
      persistSession: (event, session) => {
        if (event === 'update' && session) refreshed = refreshedOf(session);
      },
    });
    agent.sessionManager.session = {
      did: credentials.accountId,
      handle: '',
      accessJwt: credentials.accessToken,
      refreshJwt: credentials.refreshToken ?? '',
      active: true,
    };
    try {
      const value = await call(agent, credentials.accountId);
      return refreshed ? { value, refreshed } : { value };
    } catch (error) {
      const failure = connectorErrorOf(error, options.now());
      // A session refreshed before the failure goes back all the same: the old refresh token is spent.
      if (failure instanceof ConnectorError && refreshed) failure.refreshed = refreshed;
      throw failure;
    }
  }

  async function readThreadgate(agent: AtpAgent, did: string, postRkey: string) {
    try {
      const { data } = await agent.com.atproto.repo.getRecord({
        repo: did,
        collection: 'app.bsky.feed.threadgate',
        rkey: postRkey,
      });
      return recordOf(data.value);
    } catch (error) {
      if (error instanceof XRPCError && (error.status === 404 || error.error === 'RecordNotFound'))
        return undefined;
      throw error;
    }
  }

  async function writeThreadgate(
    agent: AtpAgent,
    did: string,
    postUri: string,
    change: (gate: Record<string, unknown>) => Record<string, unknown>,
  ) {
    const postRkey = rkeyOf(postUri);
    const existing = await readThreadgate(agent, did, postRkey);
    const next = change(
      existing ?? {
        $type: 'app.bsky.feed.threadgate',
        post: postUri,
        createdAt: options.now().toISOString(),
      },
    );
    await agent.com.atproto.repo.putRecord({
      repo: did,
      collection: 'app.bsky.feed.threadgate',
      rkey: postRkey,
      record: next,
    });
  }

  function rootPostOf(target: CommentTarget): string {
    if (!target.platformPostId)
      throw new ConnectorError(
        'bluesky',
        'rejected',
        'this reply is not under one of the account’s own posts',
      );
    return target.platformPostId;
  }

  async function session(baseUrl: string, identifier: string, password: string): Promise<ConnectedAccount> {
    const agent = new AtpAgent({ service: baseUrl, fetch: options.fetch });
    try {
      const { data } = await agent.login({ identifier, password });
      const expiresAt = jwtExpiry(data.accessJwt);
      return {
        baseUrl,
        platformAccountId: data.did,
        handle: `@${data.handle}`,
        accessToken: data.accessJwt,
        refreshToken: data.refreshJwt,
        ...(expiresAt ? { expiresAt } : {}),
      };
    } catch (error) {
      throw connectorErrorOf(error, options.now());
    }
  }

  return {
    platform: 'bluesky',
    name: 'Bluesky',
    capabilities: {
      publish: true,
      publishPhotos: true,
      publishTextOnly: true,
      readComments: ['poll'],
      hide: true,
      unhide: true,
      delete: false,
      report: true,
      block: true,
      limitReplies: true,
      directMessageSettingReadable: true,
      profileReadable: true,
      notes: [
        "A post's author cannot delete other people's replies: hidden replies are listed in the post's threadgate, at most 300 a thread.",
        'Limiting replies sets the threadgate so nobody new can reply (rules can also allow mentioned people, followers, people followed or a list).',
        'Reports go to Bluesky’s moderation service; the author is reported as an account, with the reply’s address in the reason.',
        'Connected with an app password, exchanged for a session at once and never stored; disconnecting ends the session, and the owner should also delete the app password in Bluesky’s settings.',
        'Posts are at most 300 characters (graphemes), with up to 4 photos.',
      ],
    },
    auth: {
      method: 'app_password',
      defaultBaseUrl: blueskyDefaultService,
      signIn: ({ baseUrl, identifier, password }) => session(baseUrl, identifier, password),
      async refresh(credentials) {
        const agent = new AtpAgent({ service: credentials.baseUrl, fetch: options.fetch });
        try {
          const { data } = await agent.com.atproto.server.refreshSession(undefined, {
            headers: { authorization: `Bearer ${credentials.refreshToken ?? ''}` },
          });
          return refreshedOf({ ...data, active: true });
        } catch (error) {
          throw connectorErrorOf(error, options.now());
        }
      },
      async revoke(credentials) {
        if (!credentials.refreshToken) return 'not_possible';
        const agent = new AtpAgent({ service: credentials.baseUrl, fetch: options.fetch });
        try {
          await agent.com.atproto.server.deleteSession(undefined, {
            headers: { authorization: `Bearer ${credentials.refreshToken}` },
          });
        } catch (error) {
          throw connectorErrorOf(error, options.now());
        }
        return 'yes';
      },
    },

    async publish(credentials, request) {
      const text = new RichText({ text: request.text });
      if (text.graphemeLength > maxPostGraphemes)
        throw new ConnectorError(
          'bluesky',
          'rejected',
          `a Bluesky post is at most ${maxPostGraphemes} characters; this one has ${text.graphemeLength}`,
        );
      if (request.photos.length > 4)
        throw new ConnectorError('bluesky', 'rejected', 'a Bluesky post holds at most 4 photos');
      text.detectFacetsWithoutResolution();
      const { value, refreshed } = await withAgent(credentials, async (agent, did) => {
        const images = [];
        for (const photo of request.photos) {
          const { data } = await agent.uploadBlob(photo.bytes, { encoding: photo.mimeType });
          images.push({ image: data.blob, alt: photo.altText });
        }
        const created = await agent.post({
          text: text.text,
          ...(text.facets ? { facets: text.facets } : {}),
          ...(images.length > 0 ? { embed: { $type: 'app.bsky.embed.images', images } } : {}),
          createdAt: options.now().toISOString(),
        });
        return { uri: created.uri, url: `https://bsky.app/profile/${did}/post/${rkeyOf(created.uri)}` };
      });
      return { platformPostId: value.uri, url: value.url, ...(refreshed ? { refreshed } : {}) };
    },

    async fetchComments(credentials, cursor): Promise<CommentPage> {
      const { value, refreshed } = await withAgent(credentials, async (agent) => {
        // Notifications come newest first: read back until the last one already seen (by time).
        const seenUntil = cursor ? Date.parse(cursor) : Number.NEGATIVE_INFINITY;
        const fresh: Record<string, unknown>[] = [];
        let pageCursor: string | undefined;
        for (let page = 0; page < maxPagesPerRead; page++) {
          const { data } = await agent.app.bsky.notification.listNotifications({
            reasons: ['reply', 'mention'],
            limit: notificationPageSize,
            ...(pageCursor ? { cursor: pageCursor } : {}),
          });
          let reachedSeen = false;
          for (const item of data.notifications) {
            if (Date.parse(item.indexedAt) <= seenUntil) {
              reachedSeen = true;
              break;
            }
            fresh.push(item as unknown as Record<string, unknown>);
          }
          pageCursor = data.cursor;
          if (reachedSeen || !pageCursor || !cursor || data.notifications.length < notificationPageSize)
            break;
        }
        const parents = [
          ...new Set(
            fresh
              .map((n) => stringOf(recordOf(recordOf(recordOf(n.record).reply).parent).uri))
              .filter(Boolean),
          ),
        ];
        const parentPosts = new Map<string, { authorHandle: string; text: string }>();
        for (let i = 0; i < parents.length; i += 25) {
          const { data } = await agent.app.bsky.feed.getPosts({ uris: parents.slice(i, i + 25) });
          for (const post of data.posts)
            parentPosts.set(post.uri, {
              authorHandle: `@${post.author.handle}`,
              text: stringOf(recordOf(post.record).text),
            });
        }
        return { fresh, parentPosts };
      });
      const did = credentials.accountId;
      const comments: PlatformComment[] = value.fresh.map((n) => {
        const record = recordOf(n.record);
        const reply = recordOf(record.reply);
        const rootUri = stringOf(recordOf(reply.root).uri);
        const parentUri = stringOf(recordOf(reply.parent).uri);
        const author = recordOf(n.author);
        const uri = stringOf(n.uri);
        const parent = parentPosts(value.parentPosts, parentUri);
        return {
          platformCommentId: uri,
          platformPostId: rootUri && new AtUri(rootUri).host === did ? rootUri : null,
          parentCommentId: parentUri && parentUri !== rootUri ? parentUri : null,
          authorPlatformId: stringOf(author.did),
          authorHandle: `@${stringOf(author.handle)}`,
          authorDisplayName: stringOf(author.displayName) || stringOf(author.handle),
          text: stringOf(record.text),
          createdAt: new Date(stringOf(record.createdAt) || stringOf(n.indexedAt)),
          url: `https://bsky.app/profile/${stringOf(author.did)}/post/${rkeyOf(uri)}`,
          context: parent ? [{ platformId: parentUri, ...parent }] : [],
        };
      });
      const newest = value.fresh
        .map((n) => stringOf(n.indexedAt))
        .sort()
        .at(-1);
      comments.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return { comments, cursor: newest ?? cursor, ...(refreshed ? { refreshed } : {}) };
    },

    async hideComment(credentials, target) {
      const postUri = rootPostOf(target);
      return outcomeOf(
        await withAgent(credentials, (agent, did) =>
          writeThreadgate(agent, did, postUri, (gate) => {
            const hidden = arrayOf(gate.hiddenReplies).map((u) => stringOf(u));
            if (hidden.includes(target.platformCommentId)) return gate;
            if (hidden.length >= maxHiddenReplies)
              throw new ConnectorError(
                'bluesky',
                'rejected',
                `a Bluesky thread can hide at most ${maxHiddenReplies} replies; this one is full`,
              );
            return { ...gate, hiddenReplies: [...hidden, target.platformCommentId] };
          }),
        ),
      );
    },

    async unhideComment(credentials, target) {
      const postUri = rootPostOf(target);
      return outcomeOf(
        await withAgent(credentials, (agent, did) =>
          writeThreadgate(agent, did, postUri, (gate) => ({
            ...gate,
            hiddenReplies: arrayOf(gate.hiddenReplies).filter((u) => u !== target.platformCommentId),
          })),
        ),
      );
    },

    async deleteComment() {
      throw new ConnectorError(
        'bluesky',
        'not_supported',
        "Bluesky does not let a post's author delete other people's replies",
      );
    },

    async reportAuthor(credentials, target, reason) {
      return outcomeOf(
        await withAgent(credentials, (agent) =>
          agent.withProxy('atproto_labeler', blueskyModerationDid).com.atproto.moderation.createReport({
            reasonType: 'com.atproto.moderation.defs#reasonRude',
            reason: `${reason.slice(0, 1500)} (reply ${target.platformCommentId})`,
            subject: { $type: 'com.atproto.admin.defs#repoRef', did: target.authorPlatformId },
          }),
        ),
      );
    },

    async blockAuthor(credentials, target) {
      return outcomeOf(
        await withAgent(credentials, (agent, did) =>
          agent.com.atproto.repo.createRecord({
            repo: did,
            collection: 'app.bsky.graph.block',
            record: {
              $type: 'app.bsky.graph.block',
              subject: target.authorPlatformId,
              createdAt: options.now().toISOString(),
            },
          }),
        ),
      );
    },

    async limitReplies(credentials, platformPostId) {
      // An empty `allow` list: nobody may reply from now on; hidden replies stay hidden.
      return outcomeOf(
        await withAgent(credentials, (agent, did) =>
          writeThreadgate(agent, did, platformPostId, (gate) => ({ ...gate, allow: [] })),
        ),
      );
    },

    async readProfile(credentials) {
      const { value, refreshed } = await withAgent(credentials, async (agent, did) => {
        try {
          const { data } = await agent.com.atproto.repo.getRecord({
            repo: did,
            collection: 'app.bsky.actor.profile',
            rkey: 'self',
          });
          return recordOf(data.value);
        } catch (error) {
          if (error instanceof XRPCError && error.error === 'RecordNotFound') return {};
          throw error;
        }
      });
      const website = stringOf(value.website);
      // Parsed records carry blob references as CID objects; a raw one as `{ $link }`.
      const ref = recordOf(value.avatar).ref;
      const avatarCid =
        ref && typeof ref === 'object' && !('$link' in ref) ? String(ref) : stringOf(recordOf(ref).$link);
      return {
        displayName: stringOf(value.displayName),
        bio: stringOf(value.description),
        links: website ? [{ label: 'Website', url: website }] : [],
        avatarUrl: avatarCid
          ? `${credentials.baseUrl}/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(credentials.accountId)}&cid=${avatarCid}`
          : null,
        ...(refreshed ? { refreshed } : {}),
      };
    },

    async readDirectMessageSetting(credentials): Promise<DirectMessageSettingRead> {
      // A session the agent refreshed on the way goes back with the setting: Bluesky rotates the refresh
      // token, so a caller that dropped it would be left holding one the PDS no longer accepts.
      const { value, refreshed } = await withAgent(credentials, async (agent, did) => {
        try {
          const { data } = await agent.com.atproto.repo.getRecord({
            repo: did,
            collection: 'chat.bsky.actor.declaration',
            rkey: 'self',
          });
          return stringOf(recordOf(data.value).allowIncoming);
        } catch (error) {
          // No declaration: Bluesky's default lets people the account follows start a chat.
          if (error instanceof XRPCError && error.error === 'RecordNotFound') return 'following';
          throw error;
        }
      });
      const setting: DirectMessageSetting = value === 'all' || value === 'none' ? value : 'following';
      return refreshed ? { setting, refreshed } : { setting };
    },
  };
}

function parentPosts(
  map: Map<string, { authorHandle: string; text: string }>,
  uri: string,
): { authorHandle: string; text: string } | undefined {
  return uri ? map.get(uri) : undefined;
}
