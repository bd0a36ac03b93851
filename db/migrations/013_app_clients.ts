/**
 * App clients (issue 11): the consumer apps that call Loupe's app-facing API (`/api/v1`), one row
 * per app, each with its own key. A key is shown once, when it is created or rotated, and only its
 * SHA-256 is stored: keys are 32 random bytes, so a fast hash is enough (nobody can guess their way
 * through 2^256 inputs, and salting or a slow hash like argon2 only helps low-entropy secrets such
 * as passwords); the lookup by hash stays one index probe per API call.
 *
 * Rotation keeps the replaced key working for a grace period (`previous_key_hash` until
 * `previous_key_expires_at`), so an app can deploy its new key without an outage. A disabled client's
 * keys, current and previous, stop working at once. `rate_limit_per_minute` is the client's own
 * limit (db/rate-limiter.ts counts it), set by the admin who creates it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('app_clients')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 100`))
    // The key's first characters, shown to staff so they can tell keys apart; never enough to use it.
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('previous_key_hash', 'text')
    .addColumn('previous_key_expires_at', 'timestamptz')
    .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull().defaultTo(600).check(sql`rate_limit_per_minute BETWEEN 1 AND 100000`))
    // Null for the demo creator app's client, which the server creates for itself.
    .addColumn('created_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .addCheckConstraint(
      'app_clients_previous_key_complete',
      sql`(previous_key_hash IS NULL) = (previous_key_expires_at IS NULL)`,
    )
    .execute();
  // A rotated-out key is looked up by its hash during its grace period.
  await db.schema.createIndex('app_clients_previous_key_hash_idx').on('app_clients').column('previous_key_hash').execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
