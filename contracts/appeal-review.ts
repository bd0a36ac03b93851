/**
 * The appeal of a blocked or rejected request: workflow name, id, input and outcome. Implemented by
 * workflows/appeal-review.ts, which answers pipelineStatusQuery too.
 */
import type { PipelineOutcome } from './clip-pipeline';

/** The workflow type name the app starts and the worker registers. */
export const APPEAL_REVIEW_WORKFLOW = 'appealReview';

/** Workflow id of a request's appeal: one appeal per request. */
export const appealWorkflowId = (requestId: string): string => `appeal-${requestId}`;

/** An appeal of a blocked or rejected request. Workflow id = appealWorkflowId(requestId). */
export interface AppealReviewInput {
  appealId: string;
  requestId: string;
  creatorId: string;
  /** The creator's own words: why the block or rejection was wrong. */
  statement: string;
}

/** How an appeal ended, and what became of the request. */
export interface AppealOutcome {
  appeal: 'overturned' | 'upheld';
  /** What became of the request after the appeal: published when overturned and everything else passed. */
  request: PipelineOutcome;
}
