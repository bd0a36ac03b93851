/**
 * Contracts of the provenance-audit activities (media task queue). Workflows import these types
 * only; the implementations are in ./audit.ts.
 */
import type { ProvenanceReport } from './c2pa';

export interface VideoVerification {
  videoId: string;
  /** True when every signal holds: file present, manifest present, Trusted, fingerprint registered. */
  passing: boolean;
  validationState: 'Invalid' | 'Valid' | 'Trusted' | null;
  /** Plain sentences, empty when passing. */
  problems: string[];
  alert: 'raised' | 'still_open' | 'resolved' | 'none';
}

export interface ReverifyBatchInput {
  /** reverifyCatalogue's workflow id: the key of its progress row. */
  runId: string;
  /** Videos are walked in id order; the batch starts after this id (null: from the start). */
  afterVideoId: string | null;
  limit: number;
}

export interface ReverifyBatchResult {
  processed: number;
  failing: number;
  alertsRaised: number;
  lastVideoId: string | null;
  done: boolean;
  /** Published videos in the catalogue when the run started (for a progress bar). */
  total: number;
}

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
  fingerprintMatch: FingerprintMatch | null;
  /** The sampled frames strong enough to match on (PDQ quality >= 50); 0 means no fingerprint was possible. */
  fingerprintFrames: number;
}

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
