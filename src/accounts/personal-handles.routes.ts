import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { signedInAccess } from '../platform/http/route-access.js';
import { declarePersonalHandle } from './declare-personal-handle.js';
import { listPersonalHandles } from './list-personal-handles.js';
import { personalHandleSchema } from './personal-handles.js';
import { platformIds } from './platforms.js';
import { removePersonalHandle } from './remove-personal-handle.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const idParams = z.object({ id: z.string().max(100) }).strict();

const personalHandleViewSchema = z.object({
  id: z.string(),
  platform: z.enum(platformIds),
  value: z.string(),
  createdAt: z.string(),
});

/** A member of staff's privately declared personal accounts (clause 2.1), never registered as school ones. */
export async function personalHandlesRoutes(app: RoutesApp): Promise<void> {
  app.get(
    '/api/me/personal-handles',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'My privately declared personal accounts',
        response: { 200: z.object({ items: z.array(personalHandleViewSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await listPersonalHandles(app.db, actor, actor.schoolId) };
    },
  );

  app.post(
    '/api/me/personal-handles',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Declare a personal account privately, so it is never registered as a school one (2.1)',
        body: personalHandleSchema,
        response: { 201: personalHandleViewSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await declarePersonalHandle(app.db, actor, actor.schoolId, request.body, app.clock);
      return reply.status(201).send(view);
    },
  );

  app.delete(
    '/api/me/personal-handles/:id',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Remove a declared personal account',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await removePersonalHandle(app.db, actor, actor.schoolId, request.params.id, app.clock);
      return reply.status(204).send(null);
    },
  );
}
