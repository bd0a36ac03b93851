/** Strikes against a creator: explicit strikes (rejections, takedowns) plus blocked requests, over the strike window. */
import { sql, type Kysely } from 'kysely';
import { STRIKE_WINDOW_DAYS } from '../../policies/review';
import type { Database } from '../schema';

export async function creatorStrikeCount(db: Kysely<Database>, creatorId: string): Promise<number> {
  const row = await sql<{ strikes: number }>`
    SELECT
      (SELECT count(*) FROM creator_strikes WHERE creator_id = ${creatorId} AND created_at > now() - make_interval(days => ${STRIKE_WINDOW_DAYS}))::int
      + (SELECT count(*) FROM generation_requests WHERE creator_id = ${creatorId} AND status = 'blocked' AND created_at > now() - make_interval(days => ${STRIKE_WINDOW_DAYS}))::int
      AS strikes`.execute(db);
  return row.rows[0]?.strikes ?? 0;
}

/** A creator's track record for the review screen: earlier decisions on their requests, and their strikes. */
export async function creatorHistory(db: Kysely<Database>, creatorId: string, excludeRequestId: string) {
  const [strikes, decisions, requests] = await Promise.all([
    creatorStrikeCount(db, creatorId),
    db
      .selectFrom('review_items')
      .innerJoin('generation_requests', 'generation_requests.id', 'review_items.request_id')
      .select(['review_items.id', 'review_items.kind', 'review_items.state', 'review_items.decision_reason', 'review_items.decided_at', 'generation_requests.prompt'])
      .where('generation_requests.creator_id', '=', creatorId)
      .where('review_items.request_id', '!=', excludeRequestId)
      .where('review_items.state', 'in', ['approved', 'rejected'])
      .orderBy('review_items.decided_at', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('generation_requests')
      .select((eb) => ['status', eb.fn.countAll<string>().as('count')])
      .where('creator_id', '=', creatorId)
      .groupBy('status')
      .execute(),
  ]);
  const strikeRows = await db
    .selectFrom('creator_strikes')
    .select(['reason', 'created_at'])
    .where('creator_id', '=', creatorId)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
  return { strikes, strikeRows, decisions, requestsByStatus: Object.fromEntries(requests.map((r) => [r.status, Number(r.count)])) };
}
