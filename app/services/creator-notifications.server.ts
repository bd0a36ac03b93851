/**
 * A creator's notifications, as their app reads them: list (newest first, optionally unread only)
 * and mark read. The notifications themselves are written by the workflows' activities; marking one
 * read is the creator's own state, not pipeline state, so the app writes it (db/queries/notifications.ts).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { listCreatorNotifications, markCreatorNotificationsRead } from '../../db/queries/notifications';
import type { Database } from '../../db/schema';

/** A notification id: the table's bigserial, as decimal text. */
const notificationId = z.string().regex(/^[1-9]\d{0,17}$/, 'a notification id (digits, as listed)');

export const listNotificationsInput = z.object({
  unreadOnly: z.enum(['true', 'false'], { message: 'unreadOnly must be true or false' }).default('false').transform((value) => value === 'true'),
  limit: z.coerce.number({ message: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
});

export const markNotificationsReadInput = z.object({
  /** The notifications to mark read; omitted or null: all unread ones. */
  ids: z.array(notificationId).max(500, 'mark at most 500 notifications at once').nullable().default(null),
});

/** The creator's notifications, newest first (at most `limit`); `input` as listNotificationsInput parsed it. */
export async function listNotifications(db: Kysely<Database>, creatorId: string, input: z.output<typeof listNotificationsInput>) {
  const { unreadOnly, limit } = input;
  const rows = await listCreatorNotifications(db, creatorId, { unreadOnly, limit });
  return {
    notifications: rows.map((row) => ({
      id: String(row.id), kind: row.kind, requestId: row.request_id, body: row.body,
      readAt: row.read_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(),
    })),
  };
}

/** Marks the listed (or all unread) notifications of this creator read; others' ids are ignored. */
export async function markNotificationsRead(db: Kysely<Database>, creatorId: string, input: z.output<typeof markNotificationsReadInput>) {
  const { ids } = input;
  return { marked: await markCreatorNotificationsRead(db, creatorId, ids) };
}
