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
