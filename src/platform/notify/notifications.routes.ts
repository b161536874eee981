import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth-plugin.js';
import { signedInAccess } from '../http/route-access.js';
import {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.service.js';

const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** The signed-in person's own in-app notifications and their read state. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/notifications',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        querystring: z
          .object({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
            cursor: z.string().max(64).optional(),
          })
          .strict(),
        response: {
          200: z.object({
            items: z.array(notificationSchema),
            unreadCount: z.number().int(),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) =>
      listMyNotifications(app.db, requireActor(request), {
        unreadOnly: request.query.unread === 'true',
        limit: request.query.limit,
        cursor: request.query.cursor,
      }),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: notificationSchema },
      },
    },
    async (request) =>
      markNotificationRead(app.db, requireActor(request), request.params.id, app.clock.now()),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ updated: z.number().int() }) },
      },
    },
    async (request) => markAllNotificationsRead(app.db, requireActor(request), app.clock.now()),
  );
};
