/**
 * Issue 5: provenance audit. Per published video, each provenance signal in its own column
 * (`provenance_signals`), the video fingerprints (PDQ hashes of sampled frames), the progress of
 * catalogue re-verification runs, and the `provenance_alerts` review queue that re-verification
 * raises items in (review_items.kind 'provenance').
 *
 * Single writer: all three tables are written only by provenance activities (embedProvenance,
 * verifyStoredVideo, reverifyBatch); the console reads them and asks Temporal for re-checks.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('video_fingerprints')
    // bigserial: the lookup index loads new rows incrementally by id.
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('video_id', 'uuid', (c) => c.notNull().references('videos.id'))
    .addColumn('frame_index', 'integer', (c) => c.notNull().check(sql`frame_index >= 0`))
    .addColumn('region', 'text', (c) => c.notNull().check(sql`region IN ('full','top','bottom','left','right')`))
    .addColumn('hash', 'bytea', (c) => c.notNull().check(sql`octet_length(hash) = 32`))
    .addColumn('quality', 'smallint', (c) => c.notNull().check(sql`quality BETWEEN 0 AND 100`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('video_fingerprints_frame_uq', ['video_id', 'frame_index', 'region'])
    .execute();

  await db.schema
    .createTable('provenance_signals')
    .addColumn('video_id', 'uuid', (c) => c.primaryKey().references('videos.id'))
    .addColumn('manifest_present', 'boolean', (c) => c.notNull())
    // Null when there is no manifest to check.
    .addColumn('signature_valid', 'boolean')
    .addColumn('signer_trusted', 'boolean')
    .addColumn('validation_state', 'text', (c) => c.check(sql`validation_state IN ('Invalid','Valid','Trusted')`))
    .addColumn('validation_codes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('signer_common_name', 'text')
    // What the pipeline recorded when it burned the label in (not a pixel detector).
    .addColumn('watermark_burned_in', 'boolean', (c) => c.notNull())
    .addColumn('watermark_label', 'text')
    // Whether the signed manifest (still) declares the watermark step, checked at every verification.
    .addColumn('watermark_declared', 'boolean')
    .addColumn('fingerprint_registered', 'boolean', (c) => c.notNull())
    .addColumn('fingerprint_frames', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_present', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_error', 'text')
    .addColumn('last_verified_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('provenance_signals_verified_idx').on('provenance_signals').columns(['last_verified_at']).execute();

  await db.schema
    .createTable('provenance_audit_runs')
    // The Temporal workflow id of the reverifyCatalogue run (stable across continue-as-new).
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('alerts_raised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor_video_id', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Review items of kind 'provenance' are alerts about a published video (request_id = its request).
  // The list also names issue 4's kinds so that either order of 003/004 leaves all of them allowed
  // as long as 004 names 'provenance' too.
  await sql`ALTER TABLE review_items DROP CONSTRAINT review_items_kind_check`.execute(db);
  await sql`ALTER TABLE review_items ADD CONSTRAINT review_items_kind_check CHECK (kind IN ('prompt','clip','appeal','report','provenance'))`.execute(db);

  const auditors = JSON.stringify(['senior_reviewer', 'admin', 'auditor', 'legal']);
  await sql`
    INSERT INTO review_queues (id, name, sla_seconds, escalation_queue_id, allowed_roles) VALUES
      ('provenance_alerts', 'Provenance alerts', 172800, NULL, ${auditors}::jsonb)
    ON CONFLICT (id) DO NOTHING`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
