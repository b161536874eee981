import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess } from '../platform/http/route-access.js';
import type { ConcernContext } from './concern-access.js';
import { getConcernSettings, updateConcernSettings } from './update-concern-settings.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const settingsSchema = z.object({
  urgentAckMinutes: z.number().int().min(1).max(1440),
  routineAckWorkingDays: z.number().int().min(1).max(10),
  headteacherSees: z.enum(['staff_conduct', 'all']),
  chairOfGovernorsName: z.string().trim().max(200).nullable(),
  chairOfGovernorsEmail: z.email().max(254).nullable(),
});

/** The school's concern settings: acknowledgement times, what the head sees, the chair's contact. */
export async function concernSettingsRoutes(app: RoutesApp, ctx: () => ConcernContext): Promise<void> {
  app.get(
    '/api/concerns/settings',
    {
      config: { access: rolesAccess('dsl', 'headteacher') },
      schema: {
        tags: ['concerns'],
        summary: "The school's concern settings",
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getConcernSettings(ctx(), actor, actor.schoolId);
    },
  );

  app.put(
    '/api/concerns/settings',
    {
      config: { access: rolesAccess('dsl', 'headteacher') },
      schema: {
        tags: ['concerns'],
        summary: 'Change acknowledgement times, what the headteacher sees, the chair of governors contact',
        body: settingsSchema.partial().strict(),
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updateConcernSettings(ctx(), actor, { schoolId: actor.schoolId, changes: request.body });
    },
  );
}
