import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { fileResponse } from '../platform/http/response-schemas.js';
import { rolesAccess } from '../platform/http/route-access.js';
import {
  getPhotoOriginal,
  getPostSchoolSettings,
  photoOriginalReaderRoles,
  postSchoolSettingsSchema,
  setPostSchoolSettings,
} from './photo-originals.js';
import { postSettingsRoles } from './posts.permissions.js';

const settingsViewSchema = z.object({ keepPhotoOriginals: z.boolean(), updatedAt: z.string().nullable() });
const photoParams = z.object({ id: z.string().max(100), photoId: z.string().max(100) }).strict();

/** The school's posting settings and the download of a kept photo original (SMT and the headteacher). */
export const photoOriginalsRoutes: FastifyPluginAsyncZod = async (app) => {
  const keyring = app.keyring;

  app.get(
    '/api/posts/school-settings',
    {
      config: { access: rolesAccess(...postSettingsRoles) },
      schema: {
        tags: ['posts'],
        summary: "The school's posting settings: whether photo originals are kept",
        response: { 200: settingsViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getPostSchoolSettings(app.db, actor, actor.schoolId);
    },
  );

  app.put(
    '/api/posts/school-settings',
    {
      config: { access: rolesAccess(...postSettingsRoles) },
      schema: {
        tags: ['posts'],
        summary: "Change the school's posting settings (audited)",
        response: { 200: settingsViewSchema },
        body: postSchoolSettingsSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return setPostSchoolSettings(
        app.db,
        actor,
        { schoolId: actor.schoolId, body: request.body },
        app.clock,
      );
    },
  );

  app.get(
    '/api/posts/:id/photos/:photoId/original',
    {
      config: { access: rolesAccess(...photoOriginalReaderRoles) },
      schema: {
        tags: ['posts'],
        summary:
          'The original upload of a photo, with its metadata, when the school keeps originals (audited)',
        params: photoParams,
        response: { 200: fileResponse('The original upload, in its own media type', '*/*') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const original = await getPhotoOriginal(
        app.db,
        keyring,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, photoId: request.params.photoId },
        app.clock,
      );
      return reply
        .type(original.mediaType)
        .header('content-disposition', 'attachment')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(original.bytes);
    },
  );
};
