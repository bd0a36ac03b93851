/**
 * Hash banks (issue 13): banks of PDQ hashes (an entity's reference media, or an imported list),
 * the matches Loupe acted on or held, and flood alerts.
 *
 * - `hash_banks`: one bank. `kind` positive (a match means the entity's work is shown) or negative
 *   (public domain, licensed uses: a match on a frame cancels the positive matches of that frame).
 *   `cutoff` is the largest Hamming distance (0..31; PDQ's own guidance is 31) that counts as a
 *   match for this bank. A positive bank acts through its entity's rule (copyrightActionFor); an
 *   imported positive bank with no entity must carry its own `rule` (CHECK below), so no positive
 *   hash can ever match without a rule to act on. `updated_at` changes whenever the bank or one of
 *   its hashes changes: the matcher (activities/copyright/bank-matcher.ts) reloads on it.
 *   One reference-media bank per (claim, entity): a retried claim approval hashes into the same bank.
 * - `bank_hashes`: one 32-byte PDQ hash of a bank; `state` active, quarantined (flood quarantine:
 *   matches recorded as held, not acted on) or disabled (released from quarantine, or switched off).
 *   One row per (bank, hash): re-importing or re-hashing adds nothing twice.
 * - `copyright_matches`: every bank match Loupe acted on or held, from the clip pipeline or a
 *   rescan (RESCAN writes `rescan_id`). One row per (request, bank hash) for the pipeline and per
 *   (rescan, video, bank hash) for a rescan, so retried activities add nothing twice. `action` also
 *   has 'allowed' (the entity's holder allows it) besides the shared design's five.
 *   The flood rule counts pipeline rows per bank hash in a recent window (index below): this table
 *   is the flood counter.
 * - `bank_flood_alerts`: a quarantine raised by the flood rule, open until a person confirms (the
 *   hash acts again) or releases it (the hash is disabled, its held matches cancelled). At most one
 *   open alert per hash.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hash_banks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique().check(sql`btrim(name) <> ''`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('positive','negative')`))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'uuid', (c) => c.references('copyright_entities.id'))
    .addColumn('claim_id', 'uuid')
    .addColumn('rule', 'text', (c) => c.check(sql`rule IN ('allow','review','block')`))
    .addColumn('cutoff', 'integer', (c) => c.notNull().defaultTo(31).check(sql`cutoff BETWEEN 0 AND 31`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('reference_media','import')`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('hash_banks_positive_has_rule', sql`kind = 'negative' OR entity_id IS NOT NULL OR rule IS NOT NULL`)
    .execute();
  await sql`CREATE UNIQUE INDEX hash_banks_claim_entity_uq ON hash_banks (claim_id, entity_id) WHERE source = 'reference_media'`.execute(db);

  await db.schema
    .createTable('bank_hashes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('bank_id', 'uuid', (c) => c.notNull().references('hash_banks.id'))
    .addColumn('hash', 'bytea', (c) => c.notNull().check(sql`octet_length(hash) = 32`))
    .addColumn('quality', 'integer', (c) => c.check(sql`quality BETWEEN 0 AND 100`))
    // The reference file the hash came from (reference media), with the frame (1 fps) and region.
    .addColumn('media_sha256', 'text')
    .addColumn('frame_index', 'integer')
    .addColumn('region', 'text')
    .addColumn('note', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('active').check(sql`state IN ('active','quarantined','disabled')`))
    .addColumn('state_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX bank_hashes_bank_hash_uq ON bank_hashes (bank_id, hash)`.execute(db);

  await db.schema
    .createTable('copyright_matches')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('bank_id', 'uuid', (c) => c.notNull().references('hash_banks.id'))
    .addColumn('bank_hash_id', 'bigint', (c) => c.notNull().references('bank_hashes.id'))
    .addColumn('entity_id', 'uuid', (c) => c.references('copyright_entities.id'))
    .addColumn('request_id', 'uuid', (c) => c.references('generation_requests.id'))
    .addColumn('video_id', 'uuid', (c) => c.references('videos.id'))
    // The query's frame (1 fps: seconds from the start) and region whose hash matched.
    .addColumn('frame_index', 'integer')
    .addColumn('region', 'text')
    .addColumn('distance', 'integer', (c) => c.notNull().check(sql`distance BETWEEN 0 AND 256`))
    .addColumn('action', 'text', (c) =>
      c.notNull().check(sql`action IN ('blocked','queued','taken_down','held','cancelled','allowed')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('pipeline','rescan')`))
    .addColumn('rescan_id', 'uuid')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('copyright_matches_subject', sql`request_id IS NOT NULL OR video_id IS NOT NULL`)
    .execute();
  await sql`CREATE UNIQUE INDEX copyright_matches_pipeline_uq ON copyright_matches (request_id, bank_hash_id) WHERE source = 'pipeline'`.execute(db);
  await sql`CREATE UNIQUE INDEX copyright_matches_rescan_uq ON copyright_matches (rescan_id, video_id, bank_hash_id) WHERE source = 'rescan'`.execute(db);
  // The flood counter: pipeline matches of one hash in a time window.
  await sql`CREATE INDEX copyright_matches_flood_idx ON copyright_matches (bank_hash_id, created_at) WHERE source = 'pipeline'`.execute(db);
  await sql`CREATE INDEX copyright_matches_bank_idx ON copyright_matches (bank_id, created_at)`.execute(db);
  await sql`CREATE INDEX copyright_matches_video_idx ON copyright_matches (video_id)`.execute(db);

  await db.schema
    .createTable('bank_flood_alerts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('bank_id', 'uuid', (c) => c.notNull().references('hash_banks.id'))
    .addColumn('bank_hash_id', 'bigint', (c) => c.notNull().references('bank_hashes.id'))
    // What the flood rule saw when it fired (policies/copyright/flood.ts).
    .addColumn('recent_matches', 'integer', (c) => c.notNull())
    .addColumn('window_seconds', 'integer', (c) => c.notNull())
    .addColumn('baseline_matches', 'integer', (c) => c.notNull())
    .addColumn('baseline_seconds', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open').check(sql`state IN ('open','confirmed','released')`))
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .execute();
  await sql`CREATE UNIQUE INDEX bank_flood_alerts_open_uq ON bank_flood_alerts (bank_hash_id) WHERE state = 'open'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
