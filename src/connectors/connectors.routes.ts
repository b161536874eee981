import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { redirectResponse } from '../platform/http/response-schemas.js';
import { signedInAccess } from '../platform/http/route-access.js';
import { PhotoAnalysisCache } from '../posts/photo-analysis-cache.js';
import { linkTo, linkToAccountAfterConnecting } from '../shared/links.js';
import { capabilityTable, commentSourcesInUse } from './capability-table.js';
import {
  type ConnectDeps,
  connectWithAppPassword,
  disconnectAccount,
  finishConnectionFromCallback,
  startConnection,
} from './connect-account.js';
import type { LatestDirectMessageCheck } from './connection-checks.js';
import { getConnection } from './get-connection.js';
import { metaWebhookSettings } from './meta-webhook.js';
import { getPublication, type PublishDeps, publishThroughConnector } from './publish-through-connector.js';

const idParams = z.object({ id: z.uuid() }).strict();

const capabilitiesSchema = z.object({
  publish: z.boolean(),
  publishPhotos: z.boolean(),
  publishTextOnly: z.boolean(),
  readComments: z.array(z.enum(['poll', 'stream', 'webhook'])),
  hide: z.boolean(),
  unhide: z.boolean(),
  delete: z.boolean(),
  report: z.boolean(),
  block: z.boolean(),
  limitReplies: z.boolean(),
  directMessageSettingReadable: z.boolean(),
  profileReadable: z.boolean(),
  notes: z.array(z.string()),
});

const connectionSchema = z.object({
  accountId: z.string(),
  platform: z.string(),
  connectable: z.boolean(),
  method: z.enum(['oauth', 'app_password']).nullable(),
  status: z.enum(['connected', 'failed', 'disconnected', 'never']),
  handle: z.string().nullable(),
  baseUrl: z.string().nullable(),
  lastError: z.string().nullable(),
  connectedAt: z.string().nullable(),
  abilities: z.object({ connect: z.boolean(), disconnect: z.boolean() }),
  demo: z.boolean(),
  profileCheck: z.object({
    readable: z.boolean(),
    lastReadAt: z.string().nullable(),
    nextCheckAt: z.string(),
    aupLink: z
      .object({ found: z.boolean(), foundIn: z.enum(['bio', 'link', 'verified_link']).nullable() })
      .nullable(),
    officialEmail: z.object({ found: z.boolean() }).nullable(),
    lastChange: z
      .object({ fields: z.array(z.enum(['display_name', 'bio', 'avatar', 'links'])), at: z.string() })
      .nullable(),
  }),
  directMessages: z.object({
    readable: z.boolean(),
    lastCheck: z
      .object({
        setting: z.enum(['all', 'following', 'none']),
        studentsCanMessage: z.boolean(),
        checkedAt: z.string(),
      })
      .nullable(),
  }),
});

const publicationSchema = z.object({
  id: z.string(),
  postId: z.string(),
  revision: z.number(),
  platform: z.string(),
  status: z.enum(['scheduled', 'publishing', 'published', 'failed']),
  scheduledFor: z.string().nullable(),
  platformPostId: z.string().nullable(),
  url: z.string().nullable(),
  archiveId: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  publishedAt: z.string().nullable(),
});

/**
 * The platforms' capability table, connecting accounts, and publishing through a connector (issue 13). The
 * last direct-message check is moderation's (a floor above), handed in where the server registers this.
 */
