/**
 * The copyright rescan's activities (contracts' `CopyrightRescanActivities`, media task queue):
 * record the rescan, scan one keyset batch of published videos against the hash banks, save the
 * progress.
 *
 * One batch: the videos' stored PDQ frame hashes (video_fingerprints; a video without any is
 * fingerprinted from its file first, as the provenance audit does, and its hashes saved) go through
 * BANKS' matcher (activities/copyright/bank-matcher.ts) and the one decision over hits
 * (policies/copyright/bank-match.ts `decideBankMatches`, under the deployment's stance). Per video
 * with a verdict or a held hit, in one transaction keyed by (rescan, video):
 * - block: the matches are recorded and the video taken down through the one takedown
 *   (activities/take-down-video.ts, `cause: 'copyright'`): the creator is told, no strike for a video
 *   made before the bank existed;
 * - review: the matches are recorded `queued`, the creator told the video is under copyright review,
 *   and the workflow starts the video's copyrightMatchReview;
 * - only held hits (flood quarantine): the matches are recorded `held`, nothing else.
 * A retried batch finds the (rescan, video) rows and answers the recorded outcomes: nothing is taken
 * down, recorded or notified twice.
 */
import { Context } from '@temporalio/activity';
import type { Kysely, Transaction } from 'kysely';
import type {
  CopyrightQueuedVideo, CopyrightRescanActivities, CopyrightRescanBatchResult, CopyrightRescanCounts, CopyrightRescanVideoOutcome,
} from '../../contracts';
import { recordCopyrightMatch } from '../../db/queries/copyright-matches';
import { readCopyrightStance } from '../../db/queries/copyright-entities';
import {
  countPublishedVideos, insertCopyrightRescan, publishedVideosAfter, recordRescanVideo, rescanVideoOutcome, saveCopyrightRescanProgress, storedFramesOf,
  type RescanPageVideo,
} from '../../db/queries/copyright-rescans';
import { saveVideoFingerprint, type StoredFrameHash } from '../../db/queries/fingerprints';
import { sendNotification } from '../../db/queries/notifications';
import type { Database } from '../../db/schema';
import { decideBankMatches, matchActionFor, type BankMatchDecision, type DecidedBankHit } from '../../policies/copyright/bank-match';
import type { CopyrightStance } from '../../policies/copyright/types';
import type { ActivityDeps } from '../deps';
import { fingerprintVideo } from '../fingerprint/video';
import { takeVideoDown } from '../take-down-video';
import { bankIndexSignature } from '../../db/queries/hash-banks';
import { bankFramesOf, liveBankHitsOf } from './bank-hits';
import { releasedDisputeKey, releasedDisputeKeys } from '../../db/queries/copyright-disputes';
import { loadBankMatcher, type BankMatcher } from './bank-matcher';

/** The rescan activities, bound to the worker's database and media store. */
export function copyrightRescanActivities({ db, media }: Pick<ActivityDeps, 'db' | 'media'>): CopyrightRescanActivities {
  return {
    async recordCopyrightRescan({ rescanId, trigger, bankIds, startedBy, batchSize }) {
      return insertCopyrightRescan(db, { rescanId, trigger, bankIds, startedBy, batchSize, total: await countPublishedVideos(db) });
    },

    async rescanCopyrightBatch({ rescanId, bankIds, after, limit }) {
      const videos = await publishedVideosAfter(db, after, limit);
      const matcher = await rescanMatcher(db, bankIds);
      const stance = await readCopyrightStance(db);
      return scanBatch(db, { rescanId, videos, matcher, stance, framesOf: (missing) => fingerprintMissing(db, media, missing) });
    },

    async saveCopyrightRescanProgress({ rescanId, progress, lastError }) {
      await saveCopyrightRescanProgress(db, rescanId, progress, lastError ?? null);
    },
  };
}

/** Matchers of chosen banks, per database handle and set of banks, with the banks' signature they were built at. */
const chosenMatchers = new WeakMap<Kysely<Database>, Map<string, { signature: string; matcher: Promise<BankMatcher> }>>();
/** Rescans running at once on one worker are few; more distinct bank sets than this start the cache afresh. */
const CHOSEN_MATCHERS_KEPT = 8;

