import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountsWithNewComments,
  handshakeChallenge,
  META_WEBHOOK_PATH,
  metaWebhookSettings,
  signatureMatches,
} from '../connectors/meta-webhook.js';
import { forbidden, invalid, notFound, rateLimited, unauthenticated } from '../platform/errors.js';
import { publicAccess } from '../platform/http/route-access.js';
import { countWebhookDelivery } from '../platform/ops/metrics.js';
import { databaseRateLimitStore } from '../platform/rate-limit/database-store.js';
import { readSoonAfterWebhook } from './read-soon-after-webhook.js';

/** Meta's deliveries are small (a batch of changes, no media); anything larger is not Meta's. */
export const META_WEBHOOK_BODY_LIMIT = 256 * 1024;

// Meta delivers from a handful of addresses, in bursts when a post draws comments: generous per address,
// still a ceiling on anyone else posting at the endpoint.
const webhookLimit = { max: 600, timeWindow: '1 minute' };

const handshakeQuery = z.object({
  'hub.mode': z.string().max(50).optional(),
  'hub.verify_token': z.string().max(500).optional(),
  'hub.challenge': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'printable characters, at most 200')
    .optional(),
});

/**
 * Meta's webhooks for comments on connected Facebook Pages (`feed`) and Instagram accounts (`comments`):
 * the subscription handshake and the signed deliveries. A valid delivery only makes the named accounts'
 * feeds due and queues a scan; the comments themselves are read through the API. Off (404) unless the verify
 * token, the Meta app and a public URL are configured.
 */
export const metaWebhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings = metaWebhookSettings(app.config);
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(app.db, app.clock),
    errorResponseBuilder: () => rateLimited('TooManyWebhooks', 'too many webhook deliveries: wait a minute'),
  });
  // The signature is over the bytes Meta sent, so this plugin's routes get the raw body, not parsed JSON.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: META_WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  const refuseWhenOff = async () => {
    if (!settings)
      throw notFound(
        'MetaWebhooksOff',
        "Meta's webhooks are not configured here (GUARDPOST_META_WEBHOOK_VERIFY_TOKEN, the Meta app and GUARDPOST_PUBLIC_URL): comments are read by polling",
      );
  };

  app.get(
    META_WEBHOOK_PATH,
    {
      config: { access: publicAccess, rateLimit: webhookLimit },
      onRequest: refuseWhenOff,
      schema: {
        tags: ['platforms'],
        summary: "Meta's webhook subscription handshake: echoes hub.challenge when hub.verify_token is ours",
        querystring: handshakeQuery,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const challenge = settings && handshakeChallenge(request.query, settings.verifyToken);
      if (challenge === undefined)
        throw forbidden('WebhookVerifyTokenRejected', 'this is not a subscription with our verify token');
      return reply.type('text/plain; charset=utf-8').send(challenge);
    },
  );

  app.post(
    META_WEBHOOK_PATH,
    {
      config: { access: publicAccess, csrfExempt: true, rateLimit: webhookLimit },
      bodyLimit: META_WEBHOOK_BODY_LIMIT,
      onRequest: refuseWhenOff,
      schema: {
        tags: ['platforms'],
        summary:
          "A signed delivery from Meta's webhooks: the named accounts' comments are read within seconds",
        consumes: ['application/json'],
        response: { 200: z.object({ received: z.literal(true), accounts: z.number() }) },
      },
    },
    async (request) => {
      if (!settings) throw notFound('MetaWebhooksOff', "Meta's webhooks are not configured here");
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['x-hub-signature-256'];
      if (!signatureMatches(raw, typeof header === 'string' ? header : undefined, settings.appSecret)) {
        countWebhookDelivery('meta', 'refused');
        throw unauthenticated('WebhookSignatureInvalid', 'X-Hub-Signature-256 does not sign this body');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalid('WebhookPayloadInvalid', 'the delivery is not JSON');
      }
      const woken = await readSoonAfterWebhook(app.db, app.clock.now(), accountsWithNewComments(payload));
      countWebhookDelivery('meta', woken.matched > 0 ? 'read' : 'unmatched');
      // 200 whatever it named: Meta retries anything else, and an account not connected here never will be.
      return { received: true as const, accounts: woken.matched };
    },
  );
};
