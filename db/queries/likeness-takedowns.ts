/**
 * Likeness takedowns (migration 012): the takedown rows, the per-video item rows that make each
 * step happen once, and the search for the uses a takedown takes down.
 *
 * Invariant: a (takedown, video) item row is written in the same transaction as the video's
 * removal (activities/likeness-takedown.ts), so "this takedown handled this video" and "the video
 * is removed, its creator notified" are never half true; a retried or resumed step reads the row
 * and repeats nothing.
 *
 * The search applies a `TakedownScope` (policies/consent/takedown-scope.ts) in SQL: the cameo's
 * uses are the videos whose request carries it (request_cameos); the roots are picked by the scope,
 * and remixes carrying the cameo are followed down from them with a recursive query. The walk goes
 * through removed videos too (a remix stays affected when its parent was removed earlier), but
 * only drafts and published videos are answered. Pages are keyset pages in video id order, so a
 * page read after earlier videos were removed still starts exactly after the last id handled.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { TakedownScope } from '../../policies/consent/takedown-scope';
import type { Database } from '../schema';
import { decodeCursor, encodeCursor, InvalidCursor } from './keyset-cursor';

type Db = Kysely<Database> | Transaction<Database>;

/** A takedown as it is recorded (the workflow's input without its tuning knobs). */
export interface NewLikenessTakedown {
  takedownId: string;
  trigger: Database['likeness_takedowns']['trigger'];
  cameoId: string;
  subjectCreatorId: string | null;
  videoId: string | null;
  ledgerVersion: number | null;
  requestedBy: { kind: 'creator' | 'staff'; id: string };
  reason: string;
}

