/**
 * Users' reports of a published video: workflow name, id, input, outcome and the report signal.
 * Reports of one video gather in one reportReview workflow (workflows/report-review.ts).
 */
import { defineSignal } from '@temporalio/workflow';

/** The workflow type name the app starts and the worker registers. */
export const REPORT_REVIEW_WORKFLOW = 'reportReview';

/** Workflow id of the reports of a request's video: one running review per video. */
export const reportWorkflowId = (requestId: string): string => `report-${requestId}`;

/** A user's report of a published video. */
export interface VideoReportInput {
  videoId: string;
  reporterId: string;
  reason: string;
  details: string | null;
}

/** Input of reportReview. Workflow id = reportWorkflowId(requestId). */
export interface ReportReviewInput {
  requestId: string;
  videoId: string;
  /** Reports that arrived as the previous round ended (continue-as-new). */
  carried?: VideoReportInput[];
}

/** How one round of report review ended. */
export interface ReportReviewOutcome {
  outcome: 'removed' | 'dismissed' | 'nothing_to_review';
  reason: string | null;
}

/** A new report of the video; sent with signalWithStart so the first report starts the workflow. */
export const reportVideoSignal = defineSignal<[VideoReportInput]>('reportVideo');
