/**
 * The public feed and the console's longest lists at 1,000,000 published videos (issue 16).
 *
 *   npx tsx scripts/bench/feed.bench.ts [--videos 1000000] [--samples 200]
 *
 * Starts a throw-away embedded PostgreSQL, migrates it and seeds, with one INSERT … SELECT
 * generate_series each: creators, one generation request per video, the videos (all published, plus
 * 2 % removed that the feed must skip), their provenance signals and as many audit-log entries.
 * Then, against the console's own HTTP server (the built Remix app, `npm run build` first; it is
 * given no Temporal server, which the feed never calls):
 * - `GET /api/feed` (10 per page, the app's default), one request at a time, at several depths
 *   reached through the cursor (the first page, then 1,000, 100,000, 500,000 and ~1,000,000 videos
 *   in): p50/p95 per depth, and the CPU time per page of the console process and of PostgreSQL
 *   (from /proc: not inflated by other work on the machine);
 * - the first page again under load with autocannon (10 connections, 10 s);
 * - the console's lists over the same rows, through their query modules (the recent requests, the
 *   provenance list, the audit log at its first and a deep page), p50/p95 in the same process.
 * The load average is printed at the start and end: other work on the machine distorts wall times.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createDb, prepareDatabase } from '../../db/connection';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { encodeCursor } from '../../db/queries/keyset-cursor';
import { listProvenanceSignals } from '../../db/queries/provenance';
import { listRecentRequests } from '../../db/queries/requests';
import { searchAudit } from '../../db/queries/staff-audit';
import { LocalMediaStore } from '../../db/media-store';
import { freePort } from '../stack/free-port';
import { startHttpServer } from '../stack/http-server';
import { percentile } from './pipeline-steps';
import { childProcesses, treeCpuSeconds } from './process-usage';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const videos = option('--videos', 1_000_000);
const samples = option('--samples', 200);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** p50 and p95 in ms of `samples` sequential runs of `run` after a short warm-up. */
async function time(count: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(5, count); i++) await run(i);
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    ms.push(performance.now() - start);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; load average at start ${loadAverage()}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-feed-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), persistent: false });
await prepareDatabase(pg.connectionString, { embeddedLogin: pg.appLogin, log: () => undefined });
const owner = createDb(pg.connectionString, { maxConnections: 1 });
const db = createDb(pg.appConnectionString, { maxConnections: 10 });
let http: Awaited<ReturnType<typeof startHttpServer>> | null = null;
try {
  const seedStart = Date.now();
  const creators = Math.max(100, Math.floor(videos / 100));
  const removed = Math.floor(videos / 50);
  const rows = videos + removed;
  await sql`INSERT INTO creators (id, handle, display_name)
    SELECT md5('c' || g)::uuid, 'bench' || g, 'Bench ' || g FROM generate_series(1, ${creators}) g`.execute(owner);
  await sql`INSERT INTO generation_requests (id, creator_id, prompt, prompt_sha256, duration_seconds, width, height, seed, status, created_at, updated_at)
    SELECT md5('r' || g)::uuid, md5('c' || (g % ${creators} + 1))::uuid, 'benchmark prompt number ' || g, md5('p' || g), 4, 360, 640, g,
      'published', now() - make_interval(secs => g * 3), now()
    FROM generate_series(1, ${rows}) g`.execute(owner);
  // Every 51st video was taken down: the feed's index leaves those out.
  await sql`INSERT INTO videos (id, request_id, creator_id, storage_key, sha256, byte_size, duration_seconds, width, height, generator,
      manifest, validation_state, status, published_at, created_at)
    SELECT md5('v' || g)::uuid, md5('r' || g)::uuid, md5('c' || (g % ${creators} + 1))::uuid, 'videos/' || md5('s' || g) || '.mp4', md5('s' || g),
      500000, 4, 360, 640, '{"id":"procedural","name":"bench","version":"1"}'::jsonb, NULL, 'Trusted',
      CASE WHEN g % 51 = 0 THEN 'removed' ELSE 'published' END, now() - make_interval(secs => g * 3), now() - make_interval(secs => g * 3)
    FROM generate_series(1, ${rows}) g`.execute(owner);
  await sql`INSERT INTO provenance_signals (video_id, manifest_present, signature_valid, signer_trusted, validation_state, watermark_burned_in,
      watermark_declared, fingerprint_registered, fingerprint_frames, file_present, last_verified_at)
    SELECT md5('v' || g)::uuid, true, true, true, 'Trusted', true, true, true, 6, true, now() - make_interval(secs => g)
    FROM generate_series(1, ${rows}) g`.execute(owner);
  // The hash chain's trigger (one locked lookup per row) is switched off for the seed: this measures
  // reading the log, and the throw-away database is never verified.
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain`.execute(owner);
  await sql`INSERT INTO audit_log (actor_label, action, subject_type, subject_id, after, prev_hash, hash)
    SELECT 'bench reviewer ' || (g % 50), 'review.decide', 'review_item', md5('i' || g), '{"decision":"approve"}'::jsonb, md5('h' || (g - 1)), md5('h' || g)
    FROM generate_series(1, ${videos}) g`.execute(owner);
  await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain`.execute(owner);
  await sql`ANALYZE`.execute(owner);
  const published = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM videos WHERE status = 'published'`.execute(db)).rows[0]!.n);
  console.log(`seeded ${published.toLocaleString()} published videos (and ${(rows - published).toLocaleString()} removed), as many requests and provenance signals, ${videos.toLocaleString()} audit entries in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);

  // The feed never reaches Temporal: a lazy connection to nowhere is never opened.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
  http = await startHttpServer({
    context: { db, temporal, media: new LocalMediaStore(path.join(dataDir, 'media')), taskQueuePrefix: 'loupe-bench', secureCookies: false, temporalUiUrl: null },
    host: '127.0.0.1',
    port: await freePort(),
  });
  const base = http.url;
  const postgresPid = childProcesses(process.pid).find((p) => p.comm.startsWith('postgres'))?.pid ?? null;
  const pageSize = 10;
  const feedRows: string[] = [];
  for (const depth of [...new Set([0, 1_000, 100_000, 500_000, published - 2 * pageSize])].filter((d) => d >= 0 && d <= published - 2 * pageSize).sort((a, b) => a - b)) {
    // The cursor the page before this depth would have handed out.
    const before =
      depth === 0
        ? null
        : (await sql<{ id: string; published_at: Date }>`SELECT id, published_at FROM videos WHERE status = 'published'
            ORDER BY published_at DESC, id DESC OFFSET ${depth - 1} LIMIT 1`.execute(db)).rows[0]!;
    const url = `${base}/api/feed${before ? `?cursor=${encodeCursor({ publishedAt: before.published_at.toISOString(), id: before.id })}` : ''}`;
    const check = (await (await fetch(url)).json()) as { items: unknown[] };
    if (check.items.length !== pageSize) throw new Error(`The feed page at depth ${depth} has ${check.items.length} items, not ${pageSize}.`);
    // CPU time per page, which other work on the machine does not inflate: this process (the
    // console's HTTP server, Remix, tRPC, and the fetch that asks) and PostgreSQL.
    const cpuBefore = { own: process.cpuUsage(), postgres: postgresPid === null ? null : treeCpuSeconds(postgresPid) };
    const result = await time(samples, async () => (await fetch(url)).arrayBuffer());
    const own = process.cpuUsage(cpuBefore.own);
    const postgresAfter = postgresPid === null ? null : treeCpuSeconds(postgresPid);
    const pages = samples + Math.min(5, samples);
    const ownMs = (own.user + own.system) / 1000 / pages;
    const postgresMs = cpuBefore.postgres === null || postgresAfter === null ? null : ((postgresAfter - cpuBefore.postgres) * 1000) / pages;
    feedRows.push(
      `| ${depth === 0 ? 'first page' : `after ${depth.toLocaleString()} videos`} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${ownMs.toFixed(1)} | ${postgresMs === null ? 'n/a' : postgresMs.toFixed(1)} |`,
    );
  }
  console.log(`\nGET /api/feed, ${pageSize} per page, one request at a time (${samples} each; ms, over HTTP on loopback)\n`);
  console.log('| depth (by cursor) | p50 | p95 | CPU ms per page, console and client | CPU ms per page, PostgreSQL |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of feedRows) console.log(row);

  const load = await autocannon({ url: `${base}/api/feed`, connections: 10, duration: 10 });
  console.log(`\nGET /api/feed first page, 10 connections for 10 s: ${load.requests.average.toFixed(0)} req/s, p50 ${load.latency.p50} ms, p90 ${load.latency.p90} ms, p99 ${load.latency.p99} ms, non-2xx ${load.non2xx}, errors ${load.errors + load.timeouts}`);

  const deepAudit = (await sql<{ id: string }>`SELECT id FROM audit_log ORDER BY id DESC OFFSET ${Math.floor(videos * 0.9)} LIMIT 1`.execute(db)).rows[0]!.id;
  // A filter nothing matches walks the whole index before giving up: a few samples say enough.
  const lists: [string, () => Promise<unknown>, number?][] = [
    ['requests: the latest 100 (`requests.recent`)', () => listRecentRequests(db, 100)],
    ['provenance: the latest 50 published', () => listProvenanceSignals(db, { failing: [], limit: 50 })],
    ['provenance: failing the fingerprint check (none do)', () => listProvenanceSignals(db, { failing: ['fingerprint'], limit: 50 }), 5],
    ['audit log: first page of 100', () => searchAudit(db, { limit: 100 })],
    ['audit log: a page 90 % deep (beforeId)', () => searchAudit(db, { limit: 100, beforeId: deepAudit })],
  ];
  console.log(`\nConsole lists over the same rows, through their query modules (${samples} each; ms)\n`);
  console.log('| list | p50 | p95 |');
  console.log('|---|---:|---:|');
  for (const [label, run, count] of lists) {
    const result = await time(count ?? samples, run);
    console.log(`| ${label} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} |`);
  }
  console.log(`\nload average at end ${loadAverage()}`);
} finally {
  await http?.close();
  await db.destroy();
  await owner.destroy();
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
