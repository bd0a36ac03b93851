/**
 * Kinds as rows, not CHECK lists: `notification_kinds` and `review_item_kinds` hold every kind a
 * notification or a review item may have, and the two tables reference them by foreign key.
 *
 * Until now each migration that added a kind dropped and re-created one CHECK constraint with the
 * whole list, so two features adding kinds in the same release had to edit the same line and the
 * later migration silently removed the earlier one's kinds. With a lookup table a migration only
 * INSERTs its own kinds (idempotently, `ON CONFLICT DO NOTHING`), and the database still refuses a
 * kind nobody declared. The TypeScript unions in db/schema.ts list the same kinds; the schema test
 * compares the two.
 */
import { sql, type Kysely } from 'kysely';

const NOTIFICATION_KINDS = [
  'cameo_used', 'cameo_blocked', 'request_blocked', 'request_rejected', 'video_published', 'cameo_published',
  'review_note', 'appeal_received', 'appeal_upheld', 'appeal_overturned', 'video_removed',
];
const REVIEW_ITEM_KINDS = ['prompt', 'clip', 'appeal', 'report', 'provenance'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_kinds')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .execute();
  await db.schema
    .createTable('review_item_kinds')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .execute();
  for (const kind of NOTIFICATION_KINDS) {
    await sql`INSERT INTO notification_kinds (kind) VALUES (${kind}) ON CONFLICT DO NOTHING`.execute(db);
  }
  for (const kind of REVIEW_ITEM_KINDS) {
    await sql`INSERT INTO review_item_kinds (kind) VALUES (${kind}) ON CONFLICT DO NOTHING`.execute(db);
  }
  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_fkey FOREIGN KEY (kind) REFERENCES notification_kinds (kind)`.execute(db);
  await sql`ALTER TABLE review_items DROP CONSTRAINT review_items_kind_check`.execute(db);
  await sql`ALTER TABLE review_items ADD CONSTRAINT review_items_kind_fkey FOREIGN KEY (kind) REFERENCES review_item_kinds (kind)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
