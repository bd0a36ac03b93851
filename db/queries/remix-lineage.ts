/**
 * A remix's lineage (issue 15, "Remix rules"): the chain of videos it was made from, parent first,
 * walked to the original. The review screen (db/queries/review.ts) and the provenance page
 * (db/queries/provenance.ts) both read it here, so they show the same chain.
 *
 * Invariant: the walk always ends, and says why. It reads at most LINEAGE_MAX_DEPTH ancestors (a
 * cap, so a long chain cannot slow a page) and stops at the first video it has already visited (a
 * cycle guard: the foreign key cannot stop bad data from forming a loop, and a lineage that loops
 * must not hang a page or repeat forever). One recursive query, however deep the chain.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, VideoStatus } from '../schema';

/** The most ancestors a walk reads before it stops with `end: 'cap'`. */
export const LINEAGE_MAX_DEPTH = 25;

/** One video of the chain, as staff see it. */
export interface LineageStep {
  /** The video's id (links: /provenance/<id>, and /videos/<id> when published). */
  id: string;
  requestId: string;
  /** 1 = the parent, 2 = the grandparent, ... */
  depth: number;
  /** The handle of the creator who made this step. */
  handle: string;
  prompt: string;
  status: VideoStatus;
  /** The owner's remix switch on that video (migration 027). */
  remixAllowed: boolean;
}

/**
 * The chain, parent first. `end` says where the walk stopped: at the `original` (a video that
 * remixes nothing; the last step, or none for an original itself), at the `cap`, or at a `cycle`
 * (the next video was already in the chain; it is not repeated).
 */
export interface RemixLineage {
  ancestors: LineageStep[];
  end: 'original' | 'cap' | 'cycle';
}

/**
 * Walks from `parentVideoId` (the video a remix was made from; null for an original) towards the
 * original. `fromVideoId` is the remix's own video when it has one, so a chain that leads back to
 * it counts as a cycle. Throws only what the database throws.
 */
export async function remixLineage(
  db: Kysely<Database>,
  parentVideoId: string | null,
  fromVideoId: string | null = null,
): Promise<RemixLineage> {
  if (parentVideoId === null) return { ancestors: [], end: 'original' };
  const visitedAtStart = fromVideoId === null ? sql`ARRAY[]::uuid[]` : sql`ARRAY[${fromVideoId}::uuid]`;
  // One row past the cap is read, so a chain exactly as long as the cap still ends at its original.
  const { rows } = await sql<{
    id: string; request_id: string; depth: number; handle: string; prompt: string; status: VideoStatus; remix_allowed: boolean;
    remix_of_video_id: string | null; seen: boolean;
  }>`
    WITH RECURSIVE chain AS (
      SELECT v.id, v.remix_of_video_id, 1 AS depth, ${visitedAtStart} AS visited, v.id = ANY(${visitedAtStart}) AS seen
      FROM videos v WHERE v.id = ${parentVideoId}
      UNION ALL
      SELECT v.id, v.remix_of_video_id, chain.depth + 1, chain.visited || chain.id, v.id = ANY(chain.visited || chain.id)
      FROM videos v JOIN chain ON v.id = chain.remix_of_video_id
      WHERE NOT chain.seen AND chain.depth <= ${LINEAGE_MAX_DEPTH}
    )
    SELECT chain.id, chain.depth, chain.seen, chain.remix_of_video_id, v.request_id, v.status, v.remix_allowed, gr.prompt, c.handle
    FROM chain
    JOIN videos v ON v.id = chain.id
    JOIN generation_requests gr ON gr.id = v.request_id
    JOIN creators c ON c.id = v.creator_id
    ORDER BY chain.depth`.execute(db);

  const ancestors: LineageStep[] = [];
  for (const row of rows) {
    if (row.seen) return { ancestors, end: 'cycle' };
    if (ancestors.length === LINEAGE_MAX_DEPTH) return { ancestors, end: 'cap' };
    ancestors.push({
      id: row.id, requestId: row.request_id, depth: row.depth, handle: row.handle, prompt: row.prompt, status: row.status, remixAllowed: row.remix_allowed,
    });
  }
  return { ancestors, end: 'original' };
}
