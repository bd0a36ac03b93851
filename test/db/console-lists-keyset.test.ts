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
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { listCopyrightClaims } from '../../db/queries/copyright-claims';
import { listCopyrightDisputes } from '../../db/queries/copyright-disputes';
import { encodeCursor } from '../../db/queries/keyset-cursor';
import { listPublishedVideos } from '../../db/queries/feed';
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

/** Runs `list`, then checks every statement it sent that reads `table`: no OFFSET, and a plan without a Sort. */
async function expectKeyset(table: string, list: () => Promise<unknown>) {
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
  }
}

describe('every list that grows with the catalogue reads by keyset from an index in its order', () => {
  const someUuid = '00000000-0000-4000-8000-000000000000';
  const somewhen = '2026-01-01T00:00:00.000Z';

  it('the public feed, first page and a later one', async () => {
    await expectKeyset('videos', () => listPublishedVideos(db, { limit: 10, cursor: null }));
    await expectKeyset('videos', () => listPublishedVideos(db, { limit: 10, cursor: { publishedAt: somewhen, id: someUuid } }));
  });

  it('a review queue, first page and a later one', async () => {
    const filters = { queueId: 'clip_review', kind: 'clip', state: 'open', claim: 'any', sort: 'due_at', direction: 'asc', limit: 50, overdueOnly: false } as const;
    await expectKeyset('review_items', () => listQueuePage(db, { ...filters, cursor: null }, someUuid));
    await expectKeyset('review_items', () => listQueuePage(db, { ...filters, cursor: encodeCursor(['2026-01-01 00:00:00+00', someUuid]) }, someUuid));
  });

  it('the audit log, first page and a later one', async () => {
    await expectKeyset('audit_log', () => searchAudit(db, { limit: 100 }));
    await expectKeyset('audit_log', () => searchAudit(db, { limit: 100, beforeId: '1000000' }));
  });

  it('the requests list', async () => {
    await expectKeyset('generation_requests', () => listRecentRequests(db, 100));
  });

  it('the provenance list', async () => {
    await expectKeyset('videos', () => listProvenanceSignals(db, { failing: [], limit: 50 }));
  });

  it('copyright claims and disputes, first pages', async () => {
    await expectKeyset('copyright_claims', () => listCopyrightClaims(db, { limit: 50 }));
    await expectKeyset('copyright_disputes', () => listCopyrightDisputes(db, { limit: 50, cursor: null }));
  });

  it('likeness takedowns', async () => {
    await expectKeyset('likeness_takedowns', () => listRecentLikenessTakedowns(db, 50));
  });
});
