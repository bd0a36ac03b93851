/**
 * Copyright disputes (issue 13): a creator disputes a copyright block or takedown (one
 * `copyright_matches` row of theirs). The copyrightDispute workflow (workflows/copyright-dispute.ts)
 * records it, gives the claimant a deadline to answer on their token page (updates from the app),
 * lets the creator appeal an upheld claim, escalates to legal in the copyright queue through the
 * review gate, and carries out the outcome: a release publishes a taken-down video again.
 *
 * Workflow name, id, input, updates, query, outcome and the activities it calls
 * (activities/copyright/disputes.ts).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CopyrightDisputeOutcomeKind, CopyrightDisputeState, CopyrightDisputeTimers } from '../policies/copyright/disputes';

export type { CopyrightDisputeOutcomeKind, CopyrightDisputeState, CopyrightDisputeTimers };

/** The workflow type name the app starts and the worker registers. */
export const COPYRIGHT_DISPUTE_WORKFLOW = 'copyrightDispute';

/** Workflow id of one dispute: one workflow per dispute id. */
export function copyrightDisputeWorkflowId(disputeId: string): string {
  return `copyright-dispute-${disputeId}`;
}

/** Input of copyrightDispute. Workflow id = copyrightDisputeWorkflowId(disputeId). */
export interface CopyrightDisputeInput {
  /** Minted by the app; keys the copyright_disputes row. */
  disputeId: string;
  /** The copyright_matches row disputed. */
  matchId: string;
  /** The creator disputing; must be the creator of the match's request. */
  creatorId: string;
  /** Why the creator disputes, in their words. */
  statement: string;
  /** The deadlines (seconds), resolved by the app from its configuration. */
  timers: CopyrightDisputeTimers;
}

/** What recording a dispute found: where it goes first. */
export interface CopyrightDisputeRecord {
  requestId: string;
  videoId: string | null;
  matchAction: 'blocked' | 'taken_down';
  /** False for an entity with no claimant (a seeded list): the dispute goes to legal at once. */
  hasClaimant: boolean;
  /** The name of the matched entity (for reasons and messages). */
  entityName: string;
}

/**
 * Sent with the start (update-with-start): answers once the dispute is recorded; refused
 * (ApplicationFailure type DisputeRefused, with the sentence) when it cannot be, e.g. another dispute
 * of the same match was opened a moment before.
 */
export const copyrightDisputeRecordedUpdate = defineUpdate<CopyrightDisputeRecord, []>('copyrightDisputeRecorded');

/** The claimant's answer on their token page, to the dispute or to the creator's appeal. */
export interface ClaimantAnswerInput {
  /** uphold: the claim stands (with a statement); release: the claim is released for this video or request. */
  answer: 'uphold' | 'release';
  statement: string;
}

/** The claimant answers (refused, type DisputeRefused, when the dispute is not waiting for them). */
export const answerCopyrightDisputeUpdate = defineUpdate<{ state: CopyrightDisputeState }, [ClaimantAnswerInput]>('answerCopyrightDispute');

/** The creator appeals an upheld claim (refused, type DisputeRefused, outside the appeal window or by another creator). */
export const appealCopyrightDisputeUpdate = defineUpdate<{ state: CopyrightDisputeState }, [{ creatorId: string; statement: string }]>('appealCopyrightDispute');

/** Where the dispute is, and its open review item when with legal. */
export interface CopyrightDisputeProgress {
  state: CopyrightDisputeState;
  pendingReview: { itemId: string; kind: string; version: number } | null;
}

/** Where the dispute is now. */
export const copyrightDisputeProgressQuery = defineQuery<CopyrightDisputeProgress>('copyrightDisputeProgress');

/** How a dispute ended. */
export interface CopyrightDisputeOutcome {
  outcome: CopyrightDisputeOutcomeKind;
  /** True when a taken-down video was published again. */
  reinstated: boolean;
}

/** Activities of copyright disputes on the pipeline task queue (short database work). */
export interface CopyrightDisputeActivities {
  /**
   * Stores the dispute (idempotent per dispute id) with the claimant's deadline, queues the
   * claimant's message with their answer link, tells the creator it arrived and writes the audit.
   * Refuses (non-retryable, type DisputeRefused) a match that is not the creator's, not a block or
   * takedown, or already disputed.
   */
  recordCopyrightDispute(input: CopyrightDisputeInput): Promise<CopyrightDisputeRecord>;
  /** Records the claimant's answer (to the dispute or to the appeal) and writes the audit. */
  recordClaimantAnswer(input: { disputeId: string; round: 'dispute' | 'appeal'; answer: ClaimantAnswerInput }): Promise<void>;
  /** The claimant upheld: the creator is told they may appeal until the deadline. */
  openDisputeAppealWindow(input: { disputeId: string; appealWindowSeconds: number }): Promise<void>;
  /** The creator appealed: the appeal and the claimant's new deadline stored, the claimant's message queued, the audit written. */
  recordDisputeAppeal(input: { disputeId: string; creatorId: string; statement: string; appealAnswerSeconds: number }): Promise<void>;
  /** The dispute goes to legal: state with_legal, the creator told; returns the review item's reasons. */
  escalateCopyrightDispute(input: { disputeId: string; why: string }): Promise<{ reasons: string[] }>;
  /**
   * Ends the dispute: released (a taken-down video is published again, activities/reinstate-video.ts,
   * in the same transaction) or upheld; the creator notified, the audit written. Idempotent.
   */
  closeCopyrightDispute(input: { disputeId: string; outcome: CopyrightDisputeOutcomeKind; reason: string; staffId: string | null }): Promise<{ reinstated: boolean }>;
}
