/** API endpoints of the acting creator's notifications: list, mark read. */
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../../../db/schema';
import { listNotifications, listNotificationsInput, markNotificationsRead, markNotificationsReadInput } from '../../creator-notifications.server';
import { endpoint } from '../endpoint';

export const notificationEndpoints = [
  endpoint({
    method: 'get',
    path: '/notifications',
    operationId: 'listNotifications',
    tag: 'notifications',
    summary: 'List my notifications, newest first',
    query: listNotificationsInput,
    response: z.object({
      notifications: z.array(z.object({
        id: z.string(), kind: z.enum(NOTIFICATION_KINDS), requestId: z.uuid().nullable(), body: z.string(),
        readAt: z.iso.datetime().nullable(), createdAt: z.iso.datetime(),
      }).meta({ id: 'Notification' })),
    }),
    handle: ({ ctx, creatorId, query }) => listNotifications(ctx.db, creatorId, query),
  }),
  endpoint({
    method: 'post',
    path: '/notifications/read',
    operationId: 'markNotificationsRead',
    tag: 'notifications',
    summary: 'Mark my notifications read (the listed ids, or all)',
    body: markNotificationsReadInput,
    response: z.object({ marked: z.number().int() }),
    handle: ({ ctx, creatorId, body }) => markNotificationsRead(ctx.db, creatorId, body),
  }),
];
