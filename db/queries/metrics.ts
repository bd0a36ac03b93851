/**
 * Console metrics (/dashboard) and the transparency export. Computed on read from the review,
 * request and appeal rows: a per-day rollup table can replace these queries when volume needs it,
 * with the same output shapes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

export interface QueueDay {
  queue_id: string;
  day: string;
  inbound: number;
  decided: number;
  escalations: number;
  p50_minutes: number | null;
  p90_minutes: number | null;
}

export async function queueDays(db: Kysely<Database>, days: number): Promise<QueueDay[]> {
  const result = await sql<QueueDay>`
    WITH span AS (SELECT generate_series((now() AT TIME ZONE 'UTC')::date - (${days}::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date AS day),
    inbound AS (
      SELECT queue_id, (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n FROM review_items
      WHERE created_at >= now() - make_interval(days => ${days}) GROUP BY 1, 2),
    decided AS (
      SELECT queue_id, (decided_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 60) AS p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 60) AS p90
      FROM review_items WHERE decided_at >= now() - make_interval(days => ${days}) GROUP BY 1, 2),
    escalated AS (
      SELECT queue_id, (escalated_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n FROM review_items
      WHERE escalated_at >= now() - make_interval(days => ${days}) GROUP BY 1, 2)
    SELECT q.id AS queue_id, to_char(span.day, 'YYYY-MM-DD') AS day,
      coalesce(i.n, 0) AS inbound, coalesce(d.n, 0) AS decided, coalesce(e.n, 0) AS escalations,
      round(d.p50::numeric, 1)::float AS p50_minutes, round(d.p90::numeric, 1)::float AS p90_minutes
    FROM review_queues q CROSS JOIN span
    LEFT JOIN inbound i ON i.queue_id = q.id AND i.day = span.day
    LEFT JOIN decided d ON d.queue_id = q.id AND d.day = span.day
    LEFT JOIN escalated e ON e.queue_id = q.id AND e.day = span.day
    ORDER BY q.position, q.id, span.day`.execute(db);
  return result.rows;
}

export async function pendingByQueue(db: Kysely<Database>) {
  const result = await sql<{ queue_id: string; name: string; sla_hours: number; pending: number; oldest_hours: number | null; overdue: number }>`
    SELECT q.id AS queue_id, q.name, round(q.sla_seconds / 3600.0, 2)::float AS sla_hours,
      count(ri.id)::int AS pending,
      round((extract(epoch FROM now() - min(ri.created_at)) / 3600)::numeric, 2)::float AS oldest_hours,
      count(ri.id) FILTER (WHERE ri.due_at < now())::int AS overdue
    FROM review_queues q LEFT JOIN review_items ri ON ri.queue_id = q.id AND ri.state = 'open'
    GROUP BY q.id ORDER BY q.position, q.id`.execute(db);
  return result.rows;
}

/** Share of requests blocked (by screening) or rejected (by a reviewer) per policy category. */
export async function blockRateByCategory(db: Kysely<Database>, days: number) {
  const result = await sql<{ category: string; blocked: number; rejected: number; total: number }>`
    WITH recent AS (SELECT id, status FROM generation_requests WHERE created_at >= now() - make_interval(days => ${days})),
    screened AS (
      SELECT category, ps.verdict FROM prompt_screenings ps JOIN recent r ON r.id = ps.request_id,
        jsonb_array_elements_text(ps.categories) AS category),
    rejected AS (
      SELECT ri.policy_category AS category, count(*)::int AS n FROM review_items ri JOIN recent r ON r.id = ri.request_id
      WHERE ri.state = 'rejected' AND ri.kind IN ('prompt', 'clip') GROUP BY 1)
    SELECT c.category,
      count(*) FILTER (WHERE s.verdict = 'block')::int AS blocked,
      coalesce((SELECT n FROM rejected WHERE rejected.category = c.category), 0) AS rejected,
      (SELECT count(*) FROM recent)::int AS total
    FROM (SELECT DISTINCT category FROM screened UNION SELECT category FROM rejected WHERE category IS NOT NULL) c
    LEFT JOIN screened s ON s.category = c.category
    GROUP BY c.category ORDER BY 2 DESC, 3 DESC`.execute(db);
  return result.rows.map((row) => ({ ...row, rate: row.total > 0 ? (row.blocked + row.rejected) / row.total : 0 }));
}

/** Per day: decisions the pipeline took alone (screening blocks, unreviewed publications) vs decisions by people. */
export async function automatedVsHuman(db: Kysely<Database>, days: number) {
  const result = await sql<{ day: string; automated: number; human: number }>`
    WITH span AS (SELECT generate_series((now() AT TIME ZONE 'UTC')::date - (${days}::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date AS day),
    auto AS (
      SELECT (gr.updated_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n FROM generation_requests gr
      WHERE gr.updated_at >= now() - make_interval(days => ${days}) AND gr.status IN ('published', 'blocked')
        AND NOT EXISTS (SELECT 1 FROM review_items ri WHERE ri.request_id = gr.id AND ri.state IN ('approved', 'rejected'))
      GROUP BY 1),
    human AS (
      SELECT (decided_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n FROM review_items
      WHERE decided_at >= now() - make_interval(days => ${days}) GROUP BY 1)
    SELECT to_char(span.day, 'YYYY-MM-DD') AS day, coalesce(auto.n, 0) AS automated, coalesce(human.n, 0) AS human
    FROM span LEFT JOIN auto ON auto.day = span.day LEFT JOIN human ON human.day = span.day ORDER BY span.day`.execute(db);
  return result.rows;
}

