/**
 * Provenance audit workflows.
 *
 * reverifyCatalogue: started by a Temporal Schedule (and on demand), walks every published video
 * in id order, a batch per activity, re-verifying the stored file and raising alerts. The cursor
 * and counters are workflow state, visible through `reverifyProgress`; after a number of batches
 * the run continues as new with them, so a catalogue of any size never grows one history without
 * bound, and a crash resumes at the last finished batch.
 *
 * verifyVideoProvenance: one video, now (the console's "verify now").
 * inspectUploadedFile: /api/verify's check of an uploaded file, run on the media workers.
 */
import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  prefixOfTaskQueue, reverifyProgressQuery, taskQueueNames,
  type ProvenanceAuditActivities, type ReverifyCatalogueInput, type ReverifyProgress, type VerifyFileReport, type VideoVerification,
} from '../contracts';

const DEFAULT_BATCH_SIZE = 25;
/** Batches per run before continuing as new (keeps each history small). */
const BATCHES_PER_RUN = 20;

function auditActivities(timeout: '30 minutes' | '10 minutes') {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  return proxyActivities<ProvenanceAuditActivities>({
    taskQueue: queues.media,
    startToCloseTimeout: timeout,
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
  });
}

export async function reverifyCatalogue(input: ReverifyCatalogueInput = {}): Promise<ReverifyProgress> {
  const audit = auditActivities('30 minutes');
  const batchSize = Math.max(1, Math.min(500, input.batchSize ?? DEFAULT_BATCH_SIZE));
  const progress: ReverifyProgress = input.progress ?? {
    runId: workflowInfo().workflowId,
    total: 0,
    processed: 0,
    failing: 0,
    alertsRaised: 0,
    batches: 0,
    cursor: null,
    done: false,
  };
  setHandler(reverifyProgressQuery, () => progress);

  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const result = await audit.reverifyBatch({ runId: progress.runId, afterVideoId: progress.cursor, limit: batchSize });
    if (progress.batches === 0) progress.total = result.total;
    progress.batches++;
    progress.processed += result.processed;
    progress.failing += result.failing;
    progress.alertsRaised += result.alertsRaised;
    progress.cursor = result.lastVideoId;
    if (result.done) {
      await audit.finishAuditRun({ runId: progress.runId });
      progress.done = true;
      return progress;
    }
  }
  return continueAsNew<typeof reverifyCatalogue>({ batchSize, progress });
}

export async function verifyVideoProvenance(input: { videoId: string; requestedBy: string }): Promise<VideoVerification> {
  return auditActivities('10 minutes').verifyStoredVideo({ videoId: input.videoId, trigger: 'staff', requestedBy: input.requestedBy });
}

export async function inspectUploadedFile(input: { storageKey: string } | { videoId: string }): Promise<VerifyFileReport> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  // A visitor is waiting, and the activity removes the upload when it is done: one attempt.
  return proxyActivities<ProvenanceAuditActivities>({
    taskQueue: queues.media,
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts: 1 },
  }).inspectUpload(input);
}
