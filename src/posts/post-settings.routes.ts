import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { postSettingsSchema } from './post-inputs.js';
import { postSettingsRoles } from './posts.permissions.js';
import { getAccountPostSettings, setAccountPostSettings } from './set-account-post-settings.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const accountParams = z.object({ accountId: z.string().max(100) }).strict();

const settingsViewSchema = z.object({ accountId: z.string(), requiresApproval: z.boolean() });

/** Whether every post on an account needs approval: read by its owners, set by SMT, the head or an admin. */
export async function postSettingsRoutes(app: RoutesApp): Promise<void> {
  app.get(
    '/api/posts/account-settings/:accountId',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: "An account's posting rules",
        response: { 200: settingsViewSchema },
        params: accountParams,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getAccountPostSettings(app.db, actor, actor.schoolId, request.params.accountId);
    },
  );

  app.put(
    '/api/posts/account-settings/:accountId',
    {
      config: { access: rolesAccess(...postSettingsRoles) },
      schema: {
        tags: ['posts'],
        summary: 'Whether every post on an account needs approval',
        response: { 200: settingsViewSchema },
        params: accountParams,
        body: postSettingsSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return setAccountPostSettings(
        app.db,
        actor,
        { schoolId: actor.schoolId, accountId: request.params.accountId, body: request.body },
        app.clock,
      );
    },
  );
}
