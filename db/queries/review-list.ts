/**
 * Queue pages: server-side filtering, sorting and keyset pagination over review items.
 * A page is found by seeking past the last row's (sort value, id), so page 10,000 costs what page
 * one costs; `listQueuePageByOffset` exists only for the benchmark's side-by-side comparison.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, ReviewItemState, ReviewKind } from '../schema';
import { decodeCursor, encodeCursor, InvalidCursor } from './keyset-cursor';
import { leaseCounts } from './review-leases';
import { isPgInteger, isPgTimestampText, storableUuid } from './storable';

export const QUEUE_SORTS = ['due_at', 'created_at', 'priority'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueFilters {
  queueId?: string;
  kind?: ReviewKind;
  state: ReviewItemState | 'any';
  creatorHandle?: string;
  overdueOnly?: boolean;
  claim?: 'any' | 'unclaimed' | 'mine' | 'claimed';
  sort: QueueSort;
  direction: 'asc' | 'desc';
  limit: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string | null;
}

/** A queue page's position: the last row's sort value (PostgreSQL's text of it, or a priority) and its id. */
const queueCursorShape = z.tuple([z.union([z.string(), z.number()]), storableUuid]);

/**
 * Whether a cursor's sort value fits the column it is compared with (db/queries/storable.ts): a
 * priority is an `integer`, a due or creation time PostgreSQL's text of a `timestamptz`. Anything
 * else would fail inside the query, so it is refused as a cursor that is not valid.
 */
function sortValueFits(sort: QueueSort, value: string | number): boolean {
  return sort === 'priority' ? isPgInteger(value) : typeof value === 'string' && isPgTimestampText(value);
}

function baseQuery(db: Kysely<Database>, filters: QueueFilters, viewerId: string) {
  let query = db
    .selectFrom('review_items as ri')
    // Issue 13: a copyright claim's item has no request; it shows its claimant instead of a prompt and creator.
    .leftJoin('generation_requests as gr', 'gr.id', 'ri.request_id')
    .leftJoin('copyright_claims as cc', 'cc.id', 'ri.copyright_claim_id')
    // A claim filed by a creator through the app API shows that creator; one from the public form has none.
    .leftJoin('creators as c', (join) => join.on(sql<boolean>`c.id = coalesce(gr.creator_id, cc.creator_id)`))
    .innerJoin('review_queues as q', 'q.id', 'ri.queue_id')
    // Only a claim that counts is shown (db/queries/review-leases.ts: unexpired, by someone who works the queue).
    .leftJoin('review_leases as l', (join) => join.onRef('l.item_id', '=', 'ri.id').on(leaseCounts('l')))
    .leftJoin('staff as holder', 'holder.id', 'l.staff_id')
    .select([
      'ri.id', 'ri.kind', 'ri.queue_id', 'q.name as queue_name', 'ri.state', 'ri.flag_reasons', 'ri.created_at', 'ri.due_at',
      'ri.escalated_at', 'ri.version', 'ri.priority', 'holder.email as claimed_by', 'l.expires_at as claimed_until',
      'l.held',
      sql<string>`coalesce(gr.prompt, 'Copyright claim by ' || coalesce(cc.claimant_organisation, cc.claimant_name))`.as('prompt'),
      sql<string>`coalesce(c.handle, 'rights-holder')`.as('handle'),
    ]);
  if (filters.state !== 'any') query = query.where('ri.state', '=', filters.state);
  if (filters.queueId) query = query.where('ri.queue_id', '=', filters.queueId);
  if (filters.kind) query = query.where('ri.kind', '=', filters.kind);
  if (filters.creatorHandle) query = query.where('c.handle', '=', filters.creatorHandle.replace(/^@/, ''));
  if (filters.overdueOnly) query = query.where('ri.due_at', '<', sql<Date>`now()`);
  if (filters.claim === 'unclaimed') query = query.where('l.item_id', 'is', null);
  if (filters.claim === 'claimed') query = query.where('l.item_id', 'is not', null);
  if (filters.claim === 'mine') query = query.where('l.staff_id', '=', viewerId);
  return query;
}

/**
 * One page of a queue and the cursor of the next (null on the last). Throws `InvalidCursor` when
 * `filters.cursor` is not a cursor of a queue page.
 */
export async function listQueuePage(db: Kysely<Database>, filters: QueueFilters, viewerId: string) {
  const column = sql.ref(`ri.${filters.sort}`);
  const desc = filters.direction === 'desc';
  let query = baseQuery(db, filters, viewerId);
  if (filters.cursor) {
    const cursor = decodeCursor(filters.cursor, queueCursorShape);
    if (!cursor || !sortValueFits(filters.sort, cursor[0])) throw new InvalidCursor('This page link is out of date (its cursor is not valid); go back to the first page.');
    // Timestamps travel as PostgreSQL's own text (microseconds intact): a millisecond Date would repeat rows.
    const value = filters.sort === 'priority' ? sql`${Number(cursor[0])}::int` : sql`${String(cursor[0])}::timestamptz`;
    query = query.where(sql<boolean>`(${column}, ri.id) ${sql.raw(desc ? '<' : '>')} (${value}, ${cursor[1]}::uuid)`);
  }
  const rows = await query
    .select(sql<string>`${column}::text`.as('sort_value'))
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('ri.id', desc ? 'desc' : 'asc')
    .limit(filters.limit + 1)
    .execute();
  const page = rows.slice(0, filters.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > filters.limit && last
    ? encodeCursor([last.sort_value, last.id])
    : null;
  return { rows: page, nextCursor };
}

/** OFFSET pagination of the same query: the baseline the keyset version is measured against. */
export async function listQueuePageByOffset(db: Kysely<Database>, filters: QueueFilters, viewerId: string, offset: number) {
  const column = sql.ref(`ri.${filters.sort}`);
  const desc = filters.direction === 'desc';
  return baseQuery(db, filters, viewerId)
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('ri.id', desc ? 'desc' : 'asc')
    .offset(offset)
    .limit(filters.limit)
    .execute();
}

export async function queueSummaries(db: Kysely<Database>) {
  const result = await sql<{ id: string; name: string; sla_seconds: number; priority_order: string; placeholder: boolean; description: string; allowed_roles: string[]; open: number; overdue: number; claimed: number }>`
    SELECT q.id, q.name, q.sla_seconds, q.priority_order, q.placeholder, q.description, q.allowed_roles,
      count(ri.id)::int AS open,
      count(ri.id) FILTER (WHERE ri.due_at < now())::int AS overdue,
      count(l.item_id)::int AS claimed
    FROM review_queues q
    LEFT JOIN review_items ri ON ri.queue_id = q.id AND ri.state = 'open'
    LEFT JOIN review_leases l ON l.item_id = ri.id AND ${leaseCounts('l')}
    GROUP BY q.id ORDER BY q.position, q.id`.execute(db);
  return result.rows;
}
