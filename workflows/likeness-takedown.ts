/**
 * likenessTakedown (workflow id `likeness-takedown-<takedownId>`): consent to a cameo ended (a grant
 * withdrawn, a person blocked, the cameo deleted) or its owner removed one video, and every draft,
 * published video and remix that relied on it comes down.
 *
 * The shape of the samples' batch-sliding-window: the uses are read a keyset page at a time (the
 * rule of which uses rely on the change is policies/consent/takedown-scope.ts, applied in SQL by the
 * page activity); each page is taken down in small parallel batches, one activity per video; the
 * counters are workflow state, answered by `likenessTakedownProgress` and saved to the takedown's
 * row after every page; after `pagesPerRun` pages the run continues as new with its cursor and
 * counters, so a takedown of any size keeps a small history.
 *
 * Resumable: a worker that dies mid-page loses nothing (Temporal replays the history on another
 * worker, and the activities that did not finish run again). Idempotent: the activity of a video
 * reads the takedown's item row first, so a video is taken down and its creator notified once, and
 * a second takedown of the same uses finds them removed (`alreadyDown`) or finds none.
 */
import { continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  likenessTakedownProgressQuery,
  type LikenessTakedownActivities, type LikenessTakedownInput, type LikenessTakedownOutcome, type LikenessTakedownProgress,
} from '../contracts';

/** Uses per page: small enough for one short activity, large enough that paging is not the cost. */
const DEFAULT_PAGE_SIZE = 50;
/** Pages per run before continuing as new (each page adds about 2 + 3 x pageSize events). */
const DEFAULT_PAGES_PER_RUN = 20;
/** Videos taken down at once: parallel enough to be quick, few enough not to crowd the pipeline queue. */
const BATCH_SIZE = 10;

const takedowns = proxyActivities<LikenessTakedownActivities>({
  startToCloseTimeout: '1 minute',
  // No maximum: takeDownForLikeness itself records a video as failed after its own attempts
  // (LIKENESS_TAKEDOWN_VIDEO_ATTEMPTS), and the other steps wait out a database outage.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Runs one takedown to the end and answers its final progress. */
export async function likenessTakedown(input: LikenessTakedownInput): Promise<LikenessTakedownProgress> {
  const pageSize = Math.max(1, Math.min(500, input.pageSize ?? DEFAULT_PAGE_SIZE));
  const pagesPerRun = Math.max(1, input.pagesPerRun ?? DEFAULT_PAGES_PER_RUN);
  const progress: LikenessTakedownProgress = input.carried?.progress ?? { state: 'finding', found: 0, takenDown: 0, alreadyDown: 0, failed: 0 };
  let cursor = input.carried?.cursor ?? null;
  setHandler(likenessTakedownProgressQuery, () => progress);

  if (!input.carried) {
    const { takedownId, trigger, cameoId, subjectCreatorId, videoId, ledgerVersion, requestedBy, reason } = input;
    await takedowns.recordLikenessTakedown({ takedownId, trigger, cameoId, subjectCreatorId, videoId, ledgerVersion, requestedBy, reason });
  }

  for (let page = 0; page < pagesPerRun; page++) {
    const found = await takedowns.findLikenessTakedownPage({ takedownId: input.takedownId, cursor, limit: pageSize });
    progress.state = 'taking_down';
    progress.found += found.videoIds.length;
    for (let start = 0; start < found.videoIds.length; start += BATCH_SIZE) {
      const batch = found.videoIds.slice(start, start + BATCH_SIZE);
      const outcomes = await Promise.all(batch.map((videoId) => takedowns.takeDownForLikeness({ takedownId: input.takedownId, videoId })));
      for (const outcome of outcomes) count(progress, outcome);
    }
    cursor = found.nextCursor;
    if (cursor === null) {
      progress.state = 'done';
      await takedowns.saveLikenessTakedownProgress({ takedownId: input.takedownId, progress });
      return progress;
    }
    await takedowns.saveLikenessTakedownProgress({ takedownId: input.takedownId, progress });
  }
  return continueAsNew<typeof likenessTakedown>({ ...input, carried: { progress, cursor } });
}

function count(progress: LikenessTakedownProgress, outcome: LikenessTakedownOutcome): void {
  if (outcome === 'taken_down') progress.takenDown++;
  else if (outcome === 'already_down') progress.alreadyDown++;
  else progress.failed++;
}
