/**
 * Copyright rescans (issue 13): a claim approved or a hash bank switched on checks the published
 * catalogue again (workflows/copyright-rescan.ts).
 *
 * - `copyright_rescans`: one row per rescan, written by its workflow's activities only (single
 *   writer): what started it, the banks, the state, the counts, the keyset cursor (published_at,
 *   video id) and the inputs of the console's rate and ETA (scanned, started_at, updated_at and the
 *   time spent paused).
 * - `copyright_rescan_videos`: what one rescan did to one matched video, keyed by (rescan, video),
 *   so a retried batch answers the recorded outcome instead of taking down or notifying twice.
 *   Videos without a match get no row (the cursor says they were scanned).
 * - review item kind `copyright_match` (a rescan's match waiting in the copyright queue) and the
 *   creators' notification kinds for a copyright takedown and a copyright review.
 *
 * Takedown causes are not stored in a checked column (videos keep a free-text removed_reason and
 * the audit action names the cause, `video.takedown.copyright`), so there is no constraint to widen.
 * claim_id and bank_id carry no foreign key: the row is written by the workflow from its input, and
 * a claim or bank deleted later must not take its rescan's history with it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('copyright_rescans')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('trigger_kind', 'text', (c) => c.notNull().check(sql`trigger_kind IN ('claim','bank')`))
    .addColumn('claim_id', 'uuid')
    .addColumn('bank_id', 'uuid')
    // The banks compared against; [] means every enabled bank.
    .addColumn('bank_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('running').check(sql`state IN ('running','paused','completed','cancelled','failed')`))
    // Published videos when the rescan began: the progress bar's denominator.
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('matched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('taken_down', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor_published_at', 'timestamptz')
    .addColumn('cursor_video_id', 'uuid')
    .addColumn('batch_size', 'integer', (c) => c.notNull().check(sql`batch_size BETWEEN 1 AND 1000`))
    .addColumn('started_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Set while paused; the pause's length is added to paused_seconds on resume (the rate leaves it out).
    .addColumn('paused_at', 'timestamptz')
    .addColumn('paused_seconds', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addCheckConstraint('copyright_rescans_trigger_ck', sql`(trigger_kind = 'claim' AND claim_id IS NOT NULL) OR (trigger_kind = 'bank' AND bank_id IS NOT NULL)`)
    .execute();
  await sql`CREATE INDEX copyright_rescans_started_idx ON copyright_rescans (started_at DESC, id)`.execute(db);

  await db.schema
    .createTable('copyright_rescan_videos')
    .addColumn('rescan_id', 'uuid', (c) => c.notNull().references('copyright_rescans.id'))
    .addColumn('video_id', 'uuid', (c) => c.notNull().references('videos.id'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome IN ('taken_down','queued','held','already_down')`))
    // The copyright_matches row acted on (BANKS' table, migration 021).
    .addColumn('match_id', 'uuid')
    .addColumn('reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('copyright_rescan_videos_pk', ['rescan_id', 'video_id'])
    .execute();

  // The rescan's keyset walk: published videos by (published_at, id).
  await sql`CREATE INDEX IF NOT EXISTS videos_published_keyset_idx ON videos (published_at, id) WHERE status = 'published'`.execute(db);

  await sql`INSERT INTO review_item_kinds (kind, description) VALUES
    ('copyright_match', 'A published video a copyright rescan matched to a bank whose rule asks for review; decided in the copyright queue.')
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO notification_kinds (kind, description) VALUES
    ('video_taken_down_copyright', 'A creator''s video was taken down because it matches a copyrighted work.'),
    ('video_under_copyright_review', 'A creator''s video matches a copyrighted work and waits for a copyright reviewer.')
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
