/**
 * Copyright rescan throughput, issue 13's benchmark: published videos scanned per second by one
 * worker, the rescan's own batch (activities/copyright/rescan.ts `scanBatch`: stored fingerprints
 * read in one query per batch, every frame hash looked up in the bank matcher, hits re-checked in
 * the database, matched videos acted on in a transaction) over a catalogue with stored fingerprints,
 * against a bank of realistic size. Side by side in the same run and database:
 * - the floor: the batch's reads alone (the keyset page of published videos and their stored
 *   fingerprints), no matching;
 * - the baseline: the same batch loop with a linear scan of the bank instead of the index (over
 *   fewer videos, since it is slow; its rate is per video, so the two compare).
 *
 * Seeded with generate_series in a throw-away embedded PostgreSQL: `--videos` published videos
 * (default 5,000), each with 8 sampled frames x 5 regions = 40 stored PDQ hashes (an 8-second clip
 * at Loupe's 1 fps), and one positive bank of `--bank` hashes (default 100,000; block rule). One
 * video in 200 carries a bank hash in its first frame, so the acting path (match rows, takedown,
 * notification, audit, the (rescan, video) row) is in the measure too.
 *
 *   npm run bench -- rescan
 *   npx tsx scripts/bench/rescan.bench.ts [--videos 5000] [--bank 100000] [--batch 100] [--linear-videos 20]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadBankMatcher, type BankHit, type BankMatcher } from '../../activities/copyright/bank-matcher';
import { rescanMatcher, scanBatch } from '../../activities/copyright/rescan';
import { hammingDistance } from '../../activities/fingerprint/pdq';
import { createDb, migrateToLatest } from '../../db/connection';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { insertCopyrightRescan, publishedVideosAfter, storedFramesOf } from '../../db/queries/copyright-rescans';
import type { CopyrightRescanCursor } from '../../contracts/copyright-rescan';
import { freePort } from '../stack/free-port';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} takes a whole number above 0, not ${process.argv[i + 1]}.`);
  return value;
}
const VIDEOS = option('--videos', 5_000);
const BANK = option('--bank', 100_000);
const BATCH = option('--batch', 100);
const LINEAR_VIDEOS = Math.min(option('--linear-videos', 20), VIDEOS);
const FRAMES = 8;
const REGIONS = ['full', 'top', 'bottom', 'left', 'right'];

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-rescan-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), persistent: false });
const db = createDb(pg.connectionString, { maxConnections: 4 });
try {
  await migrateToLatest(db);
  const seedStart = Date.now();
  const hex32 = (seed: string) => sql`decode(md5(${sql.raw(seed)}) || md5('x' || ${sql.raw(seed)}), 'hex')`;
  await sql`INSERT INTO creators (id, handle, display_name) SELECT md5('c' || g)::uuid, 'bench' || g, 'Bench ' || g FROM generate_series(1, ${VIDEOS}) g`.execute(db);
  await sql`INSERT INTO generation_requests (id, creator_id, prompt, prompt_sha256, duration_seconds, width, height, seed, status)
    SELECT md5('r' || g)::uuid, md5('c' || g)::uuid, 'bench prompt ' || g, md5('p' || g), 8, 360, 640, g, 'published' FROM generate_series(1, ${VIDEOS}) g`.execute(db);
  await sql`INSERT INTO videos (id, request_id, creator_id, storage_key, sha256, byte_size, duration_seconds, width, height, generator, status, published_at, created_at)
    SELECT md5('v' || g)::uuid, md5('r' || g)::uuid, md5('c' || g)::uuid, 'videos/bench-' || g || '.mp4', md5('s' || g), 1, 8, 360, 640,
      '{"id":"bench","name":"bench","version":"0"}'::jsonb, 'published', now() - make_interval(secs => g), now() - interval '1 year'
    FROM generate_series(1, ${VIDEOS}) g`.execute(db);
  await sql`INSERT INTO hash_banks (id, name, kind, owner, rule, cutoff, source)
    VALUES ('00000000-0000-4000-8000-000000000013', 'bench bank', 'positive', 'Bench Studio', 'block', 31, 'import')`.execute(db);
  await sql`INSERT INTO bank_hashes (bank_id, hash) SELECT '00000000-0000-4000-8000-000000000013', ${hex32(`'b' || g`)} FROM generate_series(1, ${BANK}) g`.execute(db);
  // Every 200th video's first full frame is a bank hash; every other frame is random.
  await sql`INSERT INTO video_fingerprints (video_id, frame_index, region, hash, quality)
    SELECT md5('v' || g)::uuid, f, r,
      CASE WHEN g % 200 = 0 AND f = 0 AND r = 'full' THEN ${hex32(`'b' || (g / 200)`)} ELSE ${hex32(`'f' || g || '-' || f || '-' || r`)} END, 90
    FROM generate_series(1, ${VIDEOS}) g, generate_series(0, ${FRAMES - 1}) f, unnest(${sql.val(REGIONS)}::text[]) r`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`seeded ${VIDEOS.toLocaleString()} published videos x ${FRAMES * REGIONS.length} stored hashes and a bank of ${BANK.toLocaleString()} hashes in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  /** Runs batches from the start until `limit` videos are scanned; answers videos, seconds and what was acted on. */
  async function loop(label: string, batch: (after: CopyrightRescanCursor | null, limit: number) => Promise<{ scanned: number; next: CopyrightRescanCursor | null; acted: number }>, limit: number) {
    const start = process.hrtime.bigint();
    let after: CopyrightRescanCursor | null = null;
    let scanned = 0;
    let acted = 0;
    while (scanned < limit) {
      const result = await batch(after, Math.min(BATCH, limit - scanned));
      scanned += result.scanned;
      acted += result.acted;
      if (!result.next || result.scanned === 0) break;
      after = result.next;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`${label.padEnd(44)} ${scanned.toLocaleString().padStart(6)} videos in ${seconds.toFixed(2).padStart(7)} s = ${(scanned / seconds).toFixed(1).padStart(8)} videos/s  (${acted} acted on)`);
    return { scanned, seconds, rate: scanned / seconds };
  }

  // Floor: the reads alone.
  const floor = await loop('floor: page + stored fingerprints only', async (after, limit) => {
    const videos = await publishedVideosAfter(db, after, limit);
    await storedFramesOf(db, videos.map((v) => v.id));
    const last = videos.at(-1);
    return { scanned: videos.length, next: last ? { publishedAt: last.publishedAt.toISOString(), videoId: last.id } : null, acted: 0 };
  }, VIDEOS);

  const BANK_ID = '00000000-0000-4000-8000-000000000013';
  const loadStart = process.hrtime.bigint();
  const fresh = await loadBankMatcher(db, { bankIds: [BANK_ID] });
  console.log(`bank index built: ${fresh.size.toLocaleString()} hashes in ${(Number(process.hrtime.bigint() - loadStart) / 1e9).toFixed(2)} s`);

  // Baseline: the same batch with a linear scan of the bank (read-only here: a fresh rescan id).
  const bankRows = await db.selectFrom('bank_hashes').select(['id', 'hash']).execute();
  const linear: BankMatcher = {
    size: bankRows.length,
    match(hash: Uint8Array): BankHit[] {
      const hits: BankHit[] = [];
      for (const row of bankRows) {
        const distance = hammingDistance(hash, row.hash);
        if (distance <= 31) hits.push({ bankId: BANK_ID, bankHashId: String(row.id), entityId: null, bankKind: 'positive', distance, quarantined: false });
      }
      return hits;
    },
  };
  const rescanIds = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
  for (const rescanId of rescanIds) {
    await insertCopyrightRescan(db, { rescanId, trigger: { kind: 'bank', bankId: BANK_ID }, bankIds: [BANK_ID], startedBy: null, batchSize: BATCH, total: VIDEOS });
  }
  const noFiles = async () => new Map();
  // As the activity does: the page, then the matcher of the rescan's banks (rescanMatcher: built once, then a signature check per batch).
  const scanWith = (rescanId: string, m: BankMatcher | null) => async (after: CopyrightRescanCursor | null, limit: number) => {
    const videos = await publishedVideosAfter(db, after, limit);
    const matcher = m ?? await rescanMatcher(db, [BANK_ID]);
    const result = await scanBatch(db, { rescanId, videos, matcher, stance: 'opt_in', framesOf: noFiles });
    return { scanned: result.scanned, next: result.next, acted: result.counts.matched };
  };
  const baseline = await loop(`baseline: linear scan (${LINEAR_VIDEOS} videos)`, scanWith(rescanIds[0]!, linear), LINEAR_VIDEOS);
  const indexed = await loop('rescan: bank index (multi-index hashing)', scanWith(rescanIds[1]!, null), VIDEOS);
  console.log(`\nrescan / linear: ${(indexed.rate / baseline.rate).toFixed(0)}x; rescan / floor: ${((indexed.rate / floor.rate) * 100).toFixed(0)} % of the read-only rate`);
  console.log(`one worker at ${indexed.rate.toFixed(0)} videos/s rescans 1,000,000 published videos in ${(1_000_000 / indexed.rate / 60).toFixed(0)} min`);
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
