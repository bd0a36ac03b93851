/**
 * Issue 16: the console's request list at 1,000,000 rows. `listRecentRequests` (db/queries/requests.ts)
 * shows the newest requests, newest first; the only indexes on created_at led with status or
 * creator, so PostgreSQL read every row and sorted them for each page (158 ms at 20,000 rows on the
 * benchmark machine, growing with the table). With this index it reads the newest rows in order
 * and stops at the page's limit; the ordering's tie-break on id makes the order (and a keyset
 * cursor on it) total.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS generation_requests_recent_idx ON generation_requests (created_at DESC, id DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
