/**
 * Issue 16: the public feed and the console's lists stay fast at 1,000,000 rows because each page
 * is read by keyset from an index that already holds the list's order, and stops at its limit. This
 * checks that shape on the test database's modest rows, for every list that grows with the catalogue:
 * - the SQL each list sends has no OFFSET (an OFFSET page reads and discards every row before it);
 * - its plan, with sequential scans, bitmap scans and sorts priced out (`enable_seqscan`,
 *   `enable_bitmapscan`, `enable_sort` off, so the planner shows what it would do on a large table
 *   rather than what is cheapest on a small one), has no Sort node and no sequential scan of the
 *   list's table: the order comes from an index, so the page can stop after `limit` rows.
 * The timings at 1,000,000 rows are in docs/benchmarks.md (scripts/bench/feed.bench.ts,
 * scripts/bench/review-queue.bench.ts).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { listCopyrightClaims } from '../../db/queries/copyright-claims';
import { listCopyrightDisputes } from '../../db/queries/copyright-disputes';
import { encodeCursor } from '../../db/queries/keyset-cursor';
import { decodeFeedCursor, listPublishedVideos, type FeedCursor } from '../../db/queries/feed';
import { listRecentLikenessTakedowns } from '../../db/queries/likeness-takedowns';
import { listProvenanceSignals } from '../../db/queries/provenance';
import { listRecentRequests } from '../../db/queries/requests';
import { listQueuePage } from '../../db/queries/review-list';
import { searchAudit } from '../../db/queries/staff-audit';
import type { Database } from '../../db/schema';

interface Sent {
  sql: string;
  parameters: readonly unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

const sent: Sent[] = [];
let pool: pg.Pool;
let db: Kysely<Database>;

beforeAll(async () => {
  // One connection, so the planner setting below holds for every statement; a log that keeps the SQL.
  pool = new pg.Pool({ connectionString: inject('stack').databaseUrl, max: 1 });
  db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') sent.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  // Priced out, not forbidden: a plan keeps a Sort or a sequential scan only when no index can give
  // the order, which is what matters at 1,000,000 rows (on a small table they are simply cheapest).
  for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await db.executeQuery(CompiledQuery.raw(`SET ${setting} = off`));
});

afterAll(async () => {
  await db.destroy();
});

/**
 * Runs `list`, then checks every statement it sent that reads `table`: no OFFSET, and a plan without
 * a Sort or a sequential scan of `table`. With `seeks`, the page starts at a cursor, and the scan of
 * `table` must seek to it through the index (an Index Cond): a cursor applied as a mere filter reads
 * every row before the page, as OFFSET does.
 */
async function expectKeyset(table: string, list: () => Promise<unknown>, seeks = false) {
  sent.length = 0;
  await list();
  const reads = sent.filter((statement) => new RegExp(`\\bfrom "${table}"`, 'i').test(statement.sql));
  expect(reads.length, `the list sent no statement reading ${table}`).toBeGreaterThan(0);
  for (const statement of reads) {
    expect(statement.sql).not.toMatch(/\boffset\b/i);
    expect(statement.sql).toMatch(/\blimit\b/i);
    const explained = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]),
    );
    const nodes = nodesOf(explained.rows[0]!['QUERY PLAN'][0].Plan);
    const shape = nodes.map((node) => `${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`).join(' > ');
    expect(nodes.filter((node) => node['Node Type'].includes('Sort')), `${table}: ${shape}`).toEqual([]);
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table), `${table}: ${shape}`).toEqual([]);
    if (seeks) {
      const scans = nodes.filter((node) => node['Relation Name'] === table);
      expect(scans.some((node) => node['Index Cond'] !== undefined), `${table} is not sought by its cursor: ${shape}`).toBe(true);
    }
  }
}

