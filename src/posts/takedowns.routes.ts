import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { signedInAccess } from '../platform/http/route-access.js';
import { completeTakedownTask } from './complete-takedown-task.js';
import { listTakedownTasks } from './list-takedown-tasks.js';
import { takedownCompleteSchema } from './post-inputs.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const idParams = z.object({ id: z.string().max(100) }).strict();

const takedownViewSchema = z.object({
  id: z.string(),
  archiveId: z.string(),
  accountId: z.string(),
  accountHandle: z.string(),
  publishedUrl: z.string(),
  pupilId: z.string(),
  pupilName: z.string(),
  pupilInitials: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  removedAt: z.string().nullable(),
  removedBy: z.string().nullable(),
  note: z.string().nullable(),
});

/** Takedown tasks of the retroactive re-check: the list, and marking a post removed. */
export async function takedownsRoutes(app: RoutesApp): Promise<void> {
  app.get(
    '/api/takedowns',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Takedown tasks: published posts featuring a pupil whose consent no longer holds',
        response: { 200: z.array(takedownViewSchema) },
        querystring: z.object({ open: z.enum(['true', 'false']).optional() }).strict(),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const open = request.query.open === undefined ? undefined : request.query.open === 'true';
      return listTakedownTasks(app.db, actor, actor.schoolId, { open }, app.clock);
    },
  );

  app.post(
    '/api/takedowns/:id/removed',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Mark a takedown task done: the post was removed from the platform',
        response: { 200: z.object({ id: z.string(), removedAt: z.string() }) },
        params: idParams,
        body: takedownCompleteSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return completeTakedownTask(
        app.db,
        actor,
        { schoolId: actor.schoolId, taskId: request.params.id, note: request.body.note },
        app.clock,
      );
    },
  );
}
