/**
 * faceEnrolment (workflow id `face-enrolment-<enrolmentId>`): one face capture that a creator sent
 * to verify a person cameo is analysed, and the creator is told the outcome.
 *
 * The analysis is one activity on the media task queue (the face engine is CPU work): it samples
 * the frames, runs the engine on each with heartbeats (a dead worker is noticed within a minute and
 * the analysis runs again elsewhere), writes progress to the enrolment's row (what
 * GET /api/v1/cameos/{cameoId}/enrolments/{enrolmentId} answers), decides, stores the embeddings
 * encrypted and deletes the capture file. It is idempotent per enrolment, so a retry after its
 * commit only reads the outcome. Then the creator's notification, on the pipeline queue. When the
 * analysis fails for good (its retries spent: the engine cannot load, the capture vanished), the
 * enrolment is abandoned instead: marked failed with a sentence and its capture deleted, so no
 * capture outlives a broken analysis.
 *
 * Only ids, counts and sentences are in this history; never an embedding. Deterministic: only
 * workflow APIs and activity calls.
 */
import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { prefixOfTaskQueue, taskQueueNames, type FaceEnrolmentActivities, type FaceEnrolmentInput, type FaceEnrolmentOutcome } from '../contracts';

export async function faceEnrolment(input: FaceEnrolmentInput): Promise<FaceEnrolmentOutcome> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const analysis = proxyActivities<FaceEnrolmentActivities>({
    taskQueue: queues.media,
    // A few seconds of capture: up to ~30 frames at ~0.4 s each on a busy two-core worker, plus ffmpeg.
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: ['NotFound'] },
  });
  const notices = proxyActivities<FaceEnrolmentActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  let outcome: FaceEnrolmentOutcome;
  try {
    outcome = await analysis.analyseEnrolmentCapture(input);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    outcome = await notices.abandonFaceEnrolment(input);
  }
  await notices.notifyFaceEnrolment(input);
  return outcome;
}