/** Writes a takedown's row; a second call with the same id changes nothing. */
export async function insertLikenessTakedown(db: Db, takedown: NewLikenessTakedown): Promise<void> {
  await db
    .insertInto('likeness_takedowns')
    .values({
      id: takedown.takedownId,
      trigger: takedown.trigger,
      cameo_id: takedown.cameoId,
      subject_creator_id: takedown.subjectCreatorId,
      video_id: takedown.videoId,
      ledger_version: takedown.ledgerVersion,
      requested_by_kind: takedown.requestedBy.kind,
      requested_by_id: takedown.requestedBy.id,
      reason: takedown.reason,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** One takedown's row with its cameo's owner and name, or undefined. */
export async function getLikenessTakedown(db: Db, takedownId: string) {
  return db
    .selectFrom('likeness_takedowns')
    .innerJoin('cameos', 'cameos.id', 'likeness_takedowns.cameo_id')
    .selectAll('likeness_takedowns')
    .select(['cameos.owner_id as cameo_owner_id', 'cameos.display_name as cameo_name'])
    .where('likeness_takedowns.id', '=', takedownId)
    .executeTakeFirst();
}

/** A takedown row as getLikenessTakedown answers it. */
export type LikenessTakedownRow = NonNullable<Awaited<ReturnType<typeof getLikenessTakedown>>>;

/** The most recent takedowns, newest first (the legal console's list). `limit` is capped at 200. */
export async function listRecentLikenessTakedowns(db: Db, limit: number): Promise<LikenessTakedownRow[]> {
  return db
    .selectFrom('likeness_takedowns')
    .innerJoin('cameos', 'cameos.id', 'likeness_takedowns.cameo_id')
    .selectAll('likeness_takedowns')
    .select(['cameos.owner_id as cameo_owner_id', 'cameos.display_name as cameo_name'])
    .orderBy('likeness_takedowns.started_at', 'desc')
    .orderBy('likeness_takedowns.id', 'desc')
    .limit(Math.max(1, Math.min(200, limit)))
    .execute();
}

/** Counters and state of a takedown, as the workflow last saw them. */
export interface LikenessTakedownCounts {
  state: 'finding' | 'taking_down' | 'done';
  found: number;
  takenDown: number;
  alreadyDown: number;
  failed: number;
}

/** Saves a takedown's progress; `done` also stamps its finish time (once). */
export async function saveLikenessTakedownCounts(db: Db, takedownId: string, counts: LikenessTakedownCounts): Promise<void> {
  await db
    .updateTable('likeness_takedowns')
    .set({
      state: counts.state,
      found: counts.found,
      taken_down: counts.takenDown,
      already_down: counts.alreadyDown,
      failed: counts.failed,
      finished_at: counts.state === 'done' ? sql<Date>`coalesce(finished_at, now())` : null,
    })
    .where('id', '=', takedownId)
    .execute();
}

/** What this takedown already did to a video, or undefined when it has not reached it. */
export async function takedownItemOutcome(db: Db, takedownId: string, videoId: string) {
  const row = await db
    .selectFrom('likeness_takedown_items')
    .select('outcome')
    .where('takedown_id', '=', takedownId)
    .where('video_id', '=', videoId)
    .executeTakeFirst();
  return row?.outcome;
}

/**
 * Records what the takedown did to a video. A recorded `failed` may be replaced by a later attempt's
 * outcome (a retried takedown tries failed videos again); any other recorded outcome stays.
 */
export async function recordTakedownItem(db: Db, takedownId: string, videoId: string, outcome: 'taken_down' | 'already_down' | 'failed'): Promise<void> {
  await db
    .insertInto('likeness_takedown_items')
    .values({ takedown_id: takedownId, video_id: videoId, outcome })
    .onConflict((oc) =>
      oc.columns(['takedown_id', 'video_id']).doUpdateSet({ outcome, done_at: new Date() }).where('likeness_takedown_items.outcome', '=', 'failed'))
    .execute();
}

/** How many videos a takedown handled, per outcome (the item rows: the truth its counters must match). */
export async function countTakedownItems(db: Db, takedownId: string): Promise<Record<'taken_down' | 'already_down' | 'failed', number>> {
  const rows = await db
    .selectFrom('likeness_takedown_items')
    .select(['outcome', sql<number>`count(*)::int`.as('n')])
    .where('takedown_id', '=', takedownId)
    .groupBy('outcome')
    .execute();
  const counts = { taken_down: 0, already_down: 0, failed: 0 };
  for (const row of rows) counts[row.outcome] = row.n;
  return counts;
}

const takedownCursorShape = z.object({ after: z.uuid() });

/**
 * One keyset page of the drafts and published videos in `scope`, in id order, after `cursor`.
 * `nextCursor` is null when the page was the last. Throws `InvalidCursor` for a cursor this list
 * did not write.
 */
export async function findTakedownPage(
  db: Db,
  scope: TakedownScope,
  cursor: string | null,
  limit: number,
): Promise<{ videoIds: string[]; nextCursor: string | null }> {
  let after: string | null = null;
  if (cursor !== null) {
    const position = decodeCursor(cursor, takedownCursorShape);
    if (!position) throw new InvalidCursor('This takedown page cursor is not one Loupe wrote; start the search again.');
    after = position.after;
  }
  const roots = scope.roots;
  const rootCondition =
    roots.kind === 'video' ? sql`u.id = ${roots.videoId}`
    : roots.kind === 'creator' ? sql`u.creator_id = ${roots.creatorId}`
    : sql`true`;
  // The spared creator (the owner, except when the cameo is deleted) is neither a root nor followed.
  const spared = roots.kind === 'video' || scope.spareCreatorId === null ? sql`true` : sql`u.creator_id <> ${scope.spareCreatorId}`;
  const followSpared = scope.spareCreatorId === null ? sql`true` : sql`u.creator_id <> ${scope.spareCreatorId}`;
  const follow = scope.followRemixes ? sql`true` : sql`false`;
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE uses AS (
      SELECT v.id, v.creator_id, v.remix_of_video_id, v.status
      FROM videos v
      JOIN request_cameos rc ON rc.request_id = v.request_id AND rc.cameo_id = ${scope.cameoId}
    ), affected AS (
      SELECT u.id, u.status FROM uses u WHERE ${rootCondition} AND ${spared}
      UNION
      SELECT u.id, u.status FROM uses u JOIN affected a ON u.remix_of_video_id = a.id WHERE ${follow} AND ${followSpared}
    )
    SELECT id FROM affected
    WHERE status IN ('draft', 'published') AND (${after}::uuid IS NULL OR id > ${after}::uuid)
    ORDER BY id
    LIMIT ${limit}`.execute(db);
  const videoIds = rows.rows.map((row) => row.id);
  const last = videoIds.at(-1);
  return { videoIds, nextCursor: videoIds.length === limit && last ? encodeCursor({ after: last }) : null };
}

/** The videos one takedown handled, most recent first, with each video's creator (the console's detail). `limit` is capped at 500. */
export async function listTakedownItems(db: Db, takedownId: string, limit: number) {
  return db
    .selectFrom('likeness_takedown_items')
    .innerJoin('videos', 'videos.id', 'likeness_takedown_items.video_id')
    .innerJoin('creators', 'creators.id', 'videos.creator_id')
    .select([
      'likeness_takedown_items.video_id', 'likeness_takedown_items.outcome', 'likeness_takedown_items.done_at',
      'videos.status as video_status', 'videos.remix_of_video_id', 'creators.handle as creator_handle',
    ])
    .where('likeness_takedown_items.takedown_id', '=', takedownId)
    .orderBy('likeness_takedown_items.done_at', 'desc')
    .orderBy('likeness_takedown_items.video_id')
    .limit(Math.max(1, Math.min(500, limit)))
    .execute();
}
