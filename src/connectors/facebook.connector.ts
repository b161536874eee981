import {
  type CommentPage,
  type Connector,
  type ConnectorCredentials,
  ConnectorError,
  type OAuthApp,
  type PlatformComment,
} from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
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
 * A Facebook Page, over the Graph API with the Page's own token. The Page can hide, unhide and delete
 * comments on its posts and ban people from the Page; it cannot report a comment through the API, limit
 * who comments, or expose its messaging settings.
 */

export const facebookScopes = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_manage_metadata',
] as const;

const commentFields = 'id,message,created_time,from{id,name},parent{id},permalink_url,is_hidden,can_hide';
const maxPostsPerRead = 25;
const maxCommentPagesPerPost = 5;

export function createFacebookConnector(options: {
  fetch: ConnectorFetch;
  now: () => Date;
  app?: OAuthApp;
}): Connector {
  const api = graphHttp('facebook', options.fetch, options.now);

  async function commentsOfPost(
    credentials: ConnectorCredentials,
    post: Record<string, unknown>,
    since: number,
  ) {
    const found: PlatformComment[] = [];
    let url: string | URL = graphUrl(credentials.baseUrl, `${stringOf(post.id)}/comments`, {
      filter: 'stream',
      order: 'reverse_chronological',
      fields: commentFields,
      limit: '100',
    });
    for (let page = 0; page < maxCommentPagesPerPost; page++) {
      const response = await api.request({ method: 'GET', url, token: credentials.accessToken });
      const body = recordOf(response.body);
      let reachedSeen = false;
      for (const item of arrayOf(body.data).map(recordOf)) {
        const createdAt = new Date(stringOf(item.created_time));
        if (createdAt.getTime() <= since) {
          reachedSeen = true;
          break;
        }
        const from = recordOf(item.from);
        const parent = stringOf(recordOf(item.parent).id);
        found.push({
          platformCommentId: stringOf(item.id),
          platformPostId: stringOf(post.id),
          parentCommentId: parent || null,
          authorPlatformId: stringOf(from.id),
          authorHandle: stringOf(from.name),
          authorDisplayName: stringOf(from.name),
          text: stringOf(item.message),
          createdAt,
          url: stringOf(item.permalink_url) || null,
          context: [
            { platformId: stringOf(post.id), authorHandle: 'the Page', text: stringOf(post.message) },
          ],
        });
      }
      const next = stringOf(recordOf(body.paging).next);
      if (reachedSeen || !next) break;
      url = next;
    }
    return found;
  }

  return {
    platform: 'facebook',
    name: 'Facebook Page',
    capabilities: {
      publish: true,
      publishPhotos: true,
      publishTextOnly: true,
      readComments: ['poll', 'webhook'],
      hide: true,
      unhide: true,
      delete: true,
      report: false,
      block: true,
      limitReplies: false,
      directMessageSettingReadable: false,
      profileReadable: true,
      notes: [
        'Comments are read within seconds through Meta’s `feed` webhook where this deployment configures it (GUARDPOST_META_WEBHOOK_VERIFY_TOKEN with the Meta app and a public URL), the Page having installed the app; otherwise, and as a backstop, by polling the Page feed every few minutes. The webhook only wakes the read: each comment is read through the API.',
        'A comment cannot be reported to Meta through the API: hide or delete it, and ban the person from the Page.',
        'A post with a photo carries one photo, with its alt text sent as `alt_text_custom`.',
        'Meta honours no idempotency key: Guardpost’s own publication record stops a second publish.',
        'Page tokens do not expire; disconnecting cannot revoke one through the Page token, so remove Guardpost in the Page’s Business Integrations settings.',
      ],
    },
    auth: {
      method: 'oauth',
      defaultBaseUrl: graphOrigin,
      authorizeUrl: (input) =>
        facebookLoginUrl({ ...input, app: input.app ?? options.app, scopes: facebookScopes }, 'facebook'),
      async exchangeCode(input) {
        const pages = await managedPages(
          api,
          { ...input, app: input.app ?? options.app },
          'facebook',
          'id,name,username,access_token',
        );
        const page = pickManaged(
          'facebook',
          pages,
          (p) => [stringOf(p.id), stringOf(p.username), stringOf(p.name)],
          input.expectedHandle,
        );
        return {
          baseUrl: input.baseUrl,
          platformAccountId: stringOf(page.id),
          handle: stringOf(page.username) ? `@${stringOf(page.username)}` : stringOf(page.name),
          accessToken: stringOf(page.access_token),
        };
      },
      revoke: async () => 'not_possible',
    },

    async publish(credentials, request) {
      if (request.photos.length > 1)
        throw new ConnectorError('facebook', 'rejected', 'Guardpost publishes one photo per Facebook post');
      const photo = request.photos[0];
      if (photo) {
        const response = await api.request({
          method: 'POST',
          url: graphUrl(credentials.baseUrl, `${credentials.accountId}/photos`),
          token: credentials.accessToken,
          multipart: {
            fields: { caption: request.text, alt_text_custom: photo.altText, published: 'true' },
            files: [
              {
                name: 'source',
                filename: photo.mimeType === 'image/png' ? 'photo.png' : 'photo.jpg',
                contentType: photo.mimeType,
                data: photo.bytes,
              },
            ],
          },
        });
        const body = recordOf(response.body);
        const postId = stringOf(body.post_id) || stringOf(body.id);
        return { platformPostId: postId, url: `https://www.facebook.com/${postId}` };
      }
      const response = await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, `${credentials.accountId}/feed`),
        token: credentials.accessToken,
        form: { message: request.text },
      });
      const postId = stringOf(recordOf(response.body).id);
      return { platformPostId: postId, url: `https://www.facebook.com/${postId}` };
    },

    async fetchComments(credentials, cursor): Promise<CommentPage> {
      const since = cursor ? Date.parse(cursor) : options.now().getTime() - 24 * 3600 * 1000;
      // A new comment moves its post's updated_time: only posts touched since the cursor are read.
      const feed = await api.request({
        method: 'GET',
        url: graphUrl(credentials.baseUrl, `${credentials.accountId}/feed`, {
          fields: 'id,message,updated_time',
          since: String(Math.floor(since / 1000)),
          limit: String(maxPostsPerRead),
        }),
        token: credentials.accessToken,
      });
      const comments: PlatformComment[] = [];
      for (const post of arrayOf(recordOf(feed.body).data).map(recordOf))
        comments.push(...(await commentsOfPost(credentials, post, since)));
      comments.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const newest = comments.at(-1)?.createdAt.toISOString();
      return { comments, cursor: newest ?? cursor };
    },

    async hideComment(credentials, target) {
      await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, target.platformCommentId),
        token: credentials.accessToken,
        form: { is_hidden: 'true' },
      });
    },
    async unhideComment(credentials, target) {
      await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, target.platformCommentId),
        token: credentials.accessToken,
        form: { is_hidden: 'false' },
      });
    },
    async deleteComment(credentials, target) {
      await api.request({
        method: 'DELETE',
        url: graphUrl(credentials.baseUrl, target.platformCommentId),
        token: credentials.accessToken,
      });
    },
    async reportAuthor() {
      throw new ConnectorError(
        'facebook',
        'not_supported',
        'the Graph API has no way to report a comment to Meta',
      );
    },
    async blockAuthor(credentials, target) {
      await api.request({
        method: 'POST',
        url: graphUrl(credentials.baseUrl, `${credentials.accountId}/blocked`),
        token: credentials.accessToken,
        form: { user: target.authorPlatformId },
      });
    },
    async limitReplies() {
      throw new ConnectorError(
        'facebook',
        'not_supported',
        'a Facebook Page cannot limit who comments on a post through the API',
      );
    },
    async readProfile(credentials) {
      const response = await api.request({
        method: 'GET',
        url: graphUrl(credentials.baseUrl, credentials.accountId, {
          fields: 'name,about,description,website,emails,picture{url}',
        }),
        token: credentials.accessToken,
      });
      const page = recordOf(response.body);
      const links = [
        ...stringOf(page.website)
          .split(/\s+/)
          .filter(Boolean)
          .map((url) => ({ label: 'Website', url })),
        ...arrayOf(page.emails).map((email) => ({ label: 'Email', url: `mailto:${stringOf(email)}` })),
      ];
      return {
        displayName: stringOf(page.name),
        bio: [stringOf(page.about), stringOf(page.description)].filter(Boolean).join('\n\n'),
        links,
        avatarUrl: stringOf(recordOf(recordOf(page.picture).data).url) || null,
      };
    },
    async readDirectMessageSetting() {
      throw new ConnectorError(
        'facebook',
        'not_supported',
        'a Page’s messaging settings cannot be read through the Graph API',
      );
    },
  };
}