export async function appealOutcomes(db: Kysely<Database>, days: number) {
  const row = await sql<{ open: number; overturned: number; upheld: number }>`
    SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'overturned')::int AS overturned,
      count(*) FILTER (WHERE status = 'upheld')::int AS upheld
    FROM appeals WHERE created_at >= now() - make_interval(days => ${days})`.execute(db);
  const counts = row.rows[0] ?? { open: 0, overturned: 0, upheld: 0 };
  const decided = counts.overturned + counts.upheld;
  return { ...counts, overturnRate: decided > 0 ? counts.overturned / decided : null };
}

export async function reviewerThroughput(db: Kysely<Database>, days: number) {
  const result = await sql<{ reviewer: string; decisions: number; escalations: number; median_minutes: number | null }>`
    WITH decided AS (
      SELECT decided_by AS staff_id, count(*)::int AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 60) AS median
      FROM review_items WHERE decided_at >= now() - make_interval(days => ${days}) AND decided_by IS NOT NULL GROUP BY 1),
    escalated AS (
      SELECT escalated_by AS staff_id, count(*)::int AS n FROM review_items
      WHERE escalated_at >= now() - make_interval(days => ${days}) AND escalated_by IS NOT NULL GROUP BY 1)
    SELECT s.email AS reviewer, coalesce(d.n, 0) AS decisions, coalesce(e.n, 0) AS escalations, round(d.median::numeric, 1)::float AS median_minutes
    FROM staff s LEFT JOIN decided d ON d.staff_id = s.id LEFT JOIN escalated e ON e.staff_id = s.id
    WHERE d.n IS NOT NULL OR e.n IS NOT NULL ORDER BY 2 DESC, 1 LIMIT 50`.execute(db);
  return result.rows;
}

export const TRANSPARENCY_COLUMNS = ['decided_at', 'request_id', 'stage', 'outcome', 'automated', 'policy_category', 'reason'] as const;

export interface TransparencyRow {
  decided_at: Date;
  request_id: string;
  stage: string;
  outcome: string;
  automated: boolean;
  policy_category: string | null;
  reason: string | null;
}

/**
 * Where a transparency batch continues: after the row decided at `at` (PostgreSQL's own text of the
 * timestamp, microseconds intact: a millisecond Date would repeat the rows at a batch boundary)
 * with `key`.
 */
export interface TransparencyPosition {
  at: string;
  key: string;
}

/**
 * Every decision in a period, automated or human, with its reason and policy category, read in
 * keyset batches (by time, then request) so exports of any size stream in constant memory. Each
 * row carries its `sort_at` and `sort_key`, the position the next batch continues from.
 */
export async function transparencyBatch(db: Kysely<Database>, from: Date, to: Date, after: TransparencyPosition | null, limit: number) {
  const result = await sql<TransparencyRow & { sort_at: string; sort_key: string }>`
    SELECT *, d.decided_at::text AS sort_at FROM (
      SELECT gr.updated_at AS decided_at, gr.id::text AS request_id, 'prompt screening' AS stage, 'blocked' AS outcome, true AS automated,
        (SELECT string_agg(c, ';') FROM jsonb_array_elements_text(ps.categories) c) AS policy_category, gr.status_reason AS reason,
        gr.id::text || ':auto' AS sort_key
      FROM generation_requests gr JOIN prompt_screenings ps ON ps.request_id = gr.id
      WHERE gr.status = 'blocked' AND ps.verdict = 'block'
      UNION ALL
      SELECT gr.updated_at, gr.id::text, 'consent check', 'blocked', true, 'likeness', gr.status_reason, gr.id::text || ':auto'
      FROM generation_requests gr JOIN prompt_screenings ps ON ps.request_id = gr.id
      WHERE gr.status = 'blocked' AND ps.verdict <> 'block'
      UNION ALL
      SELECT v.published_at, gr.id::text, 'publication', 'published', true, NULL, 'passed automated checks', gr.id::text || ':auto'
      FROM generation_requests gr JOIN videos v ON v.request_id = gr.id
      WHERE v.published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM review_items ri WHERE ri.request_id = gr.id AND ri.state IN ('approved', 'rejected'))
      UNION ALL
      -- Issue 13: a copyright claim's decision has no request (an empty request_id cell).
      SELECT ri.decided_at, coalesce(ri.request_id::text, ''), ri.kind || ' review', ri.state, false, ri.policy_category, ri.decision_reason, ri.id::text
      FROM review_items ri WHERE ri.decided_at IS NOT NULL
    ) d
    WHERE d.decided_at >= ${from} AND d.decided_at < ${to}
      ${after ? sql`AND (d.decided_at, d.sort_key) > (${after.at}::timestamptz, ${after.key})` : sql``}
    ORDER BY d.decided_at, d.sort_key LIMIT ${limit}`.execute(db);
  return result.rows;
}
