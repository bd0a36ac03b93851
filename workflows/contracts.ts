/**
 * What the outside world may know about the clip pipeline workflow: its name, input, the review
 * decision update, the status query and the task queue names. The console (app/) and the worker
 * import this file; the workflow implements it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

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
  /** Optional words for the creator; stored on the item and sent to them as a notification. */
  creatorNote?: string | null;
  /** Set when the decision is one of a bulk action: every item of the batch carries it in the audit log. */
  batchId?: string | null;
}

export interface EscalateReviewInput {
  itemId: string;
  reason: string;
  staffId: string;
  expectedVersion: number;
}

export interface EscalateReviewResult {
  itemId: string;
  queueId: string;
  version: number;
}

/** An appeal of a blocked or rejected request. Workflow id = appealWorkflowId(requestId). */
export interface AppealReviewInput {
  appealId: string;
  requestId: string;
  creatorId: string;
  /** The creator's own words: why the block or rejection was wrong. */
  statement: string;
}

export interface AppealOutcome {
  appeal: 'overturned' | 'upheld';
  /** What became of the request after the appeal: published when overturned and everything else passed. */
  request: PipelineOutcome;
}

export interface ReviewDecisionResult {
  itemId: string;
  state: 'approved' | 'rejected';
  version: number;
}

export interface PipelineStatus {
  stage: PipelineStage;
  pendingReview: { itemId: string; kind: 'prompt' | 'clip' | 'appeal' | 'report'; version: number } | null;
}

export const decideReviewUpdate = defineUpdate<ReviewDecisionResult, [ReviewDecisionInput]>('decideReview');
export const pipelineStatusQuery = defineQuery<PipelineStatus>('pipelineStatus');
/** A reviewer sends an item to its queue's escalation queue (senior review) instead of deciding it. */
export const escalateReviewUpdate = defineUpdate<EscalateReviewResult, [EscalateReviewInput]>('escalateReview');

export const APPEAL_REVIEW_WORKFLOW = 'appealReview';
export const REPORT_REVIEW_WORKFLOW = 'reportReview';
export const reportWorkflowId = (requestId: string) => `report-${requestId}`;

/** A user's report of a published video; reports of one video gather in one reportReview workflow. */
export interface VideoReportInput {
  videoId: string;
  reporterId: string;
  reason: string;
  details: string | null;
}

export interface ReportReviewInput {
  requestId: string;
  videoId: string;
  /** Reports that arrived as the previous round ended (continue-as-new). */
  carried?: VideoReportInput[];
}

export interface ReportReviewOutcome {
  outcome: 'removed' | 'dismissed' | 'nothing_to_review';
  reason: string | null;
}

export const reportVideoSignal = defineSignal<[VideoReportInput]>('reportVideo');
export const appealWorkflowId = (requestId: string) => `appeal-${requestId}`;

/** The workflow that owns a review item: the request's pipeline, or the appeal of that request. */
export function workflowIdForReviewItem(item: { kind: string; request_id: string }): string {
  if (item.kind === 'appeal') return appealWorkflowId(item.request_id);
  if (item.kind === 'report') return reportWorkflowId(item.request_id);
  return item.request_id;
}

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
