import {
  type CommentPage,
  type Connector,
  ConnectorError,
  type OAuthApp,
  type PlatformComment,
} from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
import { instagramLimits, publishToInstagram } from './instagram-publish.js';
import {
  facebookLoginUrl,
  graphHttp,
  graphOrigin,
  graphUrl,
  managedPages,
  pickManaged,
} from './meta-graph.js';
import { arrayOf, recordOf, stringOf } from './platform-http.js';

/**
 * An Instagram professional account, over the Graph API (Instagram API with Facebook Login). It can hide,
 * unhide and delete comments on its media and turn comments off on a post; it cannot report or block a
 * commenter through the API. It publishes posts with one to ten photos (instagram-publish.ts), which
 * Instagram fetches from Guardpost's public address; a post without a photo cannot go on Instagram.
 */

export const instagramScopes = [
  'pages_show_list',
  'pages_read_engagement',
  'instagram_basic',
  'instagram_manage_comments',
  'instagram_content_publish',
] as const;

const recentMedia = 10;
const commentFields =
  'id,text,timestamp,username,from{id,username},hidden,replies{id,text,timestamp,username,from{id,username}}';

export function createInstagramConnector(options: {
  fetch: ConnectorFetch;
  now: () => Date;
  app?: OAuthApp;
  /** Waits between checks of a media container's processing; tests pass one that does not wait. */
  pause?: (milliseconds: number) => Promise<void>;
}): Connector {
  const api = graphHttp('instagram', options.fetch, options.now);
  const pause = options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const refuse = (message: string) => async (): Promise<never> => {
    throw new ConnectorError('instagram', 'not_supported', message);
  };

  return {
    platform: 'instagram',
    name: 'Instagram (professional)',
    capabilities: {
      publish: true,
      publishPhotos: true,
      publishTextOnly: false,
      readComments: ['poll', 'webhook'],
      hide: true,
      unhide: true,
      delete: true,
      report: false,
      block: false,
      limitReplies: true,
      directMessageSettingReadable: false,
      profileReadable: true,
      notes: [
        'A post needs at least one photo (at most 10, sent as a carousel): Instagram publishes no text-only posts.',
        'Instagram fetches each photo from Guardpost at a signed link that expires after an hour, so GUARDPOST_PUBLIC_URL must be an address the internet reaches; from a private or local address Guardpost refuses to publish there and says so.',
        `Captions are at most ${instagramLimits.captionCharacters.toLocaleString('en-GB')} characters with at most ${instagramLimits.hashtags} hashtags; a longer one, or a photo outside Instagram’s shapes (4:5 to 1.91:1), is refused before anything is sent.`,
        'Meta honours no idempotency key: Guardpost’s own publication record stops a second publish.',
        'Comments and their replies are read on the 10 most recent posts: within seconds through Meta’s `comments` webhook where this deployment configures it (GUARDPOST_META_WEBHOOK_VERIFY_TOKEN with the Meta app and a public URL), otherwise, and as a backstop, by polling every few minutes. The webhook only wakes the read: each comment is read through the API.',
        'A commenter cannot be reported or blocked through the API; limiting replies turns comments off on the post.',
      ],
    },
    auth: {
      method: 'oauth',
      defaultBaseUrl: graphOrigin,
      authorizeUrl: (input) =>
        facebookLoginUrl({ ...input, app: input.app ?? options.app, scopes: instagramScopes }, 'instagram'),
      async exchangeCode(input) {
        const pages = await managedPages(
          api,
          { ...input, app: input.app ?? options.app },
          'instagram',
          'id,name,access_token,instagram_business_account{id,username}',
        );
        const linked = pages.filter((p) => stringOf(recordOf(p.instagram_business_account).id));
        const page = pickManaged(
          'instagram',
          linked,
          (p) => [stringOf(recordOf(p.instagram_business_account).username)],
          input.expectedHandle,
        );
        const account = recordOf(page.instagram_business_account);
        return {
          baseUrl: input.baseUrl,
          platformAccountId: stringOf(account.id),
          handle: `@${stringOf(account.username)}`,
          accessToken: stringOf(page.access_token),
        };
      },
      revoke: async () => 'not_possible',
    },

    publish: (credentials, request) => publishToInstagram(api, credentials, request, pause),

    async fetchComments(credentials, cursor): Promise<CommentPage> {
      const since = cursor ? Date.parse(cursor) : options.now().getTime() - 24 * 3600 * 1000;
      const media = await api.request({
        method: 'GET',
        url: graphUrl(credentials.baseUrl, `${credentials.accountId}/media`, {
          fields: 'id,caption,timestamp,comments_count,permalink',
          limit: String(recentMedia),
        }),
        token: credentials.accessToken,
      });
      const comments: PlatformComment[] = [];
      for (const item of arrayOf(recordOf(media.body).data).map(recordOf)) {
        if (Number(item.comments_count ?? 0) === 0) continue;
        const mediaId = stringOf(item.id);
        const response = await api.request({
          method: 'GET',
          url: graphUrl(credentials.baseUrl, `${mediaId}/comments`, { fields: commentFields, limit: '50' }),
          token: credentials.accessToken,
        });
        const context = [{ platformId: mediaId, authorHandle: 'the account', text: stringOf(item.caption) }];
        for (const top of arrayOf(recordOf(response.body).data).map(recordOf)) {
          const entries = [
            { comment: top, parent: null as string | null },
            ...arrayOf(recordOf(top.replies).data).map((r) => ({
              comment: recordOf(r),
              parent: stringOf(top.id),
            })),
          ];
          for (const { comment, parent } of entries) {
            const createdAt = new Date(stringOf(comment.timestamp));
            if (createdAt.getTime() <= since) continue;
            const from = recordOf(comment.from);
            comments.push({
              platformCommentId: stringOf(comment.id),
              platformPostId: mediaId,
              parentCommentId: parent,
              authorPlatformId: stringOf(from.id),
              authorHandle: `@${stringOf(comment.username) || stringOf(from.username)}`,
              authorDisplayName: stringOf(comment.username) || stringOf(from.username),
              text: stringOf(comment.text),
              createdAt,
              url: stringOf(item.permalink) || null,
              context,
            });
          }
        }
      }
      comments.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return { comments, cursor: comments.at(-1)?.createdAt.toISOString() ?? cursor };
    },

    async hideComment(credentials, target) {
      await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, target.platformCommentId),
        token: credentials.accessToken,
        form: { hide: 'true' },
      });
    },
    async unhideComment(credentials, target) {
      await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, target.platformCommentId),
        token: credentials.accessToken,
        form: { hide: 'false' },
      });
    },
    async deleteComment(credentials, target) {
      await api.request({
        method: 'DELETE',
        url: graphUrl(credentials.baseUrl, target.platformCommentId),
        token: credentials.accessToken,
      });
    },
    reportAuthor: refuse('Instagram’s API cannot report a commenter'),
    blockAuthor: refuse('Instagram’s API cannot block a commenter'),
    async limitReplies(credentials, platformPostId) {
      await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, platformPostId),
        token: credentials.accessToken,
        form: { comment_enabled: 'false' },
      });
    },
    async readProfile(credentials) {
      const response = await api.request({
        method: 'GET',
        url: graphUrl(credentials.baseUrl, credentials.accountId, {
          fields: 'username,name,biography,website,profile_picture_url',
        }),
        token: credentials.accessToken,
      });
      const account = recordOf(response.body);
      const website = stringOf(account.website);
      return {
        displayName: stringOf(account.name) || stringOf(account.username),
        bio: stringOf(account.biography),
        links: website ? [{ label: 'Website', url: website }] : [],
        avatarUrl: stringOf(account.profile_picture_url) || null,
      };
    },
    readDirectMessageSetting: refuse('Instagram’s API does not expose who may message the account'),
  };
}
