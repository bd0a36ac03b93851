/**
 * Copyright rescans (migration 022): the rescan rows the copyrightRescan workflow's activities
 * write, the keyset page of published videos they walk, the stored fingerprints they compare, the
 * (rescan, video) rows that make every action happen once, and the console's list.
 */
import { sql, type Kysely } from 'kysely';
import type { CopyrightRescanState, Database } from '../schema';
import type { StoredFrameHash } from './fingerprints';

// The shapes below are contracts/copyright-rescan.ts's (db/ imports nothing above it); TypeScript's
// structural typing keeps the two in step where the activities pass one to the other.

/** The keyset position after a video: its published_at (ISO 8601) and id. */
export interface RescanCursor {
  publishedAt: string;
  videoId: string;
}

/** What started a rescan. */
export type RescanTrigger = { kind: 'claim'; claimId: string } | { kind: 'bank'; bankId: string };

/** What a rescan did to one matched video. */
export type RescanVideoOutcome = 'taken_down' | 'queued' | 'held' | 'already_down';

/** A rescan's progress as saved to its row. */
export interface RescanProgressToSave {
  state: CopyrightRescanState;
  total: number;
  scanned: number;
  matched: number;
  takenDown: number;
  queued: number;
  held: number;
  cursor: RescanCursor | null;
}

