/**
 * likenessComplaint: someone says a video shows their likeness (or that of a person they represent)
 * without consent. Workflow id = likeness-complaint-<complaintId>.
 *
 * record (the complaint row; a filing creator is told it arrived)
 * -> match (fingerprint every complained video, find every video whose fingerprints match)
 * -> review (an item in the likeness queue through the shared review gate: the legal reviewer's
 *    decision is a Temporal update with a validator; the queue's SLA timer escalates)
 * -> upheld: matches are looked up again (re-uploads made while the complaint waited count too),
 *    each complained video and match still online is taken down through the one takedown
 *    activity, then (patched 'complaint-face-matches', issue 12) every other published video whose
 *    stored keyframe faces match the complainant's face is taken down the same way, then the
 *    registry entry, the complaint's state, the notification and the audit entry.
 * -> rejected: the complaint is closed with the reviewer's reason, which the complainant is told.
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  likenessComplaintRecordedUpdate, prefixOfTaskQueue, taskQueueNames,
  type ComplaintFaceActivities, type LikenessComplaintActivities, type LikenessComplaintInput, type LikenessComplaintOutcome, type LikenessMatchActivities, type ReviewDecisionInput,
} from '../contracts';
import { pipelineActivities } from './clip-pipeline';
import { createReviewGate } from './review-gate';

const NON_RETRYABLE = ['InvalidRequest', 'NotFound'];

/** The likeness queue (migration 004, made real by 015), worked by legal, senior reviewers and admins. */
const LIKENESS_QUEUE = 'likeness_review';

/** What the complainant reads: the policy reason, and the reviewer's own words when they gave them. */
function reasonForComplainant(decision: ReviewDecisionInput): string {
  const words = decision.creatorNote?.trim();
  return words ? `${decision.reason}: ${words}` : decision.reason;
}

export async function likenessComplaint(input: LikenessComplaintInput): Promise<LikenessComplaintOutcome> {
  const { records } = pipelineActivities();
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const complaints = proxyActivities<LikenessComplaintActivities>({
    taskQueue: queues.pipeline,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const matching = proxyActivities<LikenessMatchActivities>({
    taskQueue: queues.media,
    // Fingerprinting a video decodes one frame a second; a complaint names a handful of videos.
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });

  // The filer waits for the record (update-with-start), so their status page opens at once.
  let recorded: { anchorRequestId: string } | null = null;
  let refused: string | null = null;
  setHandler(likenessComplaintRecordedUpdate, async () => {
    await condition(() => recorded !== null || refused !== null);
    if (refused !== null) throw ApplicationFailure.create({ message: refused, type: 'ComplaintRefused', nonRetryable: true });
    return recorded!;
  });
  try {
    recorded = await complaints.recordLikenessComplaint(input);
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    refused = cause instanceof ApplicationFailure ? cause.message : 'The complaint could not be recorded; try again in a minute.';
    await condition(allHandlersFinished);
    throw error;
  }
  const { anchorRequestId } = recorded;
  // The item hangs on the first video's request, as every review item hangs on a request.
  const gate = createReviewGate(records, anchorRequestId);
  const found = await matching.findLikenessMatches({ videoIds: input.videoIds });
  const { reasons } = await complaints.startLikenessComplaintReview({ complaintId: input.complaintId, report: found });
  const decision = await gate.awaitReview('likeness_complaint', reasons, LIKENESS_QUEUE);
  const reason = reasonForComplainant(decision);

  if (decision.decision === 'reject') {
    await complaints.rejectLikenessComplaint({ complaintId: input.complaintId, reviewerId: decision.reviewerId, reason });
    await condition(allHandlersFinished);
    return { outcome: 'rejected', reason, takenDown: [] };
  }

  const now = await matching.findLikenessMatches({ videoIds: input.videoIds });
  const online = [...now.videos.map((video) => ({ videoId: video.videoId, status: video.status })), ...now.matches]
    .filter((video) => video.status !== 'removed')
    .map((video) => video.videoId);
  const takenDown = [...new Set(online)];
  for (const videoId of takenDown) {
    await records.takeDownVideo({ videoId, reason: `Likeness complaint upheld: ${reason}`, staffId: decision.reviewerId, cause: 'likeness_complaint' });
  }
  // Issue 12: videos the fingerprints cannot find (new generations, not copies) showing the same face.
  let faces: { references: number; takenDown: string[] } | undefined;
  if (patched('complaint-face-matches')) {
    const faceSearch = proxyActivities<ComplaintFaceActivities>({
      taskQueue: queues.media,
      // A brute-force scan of every stored keyframe face, heartbeating; a few evidence images through the face engine.
      startToCloseTimeout: '30 minutes',
      heartbeatTimeout: '1 minute',
      retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
    });
    const found = await faceSearch.findComplaintFaceMatches({ complaintId: input.complaintId, excludeVideoIds: takenDown });
    for (const videoId of found.videoIds) {
      await records.takeDownVideo({
        videoId, reason: `Likeness complaint upheld (the same face): ${reason}`, staffId: decision.reviewerId, cause: 'likeness_complaint',
      });
    }
    faces = { references: found.references, takenDown: found.videoIds };
  }
  await complaints.upholdLikenessComplaint({ complaintId: input.complaintId, reviewerId: decision.reviewerId, reason, takenDown, ...(faces ? { faces } : {}) });
  await condition(allHandlersFinished);
  return { outcome: 'upheld', reason, takenDown, ...(faces ? { faceTakenDown: faces.takenDown } : {}) };
}
