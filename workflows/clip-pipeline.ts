/**
 * clipPipeline: one generation request from prompt to public feed. Workflow id = request id.
 *
 * The workflow only orders steps; every side effect is an activity that writes its own rows
 * (single writer). Human review waits on a Temporal update, so the decision is part of the
 * workflow's history, and a durable timer escalates an item nobody decided within its SLA.
 */
import {
  allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { GenerationActivities, MediaActivities, RecordActivities } from '../activities/types';
import {
  decideReviewUpdate, pipelineStatusQuery, prefixOfTaskQueue, taskQueueNames,
  type ClipPipelineInput, type PipelineOutcome, type PipelineStage, type ReviewDecisionInput,
} from './contracts';

interface PendingReview {
  itemId: string;
  kind: 'prompt' | 'clip';
  version: number;
  /** Set when a decision's handler starts, so a second decision racing it is refused. */
  deciding: boolean;
  decision: ReviewDecisionInput | null;
}

const NON_RETRYABLE = ['InvalidRequest', 'NotFound'];

export async function clipPipeline(input: ClipPipelineInput): Promise<PipelineOutcome> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const records = proxyActivities<RecordActivities>({
    taskQueue: queues.pipeline,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const generation = proxyActivities<GenerationActivities>({
    taskQueue: queues.generation,
    startToCloseTimeout: '10 minutes',
    // A worker that dies mid-render stops heartbeating; the render is retried elsewhere soon after.
    heartbeatTimeout: '15 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const media = proxyActivities<MediaActivities>({
    taskQueue: queues.media,
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });

  let stage: PipelineStage = 'recording';
  let pending: PendingReview | null = null;

  setHandler(pipelineStatusQuery, () => ({
    stage,
    pendingReview: pending && !pending.decision ? { itemId: pending.itemId, kind: pending.kind, version: pending.version } : null,
  }));

  setHandler(
    decideReviewUpdate,
    async (decision) => {
      const review = pending!;
      review.deciding = true;
      try {
        const result = await records.recordReviewDecision({ ...decision, requestId: input.requestId });
        review.decision = decision;
        return result;
      } catch (error) {
        review.deciding = false;
        throw error;
      }
    },
    {
      validator: (decision) => {
        if (!pending || pending.itemId !== decision.itemId || pending.decision) {
          throw new Error('This review item is not waiting for a decision: it was already decided or belongs to another request.');
        }
        if (pending.deciding) throw new Error('Another reviewer is deciding this item right now.');
        if (decision.expectedVersion !== pending.version) {
          throw new Error(
            `This item changed since you opened it (it is at version ${pending.version}, you saw ${decision.expectedVersion}). Reload it and decide again.`,
          );
        }
      },
    },
  );

  const finish = async (status: 'blocked' | 'rejected' | 'failed', reason: string): Promise<PipelineOutcome> => {
    await records.finishRequest({ requestId: input.requestId, status, reason });
    stage = 'done';
    await condition(allHandlersFinished);
    return { status, reason, videoId: null };
  };

  const awaitReview = async (kind: 'prompt' | 'clip', reasons: string[]): Promise<ReviewDecisionInput> => {
    const item = await records.openReviewItem({ requestId: input.requestId, kind, reasons });
    const review: PendingReview = { itemId: item.itemId, kind, version: item.version, deciding: false, decision: null };
    pending = review;
    const decidedInTime = await condition(() => review.decision !== null, item.slaSeconds * 1000);
    if (!decidedInTime && item.escalationQueueId) {
      const escalated = await records.escalateReviewItem({ itemId: item.itemId });
      if (!review.deciding) review.version = escalated.version;
      await condition(() => review.decision !== null);
    } else if (!decidedInTime) {
      await condition(() => review.decision !== null);
    }
    return review.decision!;
  };

  await records.recordRequest(input);

  stage = 'screening';
  const screening = await records.screenPrompt({ requestId: input.requestId });
  if (screening.verdict === 'block') return finish('blocked', screening.summary);

  // Consent before human review: a reviewer's time is not spent on a request that cannot proceed.
  stage = 'consent_check';
  const consent = await records.checkConsent({ requestId: input.requestId });
  if (!consent.allowed) return finish('blocked', consent.reason);

  if (screening.verdict === 'review') {
    stage = 'prompt_review';
    const decision = await awaitReview('prompt', screening.reasons);
    if (decision.decision === 'reject') return finish('rejected', decision.reason);
  }

  stage = 'generating';
  const clip = await generation.generateClip({ requestId: input.requestId });

  stage = 'moderating';
  const moderation = await media.moderateClip({ requestId: input.requestId, clip, promptWasReviewed: screening.verdict === 'review' });

  stage = 'signing';
  const video = await media.embedProvenance({ requestId: input.requestId, clip, moderation });
  if (video.validationState !== 'Trusted') {
    return finish('failed', `The signed clip reads back as ${video.validationState ?? 'unsigned'}, not Trusted, so it is not published.`);
  }

  if (moderation.verdict === 'review') {
    stage = 'clip_review';
    const decision = await awaitReview('clip', moderation.reasons);
    if (decision.decision === 'reject') return finish('rejected', decision.reason);
  }

  stage = 'publishing';
  await records.publishVideo({ requestId: input.requestId, videoId: video.videoId });
  stage = 'done';
  await condition(allHandlersFinished);
  return { status: 'published', reason: null, videoId: video.videoId };
}