describe('every list that grows with the catalogue reads by keyset from an index in its order', () => {
  const someUuid = '00000000-0000-4000-8000-000000000000';
  const somewhen = '2026-01-01T00:00:00.000Z';

  it('the public feed, first page and a later one', async () => {
    await expectKeyset('videos', () => listPublishedVideos(db, { limit: 10, cursor: null }));
    await expectKeyset('videos', () => listPublishedVideos(db, { limit: 10, cursor: { publishedAt: somewhen, id: someUuid } }), true);
  });

  it('the feed walked page by page by its cursor gives every video once, newest first, ties broken by id', async () => {
    const creator = await db.insertInto('creators').values({ handle: `keyset-${randomUUID().slice(0, 8)}`, display_name: 'keyset' }).returning('id').executeTakeFirstOrThrow();
    // Later than anything else in the test database, so these seven are the feed's first page of 7; three share one instant.
    const base = Date.parse('2999-01-01T00:00:00.000Z');
    const times = [0, -1000, -1000, -1000, -2000, -3000, -4000].map((offset) => new Date(base + offset));
    const ids = times.map(() => randomUUID());
    for (const [i, publishedAt] of times.entries()) {
      const request = await db
        .insertInto('generation_requests')
        .values({ id: randomUUID(), creator_id: creator.id, prompt: 'keyset', prompt_sha256: 'k', duration_seconds: 2, width: 360, height: 640, seed: i, status: 'published' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('videos')
        .values({ id: ids[i]!, request_id: request.id, creator_id: creator.id, storage_key: `videos/${i}.mp4`, sha256: String(i), byte_size: 1, duration_seconds: 2,
          width: 360, height: 640, generator: JSON.stringify({ id: 'keyset' }), status: 'published', published_at: publishedAt })
        .execute();
    }
    const expected = times.map((t, i) => ({ t: t.getTime(), id: ids[i]! })).sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1)).map((v) => v.id);

    const walked: string[] = [];
    try {
      let cursor: FeedCursor | null = null;
      while (walked.length < expected.length) {
        const page: Awaited<ReturnType<typeof listPublishedVideos>> = await listPublishedVideos(db, { limit: 2, cursor });
        walked.push(...page.rows.map((row) => row.id));
        cursor = page.nextCursor ? decodeFeedCursor(page.nextCursor) : null;
        if (!cursor) break;
      }
    } finally {
      // Out of the shared feed again: later test files read its first page.
      await db.updateTable('videos').set({ status: 'removed' }).where('id', 'in', ids).execute();
    }
    expect(walked.slice(0, expected.length)).toEqual(expected);
  });

  it('a review queue, first page and a later one', async () => {
    const filters = { queueId: 'clip_review', kind: 'clip', state: 'open', claim: 'any', sort: 'due_at', direction: 'asc', limit: 50, overdueOnly: false } as const;
    await expectKeyset('review_items', () => listQueuePage(db, { ...filters, cursor: null }, someUuid));
    await expectKeyset('review_items', () => listQueuePage(db, { ...filters, cursor: encodeCursor(['2026-01-01 00:00:00+00', someUuid]) }, someUuid), true);
  });

  it('the audit log, first page and a later one', async () => {
    await expectKeyset('audit_log', () => searchAudit(db, { limit: 100 }));
    await expectKeyset('audit_log', () => searchAudit(db, { limit: 100, beforeId: '1000000' }), true);
  });

  it('the requests list', async () => {
    await expectKeyset('generation_requests', () => listRecentRequests(db, 100));
  });

  it('the provenance list', async () => {
    await expectKeyset('videos', () => listProvenanceSignals(db, { failing: [], limit: 50 }));
  });

  it('the provenance list filtered to a failing check can start from the failing signals (migration 029), and never lists an unverified video there', async () => {
    sent.length = 0;
    await listProvenanceSignals(db, { failing: ['fingerprint'], limit: 50 });
    const statement = sent.find((s) => /\bfrom "videos"/i.test(s.sql))!;
    // Joins that must find the signal rows another way than by walking the catalogue: only the
    // partial index then gives them, and only if the query implies its predicate.
    const explained = await db.connection().execute(async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('SET enable_nestloop = off'));
      try {
        return await connection.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]));
      } finally {
        await connection.executeQuery(CompiledQuery.raw('SET enable_nestloop = on'));
      }
    });
    const scans = nodesOf(explained.rows[0]!['QUERY PLAN'][0].Plan).filter((node) => node['Relation Name'] === 'provenance_signals');
    expect(scans.map((node) => node['Index Name'])).toEqual(['provenance_signals_failing_idx']);

    // A published video with no signals yet is "unverified", not failing its fingerprint check.
    const creator = await db.insertInto('creators').values({ handle: `unverified-${randomUUID().slice(0, 8)}`, display_name: 'unverified' }).returning('id').executeTakeFirstOrThrow();
    const request = await db.insertInto('generation_requests')
      .values({ id: randomUUID(), creator_id: creator.id, prompt: 'unverified', prompt_sha256: 'u', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'published' })
      .returning('id').executeTakeFirstOrThrow();
    const videoId = randomUUID();
    await db.insertInto('videos').values({ id: videoId, request_id: request.id, creator_id: creator.id, storage_key: 'videos/unverified.mp4', sha256: 'u', byte_size: 1,
      duration_seconds: 2, width: 360, height: 640, generator: JSON.stringify({ id: 'keyset' }), status: 'published', published_at: new Date('2998-01-01T00:00:00.000Z') }).execute();
    try {
      expect((await listProvenanceSignals(db, { failing: ['unverified'], limit: 50 })).map((row) => row.id)).toContain(videoId);
      expect((await listProvenanceSignals(db, { failing: ['fingerprint'], limit: 50 })).map((row) => row.id)).not.toContain(videoId);
    } finally {
      await db.deleteFrom('videos').where('id', '=', videoId).execute();
    }
  });

  it('copyright claims and disputes, first pages and later ones', async () => {
    await expectKeyset('copyright_claims', () => listCopyrightClaims(db, { limit: 50 }));
    await expectKeyset('copyright_disputes', () => listCopyrightDisputes(db, { limit: 50, cursor: null }));
    await expectKeyset('copyright_claims', () => listCopyrightClaims(db, { limit: 50, cursor: encodeCursor(['2026-01-01 00:00:00+00', someUuid]) }), true);
    await expectKeyset('copyright_disputes', () => listCopyrightDisputes(db, { limit: 50, cursor: { createdAt: somewhen, id: someUuid } }), true);
  });

  it('likeness takedowns', async () => {
    await expectKeyset('likeness_takedowns', () => listRecentLikenessTakedowns(db, 50));
  });
});
