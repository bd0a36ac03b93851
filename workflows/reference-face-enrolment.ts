/**
 * referenceFaceEnrolment: one protected person's reference photo, uploaded by the legal team, is
 * analysed on the media task queue (the face engine is CPU work) and, when it shows exactly one
 * face large enough to compare, that face's embedding is stored, encrypted, as the person's
 * reference. Workflow id = reference-face-<imageId>.
 *
 * One activity, idempotent per image: a retry after its commit finds the image decided and skips.
 * A photo that shows no face, several faces or a face too small is not an error: the activity
 * records the sentence for the legal team and the workflow completes.
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { prefixOfTaskQueue, taskQueueNames, type ReferenceFaceActivities, type ReferenceFaceEnrolmentInput, type ReferenceFaceEnrolmentOutcome } from '../contracts';

export async function referenceFaceEnrolment(input: ReferenceFaceEnrolmentInput): Promise<ReferenceFaceEnrolmentOutcome> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const faces = proxyActivities<ReferenceFaceActivities>({
    taskQueue: queues.media,
    // Loading the engine once (~0.5 s) and one image (~0.4 s at 800x600) on a busy worker.
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: ['NotFound', 'UnsupportedMedia'] },
  });
  return faces.enrolReferenceFace(input);
}
