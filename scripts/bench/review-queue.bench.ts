/**
 * Review console benchmark: queue pages and "next item" over 1,000,000 review items.
 *
 *   npx tsx scripts/bench/review-queue.bench.ts [--items 1000000] [--samples 200]
 *
 * Starts a throw-away embedded PostgreSQL, migrates it, seeds creators, requests and review items
 * with generate_series (one INSERT … SELECT each), then times, in the same process and database:
 * - a filtered queue page of 50 rows (clip_review, open, kind clip, due first) by KEYSET cursor
 *   at several depths, side by side with the same page by OFFSET at the same depths;
 * - "next item" (Start reviewing: FOR UPDATE SKIP LOCKED + lease upsert + audit entry).
 * Reported as p50/p95 in milliseconds per call, and OFFSET / keyset ratios.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, migrateToLatest } from '../../db/connection';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { startReviewing } from '../../db/queries/review-leases';
import { encodeCursor } from '../../db/queries/keyset-cursor';
import { listQueuePage, listQueuePageByOffset, type QueueFilters } from '../../db/queries/review-list';
import { freePort } from '../stack/free-port';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}


function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(samples: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(5, samples); i++) await run(i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

const items = option('--items', 1_000_000);
const samples = option('--samples', 200);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), persistent: false });
const db = createDb(pg.connectionString, { maxConnections: 4 });
try {
  await migrateToLatest(db);
  const seedStart = Date.now();
  const creators = Math.max(100, Math.floor(items / 100));
  await sql`INSERT INTO creators (id, handle, display_name)
    SELECT md5('c' || g)::uuid, 'bench' || g, 'Bench ' || g FROM generate_series(1, ${creators}) g`.execute(db);
  await sql`INSERT INTO generation_requests (id, creator_id, prompt, prompt_sha256, duration_seconds, width, height, seed, status, created_at, updated_at)
    SELECT md5('r' || g)::uuid, md5('c' || (g % ${creators} + 1))::uuid, 'benchmark prompt number ' || g, md5('p' || g), 4, 360, 640, g,
      CASE WHEN g % 10 < 4 THEN 'clip_review' ELSE 'published' END, now() - make_interval(mins => g % 20000), now()
    FROM generate_series(1, ${items}) g`.execute(db);
  // 40 % open (spread over prompt, clip, senior, reports and QA queues), the rest decided.
  await sql`INSERT INTO review_items (id, request_id, kind, queue_id, state, version, flag_reasons, due_at, created_at, priority, decided_at)
    SELECT md5('i' || g)::uuid, md5('r' || g)::uuid,
      CASE WHEN g % 2 = 0 THEN 'clip' ELSE 'prompt' END,
      (ARRAY['clip_review','prompt_review','senior_review','user_reports','qa_sample'])[g % 5 + 1],
      CASE WHEN g % 10 < 4 THEN 'open' ELSE 'approved' END, 1, '["benchmark"]'::jsonb,
      now() + make_interval(mins => ((g::bigint * 7919) % 100000)::int - 20000), now() - make_interval(mins => g % 20000),
      CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END,
      CASE WHEN g % 10 < 4 THEN NULL ELSE now() - make_interval(mins => g % 10000) END
    FROM generate_series(1, ${items}) g`.execute(db);
  await sql`INSERT INTO staff (id, email, display_name, role, password_hash)
    SELECT md5('s' || g)::uuid, 'bench' || g || '@loupe.test', 'Bench reviewer ' || g, 'reviewer', 'x' FROM generate_series(1, 600) g`.execute(db);
  await sql`ANALYZE`.execute(db);
  const seeded = (Date.now() - seedStart) / 1000;
  const open = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM review_items WHERE state = 'open' AND queue_id = 'clip_review' AND kind = 'clip'`.execute(db)).rows[0]!.n);
  console.log(`seeded ${items.toLocaleString()} review items in ${seeded.toFixed(1)} s; ${open.toLocaleString()} match the filtered page (clip_review, open, clip)`);

  const viewer = '00000000-0000-0000-0000-000000000000';
  const filters: QueueFilters = { queueId: 'clip_review', kind: 'clip', state: 'open', claim: 'any', sort: 'due_at', direction: 'asc', limit: 50, overdueOnly: false };
  const rows: string[] = [];
  const pageSize = 50;
  for (const page of [...new Set([1, 100, 1000, Math.floor(open / pageSize) - 1])].filter((p) => p >= 1 && (p - 1) * pageSize < open)) {
    const offset = (page - 1) * pageSize;
    // The keyset cursor of the row just before this page, as the previous page would have handed it out.
    const before = offset === 0 ? null : (await sql<{ id: string; due: string }>`
      SELECT id, due_at::text AS due FROM review_items WHERE state = 'open' AND queue_id = 'clip_review' AND kind = 'clip'
      ORDER BY due_at, id OFFSET ${offset - 1} LIMIT 1`.execute(db)).rows[0]!;
    const cursor = before ? encodeCursor([before.due, before.id]) : null;
    const keyset = await time(samples, () => listQueuePage(db, { ...filters, cursor }, viewer));
    const offsetRun = await time(Math.max(10, Math.floor(samples / 4)), () => listQueuePageByOffset(db, filters, viewer, offset));
    const check = await listQueuePage(db, { ...filters, cursor }, viewer);
    const checkOffset = await listQueuePageByOffset(db, filters, viewer, offset);
    if (check.rows.map((r) => r.id).join() !== checkOffset.map((r) => r.id).join()) throw new Error(`keyset and OFFSET disagree at page ${page}`);
    rows.push(`| page ${page.toLocaleString()} (offset ${offset.toLocaleString()}) | ${keyset.p50.toFixed(2)} | ${keyset.p95.toFixed(2)} | ${offsetRun.p50.toFixed(2)} | ${offsetRun.p95.toFixed(2)} | ${(offsetRun.p50 / keyset.p50).toFixed(1)}× |`);
  }
  console.log('\nFiltered queue page, 50 rows (ms per call)\n');
  console.log('| depth | keyset p50 | keyset p95 | OFFSET p50 | OFFSET p95 | OFFSET / keyset (p50) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);

  const reviewers = await db.selectFrom('staff').select(['id', 'email', 'role']).where('email', 'like', 'bench%').execute();
  const next = await time(Math.min(samples * 2, reviewers.length - 10), (i) => startReviewing(db, reviewers[i % reviewers.length]!, { queueId: 'clip_review' }));
  const anyQueue = await time(Math.min(samples, 100), (i) => startReviewing(db, reviewers[(reviewers.length - 1 - i) % reviewers.length]!, {}));
  console.log('\n"Next item" (Start reviewing: claim under a lease, audit entry included; ms per call)\n');
  console.log('| scope | p50 | p95 |');
  console.log('|---|---:|---:|');
  console.log(`| one queue (clip_review, strikes then due) | ${next.p50.toFixed(2)} | ${next.p95.toFixed(2)} |`);
  console.log(`| all queues of the role | ${anyQueue.p50.toFixed(2)} | ${anyQueue.p95.toFixed(2)} |`);
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
