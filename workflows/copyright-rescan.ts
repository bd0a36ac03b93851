/**
 * copyrightRescan (workflow id `copyright-rescan-<rescanId>`): a copyright claim was approved or a
 * hash bank switched on, and the published catalogue is compared with the banks again.
 *
 * The shape of likenessTakedown and reverifyCatalogue: published videos are read a keyset page at a
 * time in (published_at, id) order by one activity on the media queue (rescanCopyrightBatch), which
 * compares each video's stored PDQ fingerprints with the banks and acts on each match once per
 * (rescan, video): block -> takedown, review -> queued (this workflow then starts a
 * copyrightMatchReview for the video, a child that outlives it), a quarantined hash -> held. The
 * counters and cursor are workflow state, answered by `copyrightRescanProgress` and saved to the
 * row after every batch; after `batchesPerRun` batches the run continues as new with them.
 *
 * Signals: pause (after the batch in flight; the row says paused until resume), resume, cancel
 * (after the batch in flight; what was done stays done).
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import {
  ApplicationFailure, condition, continueAsNew, ParentClosePolicy, proxyActivities, setHandler, startChild, workflowInfo,
} from '@temporalio/workflow';
import {
  cancelCopyrightRescanSignal, copyrightMatchReviewWorkflowId, copyrightRescanProgressQuery, pauseCopyrightRescanSignal, prefixOfTaskQueue,
  resumeCopyrightRescanSignal, taskQueueNames,
  type CopyrightRescanActivities, type CopyrightRescanCounts, type CopyrightRescanInput, type CopyrightRescanProgress,
} from '../contracts';
import { copyrightMatchReview } from './copyright-match-review';

/** Published videos per batch: one short activity, and paging is not the cost (see docs/benchmarks.md). */
const DEFAULT_BATCH_SIZE = 100;
/** Batches per run before continuing as new (each batch adds about 8 events, plus a child start per queued video). */
const DEFAULT_BATCHES_PER_RUN = 50;

/** Runs one rescan to the end (or to its cancellation) and answers its final progress. */
export async function copyrightRescan(input: CopyrightRescanInput): Promise<CopyrightRescanProgress> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const rescans = proxyActivities<CopyrightRescanActivities>({
    taskQueue: queues.media,
    // A batch may fingerprint a few videos that have no stored hashes (ffmpeg): minutes, not seconds.
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: ['InvalidRequest', 'NotFound'] },
  });
  const batchSize = Math.max(1, Math.min(1000, input.batchSize ?? DEFAULT_BATCH_SIZE));
  const batchesPerRun = Math.max(1, input.batchesPerRun ?? DEFAULT_BATCHES_PER_RUN);
  const counts: CopyrightRescanCounts = input.carried?.counts ?? { scanned: 0, matched: 0, takenDown: 0, queued: 0, held: 0 };
  let total = input.carried?.total ?? 0;
  let cursor = input.cursor ?? null;
  let paused = input.carried?.paused ?? false;
  let cancelled = false;
  const progress = (): CopyrightRescanProgress => ({
    rescanId: input.rescanId, state: cancelled ? 'cancelled' : paused ? 'paused' : 'running', total, cursor, ...counts,
  });
  setHandler(copyrightRescanProgressQuery, progress);
  setHandler(pauseCopyrightRescanSignal, () => void (paused = true));
  setHandler(resumeCopyrightRescanSignal, () => void (paused = false));
  setHandler(cancelCopyrightRescanSignal, () => void (cancelled = true));

  if (!input.carried) {
    ({ total } = await rescans.recordCopyrightRescan({
      rescanId: input.rescanId, trigger: input.trigger, bankIds: input.bankIds, startedBy: input.startedBy, batchSize,
    }));
  }

  try {
    for (let batch = 0; batch < batchesPerRun; batch++) {
      if (paused && !cancelled) {
        await rescans.saveCopyrightRescanProgress({ rescanId: input.rescanId, progress: progress() });
        await condition(() => !paused || cancelled);
        if (!cancelled) await rescans.saveCopyrightRescanProgress({ rescanId: input.rescanId, progress: progress() });
      }
      if (cancelled) {
        await rescans.saveCopyrightRescanProgress({ rescanId: input.rescanId, progress: progress() });
        return progress();
      }
      const result = await rescans.rescanCopyrightBatch({ rescanId: input.rescanId, bankIds: input.bankIds, after: cursor, limit: batchSize });
      counts.scanned += result.scanned;
      counts.matched += result.counts.matched;
      counts.takenDown += result.counts.takenDown;
      counts.queued += result.counts.queued;
      counts.held += result.counts.held;
      for (const queued of result.queued) {
        try {
          await startChild(copyrightMatchReview, {
            workflowId: copyrightMatchReviewWorkflowId(queued.requestId),
            taskQueue: queues.pipeline,
            // The review waits for a person; it must outlive this rescan.
            parentClosePolicy: ParentClosePolicy.ABANDON,
            args: [{ videoId: queued.videoId, requestId: queued.requestId, matchId: queued.matchId, rescanId: input.rescanId, reasons: queued.reasons, claimedAt: queued.claimedAt }],
          });
        } catch (error) {
          // The video's review is already open (another rescan queued it): that review decides it.
          // (WorkflowExecutionAlreadyStartedError, told apart by name: @temporalio/workflow does not export the class.)
          if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
        }
      }
      if (result.next === null || result.scanned < batchSize) {
        if (result.next) cursor = result.next;
        const done: CopyrightRescanProgress = { ...progress(), state: 'completed' };
        await rescans.saveCopyrightRescanProgress({ rescanId: input.rescanId, progress: done });
        return done;
      }
      cursor = result.next;
      await rescans.saveCopyrightRescanProgress({ rescanId: input.rescanId, progress: progress() });
    }
  } catch (error) {
    // A batch that cannot be done (a permanent failure): the row says failed and why, then the workflow fails.
    const message = error instanceof Error ? error.message : String(error);
    await rescans.saveCopyrightRescanProgress({ rescanId: input.rescanId, progress: { ...progress(), state: 'failed' }, lastError: message });
    throw ApplicationFailure.nonRetryable(`Copyright rescan ${input.rescanId} failed: ${message}`, 'RescanFailed');
  }
  return continueAsNew<typeof copyrightRescan>({ ...input, batchSize, batchesPerRun, cursor, carried: { counts, total, paused } });
}
