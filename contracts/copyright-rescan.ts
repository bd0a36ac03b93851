/**
 * Copyright rescans (issue 13): when a claim is approved or a hash bank is switched on, the
 * published catalogue is checked again against the banks, because videos published before the
 * claim may show the claimed work. The copyrightRescan workflow (workflows/copyright-rescan.ts)
 * walks the published videos in keyset pages (published_at, id), compares each video's stored PDQ
 * fingerprints with the banks (activities/copyright/rescan.ts, media task queue) and acts on each
 * match as the entity's rule says: takedown, review in the copyright queue (copyrightMatchReview,
 * one per video), or held (a quarantined bank hash: recorded only).
 *
 * Workflow names, ids, inputs, signals, the progress query and the activities' interface.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The workflow type name the app (and copyrightClaim, as a child) starts and the worker registers. */
export const COPYRIGHT_RESCAN_WORKFLOW = 'copyrightRescan';

/** Workflow id of one rescan: one workflow per rescan id, so a repeated start is harmless. */
export function copyrightRescanWorkflowId(rescanId: string): string {
  return `copyright-rescan-${rescanId}`;
}

/** The workflow type name of the review of one queued match. */
export const COPYRIGHT_MATCH_REVIEW_WORKFLOW = 'copyrightMatchReview';

/**
 * Workflow id of the review of a video's copyright match, keyed by the video's request (review items
 * are one per request and kind): while one review of a video is open, a second rescan matching the
 * same video joins it instead of opening another.
 */
export function copyrightMatchReviewWorkflowId(requestId: string): string {
  return `copyright-match-review-${requestId}`;
}

/** What started a rescan: an approved claim (copyrightClaim's child) or a bank switched on. */
export type CopyrightRescanTrigger = { kind: 'claim'; claimId: string } | { kind: 'bank'; bankId: string };

/** The keyset position after the last video scanned: its published_at (ISO 8601) and id. */
export interface CopyrightRescanCursor {
  publishedAt: string;
  videoId: string;
}

/** A rescan's counts; the row (copyright_rescans) and the progress query carry the same ones. */
export interface CopyrightRescanCounts {
  /** Published videos scanned so far. */
  scanned: number;
  /** Videos with at least one bank match that a rule acts on or holds (allowed matches are not counted). */
  matched: number;
  /** Videos this rescan took down (the entity's rule is block). */
  takenDown: number;
  /** Videos sent to the copyright queue (the rule is review, or allow with conditions). */
  queued: number;
  /** Videos whose only matches were quarantined bank hashes: recorded, not acted on. */
  held: number;
}

/** The states of a rescan (copyright_rescans.state). */
export const COPYRIGHT_RESCAN_STATES = ['running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export type CopyrightRescanState = (typeof COPYRIGHT_RESCAN_STATES)[number];

/** Answer of copyrightRescanProgressQuery. */
export interface CopyrightRescanProgress extends CopyrightRescanCounts {
  rescanId: string;
  state: CopyrightRescanState;
  /** Published videos when the rescan began (the progress bar's denominator). */
  total: number;
  cursor: CopyrightRescanCursor | null;
}

/** Input of copyrightRescan. Workflow id = copyrightRescanWorkflowId(rescanId). */
export interface CopyrightRescanInput {
  /** Minted by the starter (startCopyrightRescan, or copyrightClaim); keys the copyright_rescans row. */
  rescanId: string;
  trigger: CopyrightRescanTrigger;
  /** The banks to compare against; empty means every enabled bank. */
  bankIds: string[];
  /** The staff member who started it; null for a rescan a claim's approval started. */
  startedBy: string | null;
  /** Published videos per batch (default 100, at most 1,000); tests set a small one. */
  batchSize?: number;
  /** Batches per workflow run before it continues as new (default 50), so one history stays small. */
  batchesPerRun?: number;
  /** Where to resume: set by continue-as-new; callers leave it out. */
  cursor?: CopyrightRescanCursor | null;
  /** Carried over continue-as-new; callers leave it out. */
  carried?: { counts: CopyrightRescanCounts; total: number; paused: boolean };
}

/** Pause after the batch in flight; the row shows `paused`. */
export const pauseCopyrightRescanSignal = defineSignal('pauseCopyrightRescan');
/** Resume a paused rescan. */
export const resumeCopyrightRescanSignal = defineSignal('resumeCopyrightRescan');
/** Stop after the batch in flight; what was done stays done. */
export const cancelCopyrightRescanSignal = defineSignal<[{ staffId: string | null }]>('cancelCopyrightRescan');
/** Live progress of a running rescan. */
export const copyrightRescanProgressQuery = defineQuery<CopyrightRescanProgress>('copyrightRescanProgress');

/** What one batch did to one video; `none` when no bank matched (or every match was allowed or cancelled). */
export type CopyrightRescanVideoOutcome = 'none' | 'taken_down' | 'queued' | 'held' | 'already_down';

/** A video a batch queued for review: the workflow starts its copyrightMatchReview. */
export interface CopyrightQueuedVideo {
  videoId: string;
  requestId: string;
  matchId: string;
  /** Reasons for the reviewer: entity, bank and distance. */
  reasons: string[];
  /** When the matched bank was created (ISO 8601): a takedown of a video made before it is no strike. */
  claimedAt: string | null;
}

/** One batch's result. */
export interface CopyrightRescanBatchResult {
  /** Videos scanned in this batch. */
  scanned: number;
  /** Counts of this batch's videos only (added to the rescan's by the workflow). */
  counts: CopyrightRescanCounts;
  queued: CopyrightQueuedVideo[];
  /** The last video of the batch; null when the batch was empty (the end of the catalogue). */
  next: CopyrightRescanCursor | null;
}

/** Input of copyrightMatchReview. Workflow id = copyrightMatchReviewWorkflowId(requestId). */
export interface CopyrightMatchReviewInput {
  videoId: string;
  requestId: string;
  matchId: string;
  rescanId: string;
  reasons: string[];
  /** When the matched bank was created (ISO 8601; see CopyrightQueuedVideo). */
  claimedAt: string | null;
}

/** How a copyright match review ended. */
export type CopyrightMatchReviewOutcome = 'stays_up' | 'taken_down' | 'already_down';

/** The rescan's activities (media task queue: fingerprinting a video without stored hashes is CPU work). */
export interface CopyrightRescanActivities {
  /**
   * Writes the rescan's row (state running, total = published videos now) and answers the total; a
   * second call for the same id changes nothing and answers the recorded total.
   */
  recordCopyrightRescan(input: { rescanId: string; trigger: CopyrightRescanTrigger; bankIds: string[]; startedBy: string | null; batchSize: number }): Promise<{ total: number }>;
  /**
   * One keyset page of published videos after `after`, compared with the banks; each match acted on
   * once per (rescan, video): a retried batch answers the recorded outcomes and acts on nothing again.
   */
  rescanCopyrightBatch(input: { rescanId: string; bankIds: string[]; after: CopyrightRescanCursor | null; limit: number }): Promise<CopyrightRescanBatchResult>;
  /** Writes progress, state and cursor to the row (finished_at when the state is final). */
  saveCopyrightRescanProgress(input: { rescanId: string; progress: CopyrightRescanProgress; lastError?: string | null }): Promise<void>;
}
