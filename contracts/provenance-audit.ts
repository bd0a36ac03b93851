/**
 * The provenance audit: the workflows that re-verify the catalogue on a schedule, verify one video
 * on a staff member's request and inspect an uploaded file for /verify (workflows/reverify-catalogue.ts),
 * their progress query and schedule id, and the activities they call on the media task queue
 * (activities/provenance/audit.ts).
 */
import { defineQuery } from '@temporalio/workflow';
import type { ProvenanceReport } from './provenance-report';

/** Workflow type names the app and the stack start, and the worker registers. */
export const REVERIFY_CATALOGUE_WORKFLOW = 'reverifyCatalogue';
export const VERIFY_VIDEO_WORKFLOW = 'verifyVideoProvenance';
export const INSPECT_UPLOAD_WORKFLOW = 'inspectUploadedFile';
/** The Temporal Schedule that starts reverifyCatalogue periodically (created idempotently at start). */
export const REVERIFY_SCHEDULE_ID = 'loupe-reverify-catalogue';
/** How often the schedule starts a run (a Temporal duration string). */
export const REVERIFY_SCHEDULE_INTERVAL = '6h';

/** A catalogue run's progress: the answer of reverifyProgressQuery, carried over continue-as-new. */
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

/** Input of reverifyCatalogue. */
export interface ReverifyCatalogueInput {
  /** Videos per activity call (each heartbeats per video). */
  batchSize?: number;
  /** Carried over continue-as-new; callers leave it out. */
  progress?: ReverifyProgress;
}

/** Answered by reverifyCatalogue. */
export const reverifyProgressQuery = defineQuery<ReverifyProgress>('reverifyProgress');

/** Workflow id of a staff member's "verify now" for one video (one at a time per video). */
export function verifyVideoWorkflowId(videoId: string): string {
  return `provenance-verify-${videoId}`;
}

/** One stored video's provenance checked again. */
export interface VideoVerification {
  videoId: string;
  /** True when every signal holds: file present, manifest present, Trusted, fingerprint registered. */
  passing: boolean;
  validationState: 'Invalid' | 'Valid' | 'Trusted' | null;
  /** Plain sentences, empty when passing. */
  problems: string[];
  alert: 'raised' | 'still_open' | 'resolved' | 'none';
}

/** One batch of a catalogue run. */
export interface ReverifyBatchInput {
  /** reverifyCatalogue's workflow id: the key of its progress row. */
  runId: string;
  /** Videos are walked in id order; the batch starts after this id (null: from the start). */
  afterVideoId: string | null;
  limit: number;
}

/** What one batch found. */
export interface ReverifyBatchResult {
  processed: number;
  failing: number;
  alertsRaised: number;
  lastVideoId: string | null;
  done: boolean;
  /** Published videos in the catalogue when the run started (for a progress bar). */
  total: number;
}

/** The Loupe video a file's frames match (PDQ fingerprints). */
export interface FingerprintMatch {
  videoId: string;
  /** Median Hamming distance of the matched sampled frames (0..31). */
  distance: number;
  /** Share of the file's sampled frames that matched this video. */
  coverage: number;
  matchedFrames: number;
  sampledFrames: number;
}

/** What /api/verify answers about an uploaded file or a stored Loupe video. */
export interface VerifyFileReport extends Omit<ProvenanceReport, 'manifestStore'> {
  /** What was checked: a video (MP4/MOV) or a still image (JPEG/PNG/WebP, fingerprinted as one frame). */
  mediaKind: 'video' | 'image';
  fingerprintMatch: FingerprintMatch | null;
  /** The sampled frames strong enough to match on (PDQ quality >= 50); 0 means no fingerprint was possible. */
  fingerprintFrames: number;
  /**
   * Why there is no fingerprint, in a sentence, when the file had no frames Loupe could decode
   * (e.g. the initialisation segment of a fragmented video); null otherwise. A fact about the file,
   * not an error: its manifest is checked all the same.
   */
  fingerprintProblem: string | null;
}

/** The provenance-audit activities (media task queue). */
export interface ProvenanceAuditActivities {
  verifyStoredVideo(input: { videoId: string; trigger: 'schedule' | 'staff' | 'pipeline'; requestedBy?: string }): Promise<VideoVerification>;
  reverifyBatch(input: ReverifyBatchInput): Promise<ReverifyBatchResult>;
  finishAuditRun(input: { runId: string }): Promise<void>;
  /**
   * Inspects a file put in the media store under `uploads/` (and removes it afterwards), or the
   * stored file of a Loupe video. Bad files fail with type UnsupportedMedia or MalformedMedia.
   */
  inspectUpload(input: { storageKey: string } | { videoId: string }): Promise<VerifyFileReport>;
}