/**
 * The matcher a rescan batch compares with: every enabled bank (`bankIds` empty: BANKS' cached
 * matcher), or only `bankIds`, cached here until any bank changes (the banks' signature,
 * db/queries/hash-banks.ts), since BANKS builds a matcher of chosen banks afresh on every call and a
 * rescan asks once per batch (rebuilding 100,000 hashes takes about 2 s: docs/benchmarks.md).
 * Exported for the benchmark.
 */
export async function rescanMatcher(db: Kysely<Database>, bankIds: readonly string[]): Promise<BankMatcher> {
  if (bankIds.length === 0) return loadBankMatcher(db);
  const key = [...bankIds].sort().join(',');
  const signature = await bankIndexSignature(db);
  let cache = chosenMatchers.get(db);
  if (!cache) chosenMatchers.set(db, (cache = new Map()));
  const cached = cache.get(key);
  if (cached && cached.signature === signature) return cached.matcher;
  if (cache.size >= CHOSEN_MATCHERS_KEPT) cache.clear();
  const matcher = loadBankMatcher(db, { bankIds });
  cache.set(key, { signature, matcher });
  matcher.catch(() => cache.delete(key));
  return matcher;
}

/**
 * Fingerprints videos that have no stored hashes from their files, saves the hashes and answers
 * them. A video whose file is missing or unreadable answers no frames (it cannot match; the worker
 * log names it) instead of failing the batch.
 */
async function fingerprintMissing(db: Kysely<Database>, media: ActivityDeps['media'], videos: readonly RescanPageVideo[]): Promise<Map<string, StoredFrameHash[]>> {
  const found = new Map<string, StoredFrameHash[]>();
  for (const video of videos) {
    try {
      const fingerprint = await fingerprintVideo(await media.localPath(video.storageKey));
      const frames = fingerprint.frames.map((frame) => ({ frameIndex: frame.frameIndex, region: frame.region, hash: frame.hash, quality: frame.quality }));
      await saveVideoFingerprint(db, video.id, frames);
      found.set(video.id, frames);
    } catch (error) {
      logWarn('copyright rescan could not fingerprint a video without stored hashes', { videoId: video.id, error: String(error) });
    }
    heartbeat();
  }
  return found;
}

/** What scanBatch needs besides the database: the batch, the matcher, the stance and the fallback fingerprinting. */
export interface ScanBatchInput {
  rescanId: string;
  videos: readonly RescanPageVideo[];
  matcher: BankMatcher;
  stance: CopyrightStance;
  /** Fingerprints videos without stored hashes (the activity reads their files). */
  framesOf: (videos: readonly RescanPageVideo[]) => Promise<Map<string, StoredFrameHash[]>>;
}

/**
 * Scans one batch (see the module header) and answers its counts, the videos queued for review and
 * the cursor after its last video. Exported for the benchmark (scripts/bench/rescan.bench.ts).
 */
export async function scanBatch(db: Kysely<Database>, input: ScanBatchInput): Promise<CopyrightRescanBatchResult> {
  const { rescanId, videos, matcher, stance } = input;
  const counts: CopyrightRescanCounts = { scanned: videos.length, matched: 0, takenDown: 0, queued: 0, held: 0 };
  const queued: CopyrightQueuedVideo[] = [];
  const stored = await storedFramesOf(db, videos.map((video) => video.id));
  const missing = videos.filter((video) => !stored.has(video.id));
  if (missing.length > 0) for (const [videoId, frames] of await input.framesOf(missing)) stored.set(videoId, frames);

  // A claim a dispute released on a video does not act on it again (the claimant let it go, or legal decided).
  const released = await releasedDisputeKeys(db, videos.map((video) => video.id));

  for (const video of videos) {
    const frames = stored.get(video.id) ?? [];
    const hits = (await liveBankHitsOf(db, matcher, frames))
      .filter((hit) => hit.row.kind !== 'positive' || !released.has(releasedDisputeKey(video.id, hit.row.entity_id, hit.row.bank_id)));
    const decision = decideBankMatches(stance, bankFramesOf(hits, (hit) => hit.row.state === 'quarantined'));
    const acted = decision.decided.filter((hit) => hit.outcome === 'block' || hit.outcome === 'review' || hit.outcome === 'held');
    if (acted.length === 0) continue;
    const done = await db.transaction().execute((trx) => actOnVideo(trx, rescanId, video, decision));
    if (done.outcome === 'none') continue;
    counts.matched++;
    if (done.outcome === 'taken_down') counts.takenDown++;
    else if (done.outcome === 'queued') counts.queued++;
    else if (done.outcome === 'held') counts.held++;
    if (done.outcome === 'queued' && done.matchId) {
      queued.push({ videoId: video.id, requestId: video.requestId, matchId: done.matchId, reasons: done.reasons, claimedAt: done.claimedAt });
    }
    heartbeat();
  }
  const last = videos.at(-1);
  return { scanned: videos.length, counts, queued, next: last ? { publishedAt: last.publishedAt.toISOString(), videoId: last.id } : null };
}