export const connectorsRoutes: FastifyPluginAsyncZod<{
  directMessageChecks?: LatestDirectMessageCheck;
}> = async (app, { directMessageChecks }) => {
  const keyring = app.keyring;
  const connectDeps: ConnectDeps = {
    keyring,
    connectors: app.connectors,
    clock: app.clock,
    callbackUrl: app.config.publicUrl ? `${app.config.publicUrl}/api/connections/callback` : undefined,
    directMessageChecks,
  };
  const publishDeps: PublishDeps = {
    keyring,
    connectors: app.connectors,
    clock: app.clock,
    posts: {
      clock: app.clock,
      contexts: app.checkContexts,
      photoAnalyses: new PhotoAnalysisCache(),
      keyring,
    },
    publicUrl: app.config.publicUrl,
  };

  // The push sources this deployment has switched on (Meta's webhooks, Mastodon's streaming): the platforms
  // list says which platforms' comments arrive within seconds and which are polled only.
  const configuredSources = new Set<'webhook' | 'stream'>([
    ...(metaWebhookSettings(app.config) ? (['webhook'] as const) : []),
    ...(app.config.mastodonStreaming ? (['stream'] as const) : []),
  ]);

  app.get(
    '/api/platforms',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['platforms'],
        summary: 'The platform connectors and what each can do, from their own declarations',
        response: {
          200: z.object({
            platforms: z.array(
              z.object({
                platform: z.string(),
                name: z.string(),
                connect: z.enum(['oauth', 'app_password']).nullable(),
                capabilities: capabilitiesSchema,
                /** How comments reach Guardpost here: `poll` always, a webhook or stream only when configured. */
                commentSourcesInUse: z.array(z.enum(['poll', 'stream', 'webhook'])),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      platforms: capabilityTable(app.connectors.all()).map((r) => ({
        ...r,
        commentSourcesInUse: commentSourcesInUse(r.capabilities.readComments, configuredSources),
        capabilities: {
          ...r.capabilities,
          readComments: [...r.capabilities.readComments],
          notes: [...r.capabilities.notes],
        },
      })),
    }),
  );

  app.get(
    '/api/accounts/:id/connection',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['platforms'],
        summary: 'The account’s connection to its platform',
        params: idParams,
        response: { 200: connectionSchema },
      },
    },
    async (request) => getConnection(app.db, requireActor(request), request.params.id, connectDeps),
  );

  app.post(
    '/api/accounts/:id/connection/start',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['platforms'],
        summary:
          'Start connecting the account through the platform’s sign-in page (owners and SMT; approved accounts only)',
        params: idParams,
        body: z.object({ baseUrl: z.string().max(300).optional() }).strict(),
        response: { 200: z.object({ authorizeUrl: z.string() }) },
      },
    },
    async (request) =>
      startConnection(
        app.db,
        requireActor(request),
        { accountId: request.params.id, baseUrl: request.body.baseUrl },
        connectDeps,
      ),
  );

  app.post(
    '/api/accounts/:id/connection/app-password',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['platforms'],
        summary:
          'Connect the account with an app password (Bluesky); the password is exchanged for a session and not kept',
        params: idParams,
        body: z
          .object({
            identifier: z.string().trim().min(3).max(253),
            password: z.string().min(8).max(200),
            baseUrl: z.string().max(300).optional(),
          })
          .strict(),
        response: { 200: connectionSchema },
      },
    },
    async (request) =>
      connectWithAppPassword(
        app.db,
        requireActor(request),
        { accountId: request.params.id, ...request.body },
        connectDeps,
      ),
  );

  app.post(
    '/api/accounts/:id/connection/disconnect',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['platforms'],
        summary:
          'Disconnect the account, revoking its tokens at the platform where possible (owners and SMT)',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(3).max(500) }).strict(),
        response: {
          200: connectionSchema.extend({ revokedAtPlatform: z.enum(['yes', 'no', 'not_possible']) }),
        },
      },
    },
    async (request) =>
      disconnectAccount(
        app.db,
        requireActor(request),
        { accountId: request.params.id, reason: request.body.reason },
        connectDeps,
      ),
  );

  app.get(
    '/api/connections/callback',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['platforms'],
        summary:
          'Where the platform sends the person back after they allow Guardpost; opens the account page saying what came of it',
        querystring: z
          .object({
            state: z.string().min(10).max(200),
            code: z.string().max(2000).optional(),
            error: z.string().max(200).optional(),
            error_description: z.string().max(500).optional(),
          })
          .passthrough(),
        response: { 303: redirectResponse },
      },
    },
    async (request, reply) => {
      const { accountId, outcome } = await finishConnectionFromCallback(
        app.db,
        requireActor(request),
        request.query,
        connectDeps,
      );
      // Back on the account page with what happened, or home when the link was never issued to them.
      return reply.redirect(
        accountId ? linkToAccountAfterConnecting(accountId, outcome) : linkTo('overview'),
        303,
      );
    },
  );

  app.post(
    '/api/posts/:id/publish-through-connector',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary:
          'Publish an approved post through its account’s connection, now or at a chosen time (once per revision)',
        params: idParams,
        body: z
          .object({
            altTexts: z.record(z.string().max(100), z.string().max(2000)).default({}),
            at: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
        response: { 200: publicationSchema },
      },
    },
    async (request) =>
      publishThroughConnector(
        app.db,
        requireActor(request),
        {
          schoolId: requireActor(request).schoolId,
          postId: request.params.id,
          altTexts: request.body.altTexts,
          at: request.body.at ? new Date(request.body.at) : undefined,
        },
        publishDeps,
      ),
  );

  app.get(
    '/api/posts/:id/publication',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'The post’s publication through its connector, if any',
        params: idParams,
        response: { 200: z.object({ publication: publicationSchema.nullable() }) },
      },
    },
    async (request) => ({
      publication: await getPublication(
        app.db,
        requireActor(request),
        requireActor(request).schoolId,
        request.params.id,
      ),
    }),
  );
};
