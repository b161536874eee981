import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse } from '../platform/http/response-schemas.js';
import { publicAccess } from '../platform/http/route-access.js';
import { photoLinkPath, readLinkedPhoto } from './photo-links.js';

/**
 * `GET /media/:token`: a photo of an approved post, for a platform that fetches it by address while
 * Guardpost publishes (Instagram). No session: the signed, expiring token is the permission. Every refusal
 * (expired, altered, unknown, photo gone) is the same 404.
 */
export const photoLinksRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    `${photoLinkPath}/:token`,
    {
      config: { access: publicAccess },
      schema: {
        tags: ['posts'],
        summary: 'A photo of an approved post at its signed, expiring public address (for platforms)',
        params: z.object({ token: z.string().max(200) }).strict(),
        response: { 200: fileResponse('The photo, as JPEG without metadata', 'image/jpeg') },
      },
      // Outside /api, so the API's own no-store does not apply: set here for the photo and the 404 alike.
      onSend: async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store');
        reply.header('x-content-type-options', 'nosniff');
        return payload;
      },
    },
    async (request, reply) => {
      const bytes = await readLinkedPhoto(app.db, app.keyring, request.params.token, app.clock.now());
      return reply.type('image/jpeg').send(bytes);
    },
  );
};