interface VideoActed {
  outcome: CopyrightRescanVideoOutcome;
  matchId: string | null;
  reasons: string[];
  claimedAt: string | null;
}

/** Acts on one matched video once per (rescan, video); a second call answers the recorded outcome. */
async function actOnVideo(trx: Transaction<Database>, rescanId: string, video: RescanPageVideo, decision: BankMatchDecision): Promise<VideoActed> {
  // Locked first, so two attempts of the same batch (a timed-out one still running) take turns.
  await trx.selectFrom('videos').select('id').where('id', '=', video.id).forUpdate().executeTakeFirst();
  const claimedAt = await earliestBankCreation(trx, decision.decided);
  const before = await rescanVideoOutcome(trx, rescanId, video.id);
  if (before) return { outcome: before.outcome, matchId: before.matchId, reasons: before.reasons, claimedAt };

  const verdict = decision.verdict;
  // The video's outcome: its verdict when a hit acts, else held (only quarantined hashes hit).
  const outcome = verdict === 'block' ? 'taken_down' : verdict === 'review' ? 'queued' : 'held';
  const matchIds: { id: string; hit: DecidedBankHit }[] = [];
  for (const hit of decision.decided) {
    if (hit.outcome === 'cancelled') continue;
    const { id } = await recordCopyrightMatch(trx, {
      bankId: hit.bankId, bankHashId: hit.bankHashId, entityId: hit.entityId, requestId: video.requestId, videoId: video.id,
      frameIndex: hit.frameIndex, region: hit.region, distance: hit.distance, action: matchActionFor(hit.outcome, 'rescan'), source: 'rescan', rescanId,
    });
    matchIds.push({ id, hit });
  }
  // The match the video's outcome rests on: the strictest, closest hit (decided is sorted that way).
  const main = matchIds[0] ?? null;
  const reasons = decision.reasons;

  let recorded: Exclude<CopyrightRescanVideoOutcome, 'none'> = outcome;
  if (outcome === 'taken_down' && main) {
    const result = await takeVideoDown(trx, {
      videoId: video.id,
      reason: decision.summary.replace(/^The clip shows/, 'It shows').replace(/, so the clip is not published\.$/, '.'),
      cause: 'copyright',
      copyright: { matchId: main.id, rescanId, claimedAt },
    });
    recorded = result.outcome;
  } else if (outcome === 'queued') {
    await sendNotification(trx, {
      recipientId: video.creatorId,
      kind: 'video_under_copyright_review',
      requestId: video.requestId,
      body: 'Your video matches a copyrighted work whose rights holder asks for review. It stays up while a copyright reviewer looks at it; you will be told the outcome.',
      dedupeKey: `${rescanId}:${video.id}:copyright-review`,
    });
  }
  await recordRescanVideo(trx, { rescanId, videoId: video.id, outcome: recorded, matchId: main?.id ?? null, reasons });
  return { outcome: recorded, matchId: main?.id ?? null, reasons, claimedAt };
}

/** When the earliest bank among the hits was created (ISO 8601): the claimed work was known to Loupe from then. */
async function earliestBankCreation(trx: Transaction<Database>, hits: readonly DecidedBankHit[]): Promise<string | null> {
  const bankIds = [...new Set(hits.filter((hit) => hit.outcome === 'block' || hit.outcome === 'review').map((hit) => hit.bankId))];
  if (bankIds.length === 0) return null;
  const row = await trx
    .selectFrom('hash_banks')
    .select((eb) => eb.fn.min('created_at').as('first'))
    .where('id', 'in', bankIds)
    .executeTakeFirst();
  const first = row?.first as Date | string | null | undefined;
  return first ? new Date(first).toISOString() : null;
}

/** Heartbeats when running inside an activity (the benchmark calls scanBatch outside one). */
function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Not in an activity.
  }
}

function logWarn(message: string, fields: Record<string, unknown>): void {
  try {
    Context.current().log.warn(message, fields);
  } catch {
    console.warn(message, fields);
  }
}

