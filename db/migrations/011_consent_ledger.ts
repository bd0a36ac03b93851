/**
 * The consent ledger (issue 11): every change an owner makes to a cameo is an immutable, versioned
 * event in `cameo_ledger_events`; `cameos`, `cameo_grants` and the new `cameo_blocks` are its
 * projection, written in the same transaction as the event (db/queries/cameo-ledger.ts), and
 * `cameos.ledger_version` is the version of the last event folded in. Each consent check records the
 * version it relied on, so a later change never rewrites what an earlier request was told.
 *
 * Also: characters (`cameos.kind`), owner restrictions (structured rules plus the owner's free text
 * for reviewers), soft deletion, the 'mutuals' access level with `creator_follows`, the outcome of
 * each consent check, and approval requests that a clip pipeline waits on with a durable expiry.
 *
 * Existing cameos get a ledger: one 'created' event, one 'grant_added' per grant and, for a cameo
 * revoked before the ledger existed, a 'deleted' event, so every cameo's projection is its fold.
 */
import { sql, type Kysely } from 'kysely';

const NOTIFICATION_KINDS = ['approval_requested', 'approval_answered', 'approval_expired'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cameos')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person').check(sql`kind IN ('person','character')`))
    .addColumn('description', 'text')
    .addColumn('restrictions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('restrictions_note', 'text')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('ledger_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 'approved' keeps its meaning ("people I approve"); 'mutuals' is new.
  await sql`ALTER TABLE cameos DROP CONSTRAINT cameos_access_level_check`.execute(db);
  await sql`ALTER TABLE cameos ADD CONSTRAINT cameos_access_level_check CHECK (access_level IN ('only_me','approved','mutuals','everyone'))`.execute(db);

  await db.schema
    .createTable('cameo_ledger_events')
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind IN ('created','access_level_set','grant_added','grant_withdrawn','person_blocked','person_unblocked','restrictions_set','deleted')`),
    )
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    // The creator who made the change; null for events written by a migration.
    .addColumn('actor_id', 'uuid', (c) => c.references('creators.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cameo_ledger_events_pk', ['cameo_id', 'version'])
    .execute();
  // Append-only like the audit log: history is never edited, a correction is a new event.
  await sql`
    CREATE FUNCTION cameo_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'cameo_ledger_events is append-only'; END $$`.execute(db);
  await sql`CREATE TRIGGER cameo_ledger_no_update BEFORE UPDATE OR DELETE ON cameo_ledger_events FOR EACH ROW EXECUTE FUNCTION cameo_ledger_refuse_change()`.execute(db);

  await db.schema
    .createTable('cameo_blocks')
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('blocked_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cameo_blocks_pk', ['cameo_id', 'blocked_id'])
    .execute();

  await db.schema
    .createTable('creator_follows')
    .addColumn('follower_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('followee_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('creator_follows_pk', ['follower_id', 'followee_id'])
    .addCheckConstraint('creator_follows_not_self', sql`follower_id <> followee_id`)
    .execute();
  // Mutuals look up "does the owner follow the requester back", i.e. by followee as well.
  await db.schema.createIndex('creator_follows_followee_idx').on('creator_follows').columns(['followee_id', 'follower_id']).execute();

  // A remix inherits its parent's cameos; the flag says the remix's creator did not pick them.
  await db.schema
    .alterTable('request_cameos')
    .addColumn('inherited', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .alterTable('consent_checks')
    // Null only for checks recorded before the ledger existed.
    .addColumn('consent_version', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('refused').check(sql`outcome IN ('allowed','refused','pending_approval')`))
    .execute();
  await sql`UPDATE consent_checks SET outcome = 'allowed' WHERE allowed`.execute(db);
  await sql`ALTER TABLE consent_checks ALTER COLUMN outcome DROP DEFAULT`.execute(db);

  await db.schema
    .createTable('cameo_approval_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('generation_requests.id'))
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('requester_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state IN ('pending','approved','denied','expired')`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('answered_at', 'timestamptz')
    .addColumn('also_granted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('cameo_approval_requests_request_cameo_key', ['request_id', 'cameo_id'])
    .execute();
  await db.schema.createIndex('cameo_approval_requests_owner_idx').on('cameo_approval_requests').columns(['owner_id', 'state', 'created_at']).execute();

  for (const kind of NOTIFICATION_KINDS) {
    await sql`INSERT INTO notification_kinds (kind) VALUES (${kind}) ON CONFLICT DO NOTHING`.execute(db);
  }

  // Backfill: a ledger for every existing cameo, in the order things happened.
  await sql`
    INSERT INTO cameo_ledger_events (cameo_id, version, kind, payload, actor_id, created_at)
    SELECT id, 1, 'created',
           jsonb_build_object('kind', 'person', 'displayName', display_name, 'description', NULL,
                              'accessLevel', access_level, 'restrictions', '[]'::jsonb, 'restrictionsNote', NULL),
           owner_id, created_at
    FROM cameos`.execute(db);
  await sql`
    INSERT INTO cameo_ledger_events (cameo_id, version, kind, payload, actor_id, created_at)
    SELECT g.cameo_id, 1 + row_number() OVER (PARTITION BY g.cameo_id ORDER BY g.created_at, g.grantee_id),
           'grant_added', jsonb_build_object('creatorId', g.grantee_id), c.owner_id, g.created_at
    FROM cameo_grants g JOIN cameos c ON c.id = g.cameo_id`.execute(db);
  await sql`
    INSERT INTO cameo_ledger_events (cameo_id, version, kind, payload, actor_id, created_at)
    SELECT c.id, 2 + (SELECT count(*) FROM cameo_grants g WHERE g.cameo_id = c.id), 'deleted', '{}'::jsonb, c.owner_id, c.revoked_at
    FROM cameos c WHERE c.revoked_at IS NOT NULL`.execute(db);
  await sql`UPDATE cameos SET deleted_at = revoked_at WHERE revoked_at IS NOT NULL`.execute(db);
  await sql`
    UPDATE cameos c SET ledger_version = (SELECT max(version) FROM cameo_ledger_events e WHERE e.cameo_id = c.id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
