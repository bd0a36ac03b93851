/**
 * Rate-limit counters shared by every console process (db/rate-limiter.ts): one row per limiter
 * and client, in the layout that rate-limiter-flexible's PostgreSQL store reads and writes
 * (`key` = "<limiter>:<client>", `points` consumed in the current window, `expire` = the window's
 * end in epoch milliseconds, NULL for no expiry). The table is created here, by the owner, because
 * the app's role may not CREATE tables; the store is configured not to create it. Rows are small
 * and the store deletes expired ones every few minutes (by `expire`, hence its index). The app's
 * role gets its privileges like every table's: default privileges (006) and the grants at start-up.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    // varchar(255), integer, bigint: exactly the types the store's own CREATE TABLE would use.
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
  await db.schema.createIndex('rate_limits_expire_idx').on('rate_limits').column('expire').execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
