/**
 * What the outside world may know about the clip pipeline workflow: its name, input, the review
 * decision update, the status query and the task queue names. The console (app/) and the worker
 * import this file; the workflow implements it.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const CLIP_PIPELINE_WORKFLOW = 'clipPipeline';

export interface ClipPipelineInput {
  requestId: string;
  creatorId: string;
  prompt: string;
  durationSeconds: number;
  width: number;
  height: number;
  seed: number;
  cameoIds: string[];
  remixOfVideoId: string | null;
}

export type PipelineStage =
  | 'recording' | 'screening' | 'consent_check' | 'prompt_review' | 'generating' | 'moderating'
  | 'signing' | 'clip_review' | 'publishing' | 'done';

export interface PipelineOutcome {
  status: 'published' | 'blocked' | 'rejected' | 'failed';
  reason: string | null;
  videoId: string | null;
}

export interface ReviewDecisionInput {
  itemId: string;
  decision: 'approve' | 'reject';
  reason: string;
  note: string | null;
  reviewerId: string;
  /** The item version the reviewer saw; a changed item answers with a conflict instead of being overwritten. */
  expectedVersion: number;
}

export interface ReviewDecisionResult {
  itemId: string;
  state: 'approved' | 'rejected';
  version: number;
}

export interface PipelineStatus {
  stage: PipelineStage;
  pendingReview: { itemId: string; kind: 'prompt' | 'clip'; version: number } | null;
}

export const decideReviewUpdate = defineUpdate<ReviewDecisionResult, [ReviewDecisionInput]>('decideReview');
export const pipelineStatusQuery = defineQuery<PipelineStatus>('pipelineStatus');

/**
 * One prefix names a deployment's task queues. Embedded mode runs one worker per queue in a single
 * process; at scale each queue gets its own worker pool (CPU media work, GPU/provider generation).
 */
export function taskQueueNames(prefix: string) {
  return { pipeline: `${prefix}-pipeline`, media: `${prefix}-media`, generation: `${prefix}-generation` } as const;
}

export function prefixOfTaskQueue(pipelineTaskQueue: string): string {
  return pipelineTaskQueue.replace(/-pipeline$/, '');
}
