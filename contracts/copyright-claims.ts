/**
 * Copyright claims (issue 13): a rights holder asks Loupe to apply their rule to the characters,
 * works or brands they hold. The copyrightClaim workflow (workflows/copyright-claim.ts) records the
 * claim with its duplicates and conflicts, opens an item in the copyright queue through the review
 * gate, and carries out legal's decision: approval makes each approved entity live in the works
 * registry with the holder's rule (the next screening compiles a new policy version), hashes the
 * reference media into a bank per entity, and starts a rescan of the published catalogue as a
 * child workflow; rejection tells the claimant why.
 *
 * Workflow name, id, input, outcome, the record update and the activities it calls (activities/copyright/claims.ts).
 */
import { defineUpdate } from '@temporalio/workflow';
import type {
  ClaimConflict, ClaimedEntity, ClaimEntityDecision, ClaimFileRole, ClaimMimeType, CopyrightClaimFile, CopyrightClaimFiling, CopyrightClaimOutcomeRecord,
  CopyrightClaimState,
} from '../policies/copyright/claims';
import type { CopyrightRule } from '../policies/copyright/types';

// The stored shapes of a claim are policy (policies/copyright/claims.ts), shared with db/.
export type {
  ClaimConflict, ClaimedEntity, ClaimEntityDecision, ClaimFileRole, ClaimMimeType, CopyrightClaimFile, CopyrightClaimFiling, CopyrightClaimOutcomeRecord,
  CopyrightClaimState,
};

/** The workflow type name the app starts and the worker registers. */
export const COPYRIGHT_CLAIM_WORKFLOW = 'copyrightClaim';

/** Workflow id of one claim: one workflow per claim id, so a repeated start is refused by Temporal. */
export function copyrightClaimWorkflowId(claimId: string): string {
  return `copyright-claim-${claimId}`;
}

/**
 * Sent with the start (update-with-start): answers once the claim is recorded, with how many
 * duplicates and conflicts were found, so the status page opens at once; refused (ApplicationFailure
 * type ClaimRefused, with the sentence) when it cannot be recorded.
 */
export const copyrightClaimRecordedUpdate = defineUpdate<{ conflicts: number }, []>('copyrightClaimRecorded');

/** Input of copyrightClaim. Workflow id = copyrightClaimWorkflowId(claimId). */
export interface CopyrightClaimInput extends CopyrightClaimFiling {
  /** Minted by the app; keys the copyright_claims row. */
  claimId: string;
}

/** How a claim ended. */
export interface CopyrightClaimOutcome {
  outcome: 'approved' | 'rejected';
  reason: string;
  /** Registry entities made live, by claimed position. */
  entities: { position: number; entityId: string; rule: CopyrightRule }[];
  bankIds: string[];
  /** The rescan started as a child workflow (ParentClosePolicy ABANDON); null when no bank was made. */
  rescanId: string | null;
}

/** An entity an approval made live, and the reference files of it to hash into its bank. */
export interface ApprovedClaimEntity {
  position: number;
  entityId: string;
  name: string;
  rule: CopyrightRule;
  referenceFiles: { storageKey: string; mimeType: ClaimMimeType }[];
}

/** Activities of a copyright claim on the pipeline task queue (short database work). */
export interface CopyrightClaimActivities {
  /** Stores the claim, its entities and files with the conflicts found (idempotent per claim id); tells a filing creator it arrived. */
  recordCopyrightClaim(input: CopyrightClaimInput): Promise<{ conflicts: ClaimConflict[] }>;
  /** Marks the claim in review and returns the review item's reasons (entities, rules, conflicts first). */
  startCopyrightClaimReview(input: { claimId: string }): Promise<{ reasons: string[] }>;
  /**
   * Approved: each entity not left out is upserted live in the works registry with the approved rule
   * (claimId set), the claim closed as approved, the audit written and a filing creator told, in one
   * transaction. A retry answers the same entities. Throws ApplicationFailure InvalidRequest for
   * overrides naming positions the claim does not have.
   */
  approveCopyrightClaim(input: { claimId: string; reviewerId: string; reason: string; decisions?: ClaimEntityDecision[] }): Promise<{ entities: ApprovedClaimEntity[] }>;
  /** Stores what approval went on to do (banks, hashes, rescan) on the claim, for the console and the status page. */
  recordCopyrightClaimOutcome(input: { claimId: string; outcome: CopyrightClaimOutcomeRecord }): Promise<void>;
  /** Rejected: the claim closed with the reviewer's reason, the claimant told, the audit written. */
  rejectCopyrightClaim(input: { claimId: string; reviewerId: string; reason: string }): Promise<void>;
}
