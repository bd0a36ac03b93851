import type { Kysely } from 'kysely';
import type { Database, NotificationKind } from '../schema';

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  requestId: string | null;
  body: string;
  /** Same key, same notification: a retried activity never notifies twice. */
  dedupeKey: string;
}

export async function sendNotification(db: Kysely<Database>, notification: NewNotification): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      recipient_id: notification.recipientId,
      kind: notification.kind,
      request_id: notification.requestId,
      body: notification.body,
      dedupe_key: notification.dedupeKey,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** A creator's notifications as the app shows them, newest first. */
export async function listCreatorNotifications(db: Kysely<Database>, recipientId: string, options: { unreadOnly: boolean; limit: number }) {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'request_id', 'body', 'read_at', 'created_at'])
    .where('recipient_id', '=', recipientId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute();
}

/**
 * Marks a creator's notifications read: the listed ids, or every unread one when `ids` is null.
 * Ids of other recipients are left alone. Returns how many changed.
 */
export async function markCreatorNotificationsRead(db: Kysely<Database>, recipientId: string, ids: readonly string[] | null): Promise<number> {
  if (ids !== null && ids.length === 0) return 0;
  let query = db.updateTable('notifications').set({ read_at: new Date() }).where('recipient_id', '=', recipientId).where('read_at', 'is', null);
  if (ids !== null) query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
