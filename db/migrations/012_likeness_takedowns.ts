/**
 * Likeness takedowns (issue 11, "Owners in control → Revocation"): when consent to a cameo ends, the
 * likenessTakedown workflow takes down every video that relied on it. `likeness_takedowns` is one
 * row per takedown (what ended, who asked, the counts so far, its state), written by the workflow's
 * activities so progress outlives the workflow; `likeness_takedown_items` is one row per video the
 * takedown handled, keyed by (takedown, video), so a retried activity or a resumed workflow finds
 * the outcome of its first attempt and never takes a video down, or notifies its creator, twice.
 *
 * Also the notification kind for a creator whose video was taken down because consent was
 * withdrawn, and two indexes the search for uses walks: request_cameos by cameo and videos by the
 * video they remix.
 */
import { sql, type Kysely } from 'kysely';

const NOTIFICATION_KINDS = ['video_taken_down_consent'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('likeness_takedowns')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) =>
      c.notNull().check(sql`trigger IN ('grant_withdrawn','person_blocked','cameo_deleted','owner_removed_video')`))
    .addColumn('cameo_id', 'uuid', (c) => c.notNull().references('cameos.id'))
    .addColumn('subject_creator_id', 'uuid', (c) => c.references('creators.id'))
    .addColumn('video_id', 'uuid', (c) => c.references('videos.id'))
    .addColumn('ledger_version', 'integer')
    .addColumn('requested_by_kind', 'text', (c) => c.notNull().check(sql`requested_by_kind IN ('creator','staff')`))
    // A creator's or a staff member's id, depending on requested_by_kind: no foreign key for that reason.
    .addColumn('requested_by_id', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('finding').check(sql`state IN ('finding','taking_down','done')`))
    .addColumn('found', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('taken_down', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('already_down', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // The console lists recent takedowns; an owner's page lists the takedowns of their cameos.
  await db.schema.createIndex('likeness_takedowns_started_idx').on('likeness_takedowns').columns(['started_at desc', 'id desc']).execute();
  await db.schema.createIndex('likeness_takedowns_cameo_idx').on('likeness_takedowns').columns(['cameo_id', 'started_at']).execute();

  await db.schema
    .createTable('likeness_takedown_items')
    .addColumn('takedown_id', 'uuid', (c) => c.notNull().references('likeness_takedowns.id'))
    .addColumn('video_id', 'uuid', (c) => c.notNull().references('videos.id'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome IN ('taken_down','already_down','failed')`))
    .addColumn('done_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('likeness_takedown_items_pk', ['takedown_id', 'video_id'])
    .execute();

  // The search for uses starts from a cameo's requests and follows remixes down (db/queries/likeness-takedowns.ts).
  await sql`CREATE INDEX IF NOT EXISTS request_cameos_cameo_idx ON request_cameos (cameo_id, request_id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS videos_remix_of_idx ON videos (remix_of_video_id) WHERE remix_of_video_id IS NOT NULL`.execute(db);

  for (const kind of NOTIFICATION_KINDS) {
    await sql`INSERT INTO notification_kinds (kind) VALUES (${kind}) ON CONFLICT DO NOTHING`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