/** Published videos now: a rescan's total when it begins. */
export async function countPublishedVideos(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('videos').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Writes a rescan's row (state running) with `total` published videos; a second call for the same id
 * changes nothing, except that a failed rescan started again is running again. Answers the row's
 * total (the first call's, on a retry).
 */
export async function insertCopyrightRescan(
  db: Kysely<Database>,
  input: { rescanId: string; trigger: RescanTrigger; bankIds: string[]; startedBy: string | null; batchSize: number; total: number },
): Promise<{ total: number }> {
  await db
    .insertInto('copyright_rescans')
    .values({
      id: input.rescanId,
      trigger_kind: input.trigger.kind,
      claim_id: input.trigger.kind === 'claim' ? input.trigger.claimId : null,
      bank_id: input.trigger.kind === 'bank' ? input.trigger.bankId : null,
      bank_ids: JSON.stringify(input.bankIds),
      batch_size: input.batchSize,
      started_by: input.startedBy,
      total: input.total,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // A failed rescan started again under its id (the app's reuse policy allows only that) runs again.
  await db
    .updateTable('copyright_rescans')
    .set({ state: 'running', finished_at: null, updated_at: new Date() })
    .where('id', '=', input.rescanId)
    .where('state', '=', 'failed')
    .execute();
  const row = await db.selectFrom('copyright_rescans').select('total').where('id', '=', input.rescanId).executeTakeFirstOrThrow();
  return { total: row.total };
}

const FINAL_STATES: readonly CopyrightRescanState[] = ['completed', 'cancelled', 'failed'];

/**
 * Writes a rescan's progress (counts, cursor, state). Entering `paused` stamps paused_at; leaving it
 * adds the pause's length to paused_seconds (the console's rate leaves pauses out); a final state
 * stamps finished_at. A row already final is not changed again.
 */
export async function saveCopyrightRescanProgress(
  db: Kysely<Database>,
  rescanId: string,
  progress: RescanProgressToSave,
  lastError: string | null = null,
): Promise<void> {
  const final = FINAL_STATES.includes(progress.state);
  await db
    .updateTable('copyright_rescans')
    .set({
      state: progress.state,
      total: progress.total,
      scanned: progress.scanned,
      matched: progress.matched,
      taken_down: progress.takenDown,
      queued: progress.queued,
      held: progress.held,
      cursor_published_at: progress.cursor ? new Date(progress.cursor.publishedAt) : null,
      cursor_video_id: progress.cursor?.videoId ?? null,
      updated_at: new Date(),
      paused_at: progress.state === 'paused' ? sql<Date>`coalesce(paused_at, now())` : null,
      paused_seconds: progress.state === 'paused'
        ? sql<number>`paused_seconds`
        : sql<number>`paused_seconds + coalesce(extract(epoch FROM now() - paused_at), 0)`,
      ...(final ? { finished_at: new Date() } : {}),
      ...(lastError ? { last_error: lastError } : {}),
    })
    .where('id', '=', rescanId)
    .where('state', 'not in', FINAL_STATES)
    .execute();
}

/** A published video of a rescan page. */
export interface RescanPageVideo {
  id: string;
  requestId: string;
  creatorId: string;
  storageKey: string;
  publishedAt: Date;
}

/**
 * Up to `limit` published videos after `after` in (published_at, id) order (the partial index of
 * migration 022). Removed and draft videos are not in the walk: a taken-down video is not rescanned.
 */
export async function publishedVideosAfter(db: Kysely<Database>, after: RescanCursor | null, limit: number): Promise<RescanPageVideo[]> {
  let query = db
    .selectFrom('videos')
    .select(['id', 'request_id', 'creator_id', 'storage_key', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null);
  if (after) {
    const at = new Date(after.publishedAt);
    query = query.where((eb) => eb.or([eb('published_at', '>', at), eb.and([eb('published_at', '=', at), eb('id', '>', after.videoId)])]));
  }
  const rows = await query.orderBy('published_at').orderBy('id').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, requestId: row.request_id, creatorId: row.creator_id, storageKey: row.storage_key, publishedAt: row.published_at! }));
}

/** The stored frame hashes of `videoIds`, grouped by video (a video without any is absent from the map). */
export async function storedFramesOf(db: Kysely<Database>, videoIds: readonly string[]): Promise<Map<string, StoredFrameHash[]>> {
  const byVideo = new Map<string, StoredFrameHash[]>();
  if (videoIds.length === 0) return byVideo;
  const rows = await db
    .selectFrom('video_fingerprints')
    .select(['video_id', 'frame_index', 'region', 'hash', 'quality'])
    .where('video_id', 'in', videoIds)
    .execute();
  for (const row of rows) {
    const frames = byVideo.get(row.video_id) ?? [];
    frames.push({ frameIndex: row.frame_index, region: row.region, hash: new Uint8Array(row.hash), quality: row.quality });
    byVideo.set(row.video_id, frames);
  }
  return byVideo;
}

/** What a rescan already did to a video (its row), or null when it has not acted on it. */
export async function rescanVideoOutcome(
  db: Kysely<Database>,
  rescanId: string,
  videoId: string,
): Promise<{ outcome: RescanVideoOutcome; matchId: string | null; reasons: string[] } | null> {
  const row = await db
    .selectFrom('copyright_rescan_videos')
    .select(['outcome', 'match_id', 'reasons'])
    .where('rescan_id', '=', rescanId)
    .where('video_id', '=', videoId)
    .executeTakeFirst();
  return row ? { outcome: row.outcome, matchId: row.match_id, reasons: row.reasons } : null;
}

/** Records what a rescan did to a video; the (rescan, video) key refuses a second row. */
export async function recordRescanVideo(
  db: Kysely<Database>,
  input: { rescanId: string; videoId: string; outcome: RescanVideoOutcome; matchId: string | null; reasons: string[] },
): Promise<void> {
  await db
    .insertInto('copyright_rescan_videos')
    .values({ rescan_id: input.rescanId, video_id: input.videoId, outcome: input.outcome, match_id: input.matchId, reasons: JSON.stringify(input.reasons) })
    .onConflict((oc) => oc.columns(['rescan_id', 'video_id']).doNothing())
    .execute();
}

/** One rescan as the console lists it. */
export interface CopyrightRescanRow {
  id: string;
  triggerKind: 'claim' | 'bank';
  claimId: string | null;
  bankId: string | null;
  bankIds: string[];
  state: CopyrightRescanState;
  total: number;
  scanned: number;
  matched: number;
  takenDown: number;
  queued: number;
  held: number;
  batchSize: number;
  startedBy: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** Seconds the rescan has been scanning (started_at to updated_at, or to now while running, less pauses). */
  activeSeconds: number;
  lastError: string | null;
}

/** The latest `limit` rescans, newest first, or one rescan by id. */
export async function listCopyrightRescans(db: Kysely<Database>, options: { limit?: number; id?: string } = {}): Promise<CopyrightRescanRow[]> {
  let query = db
    .selectFrom('copyright_rescans')
    .selectAll()
    .select(sql<number>`greatest(0, extract(epoch FROM (CASE WHEN state = 'running' THEN now() ELSE coalesce(finished_at, paused_at, updated_at) END) - started_at) - paused_seconds)`.as('active_seconds'));
  if (options.id) query = query.where('id', '=', options.id);
  const rows = await query.orderBy('started_at', 'desc').orderBy('id').limit(options.limit ?? 50).execute();
  return rows.map((row) => ({
    id: row.id,
    triggerKind: row.trigger_kind,
    claimId: row.claim_id,
    bankId: row.bank_id,
    bankIds: row.bank_ids,
    state: row.state,
    total: row.total,
    scanned: row.scanned,
    matched: row.matched,
    takenDown: row.taken_down,
    queued: row.queued,
    held: row.held,
    batchSize: row.batch_size,
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    activeSeconds: Number(row.active_seconds),
    lastError: row.last_error,
  }));
}
