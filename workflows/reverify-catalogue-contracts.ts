/**
 * What the console and the stack may know about the provenance-audit workflows: names, inputs,
 * the progress query and the schedule id. The workflows implement it in ./reverify-catalogue.ts.
 */
import { defineQuery } from '@temporalio/workflow';

export const REVERIFY_CATALOGUE_WORKFLOW = 'reverifyCatalogue';
export const VERIFY_VIDEO_WORKFLOW = 'verifyVideoProvenance';
export const INSPECT_UPLOAD_WORKFLOW = 'inspectUploadedFile';
/** The Temporal Schedule that starts reverifyCatalogue periodically (created idempotently at start). */
export const REVERIFY_SCHEDULE_ID = 'loupe-reverify-catalogue';
export const REVERIFY_SCHEDULE_INTERVAL = '6h';

export interface ReverifyProgress {
  /** The run's workflow id; it survives continue-as-new, so it keys the run's progress row. */
  runId: string;
  total: number;
  processed: number;
  failing: number;
  alertsRaised: number;
  batches: number;
  /** Id of the last video verified: where the next batch (or the next run after continue-as-new) resumes. */
  cursor: string | null;
  done: boolean;
}

export interface ReverifyCatalogueInput {
  /** Videos per activity call (each heartbeats per video). */
  batchSize?: number;
  /** Carried over continue-as-new; callers leave it out. */
  progress?: ReverifyProgress;
}

export const reverifyProgressQuery = defineQuery<ReverifyProgress>('reverifyProgress');

/** Workflow id of a staff member's "verify now" for one video (one at a time per video). */
export function verifyVideoWorkflowId(videoId: string): string {
  return `provenance-verify-${videoId}`;
}
