/**
 * Human review through a workflow: the decision and escalation updates a reviewer's click sends to
 * the workflow that owns the review item. Implemented by workflows/review-gate.ts for every
 * workflow with review (clipPipeline, appealReview, reportReview).
 */
import { defineUpdate } from '@temporalio/workflow';
import { appealWorkflowId } from './appeal-review';
import { copyrightClaimWorkflowId } from './copyright-claims';
import { copyrightDisputeWorkflowId } from './copyright-disputes';
import { copyrightMatchReviewWorkflowId } from './copyright-rescan';
import { likenessComplaintWorkflowId } from './likeness-complaint';
import { reportWorkflowId } from './report-review';
import type { REVIEW_GATE_KINDS } from '../policies/review';

/** The kinds of review item; each is opened by the workflow that owns it (the list is policies/review.ts REVIEW_GATE_KINDS). */
export type ReviewItemKind = (typeof REVIEW_GATE_KINDS)[number];

/**
 * What a review item is about: a generation request (every kind but one), or (issue 13, migration
 * 020) a copyright claim, which has no request. Exactly one is given.
 */
export type ReviewSubject = { requestId: string; copyrightClaimId?: undefined } | { copyrightClaimId: string; requestId?: undefined };

/** A reviewer's decision on one review item. */
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
  /**
   * Issue 13, copyright claim items only: approve some entities only, or with another rule than
   * requested (a null rule leaves the entity out). Validated by the app and again by the claim's workflow.
   */
  entityDecisions?: { position: number; rule: 'allow' | 'review' | 'block' | null }[];
}

/** What a decided item became. */
export interface ReviewDecisionResult {
  itemId: string;
  state: 'approved' | 'rejected';
  version: number;
}

/** A reviewer sending an item to its queue's escalation queue. */
export interface EscalateReviewInput {
  itemId: string;
  reason: string;
  staffId: string;
  expectedVersion: number;
}

/** Where an escalated item went, and its new version. */
export interface EscalateReviewResult {
  itemId: string;
  queueId: string;
  version: number;
}

/** A reviewer's decision; refused (ApplicationFailure type ReviewRefused) when the item is not waiting or changed. */
export const decideReviewUpdate = defineUpdate<ReviewDecisionResult, [ReviewDecisionInput]>('decideReview');
/** A reviewer sends an item to its queue's escalation queue (senior review) instead of deciding it. */
export const escalateReviewUpdate = defineUpdate<EscalateReviewResult, [EscalateReviewInput]>('escalateReview');

/**
 * The id of the workflow that owns a review item: the request's pipeline (workflow id = request id),
 * the appeal of that request, the reports of its video, or the likeness complaint open on it. `item`
 * is a review_items row (or its kind and request id); for a likeness complaint item also the open
 * complaint's id (`likeness_complaint_id`, db/queries/review.ts reviewItemForAction), since several
 * complaints over time share the item of their anchor request.
 */
export function workflowIdForReviewItem(item: { kind: string; request_id: string | null; likeness_complaint_id?: string | null; copyright_claim_id?: string | null; copyright_dispute_id?: string | null }): string {
  // Issue 13: a claim's item has no request; its workflow is the claim's.
  if (item.copyright_claim_id) return copyrightClaimWorkflowId(item.copyright_claim_id);
  if (item.request_id === null) throw new Error(`A ${item.kind} review item has neither a request nor a copyright claim.`);
  if (item.kind === 'appeal') return appealWorkflowId(item.request_id);
  if (item.kind === 'likeness_complaint' && item.likeness_complaint_id) return likenessComplaintWorkflowId(item.likeness_complaint_id);
  if (item.kind === 'report') return reportWorkflowId(item.request_id);
  if (item.kind === 'copyright_match') return copyrightMatchReviewWorkflowId(item.request_id);
  // Issue 13: a dispute item hangs on its request and is owned by the dispute with legal there (db/queries/review.ts reviewItemForAction).
  if (item.kind === 'copyright_dispute' && item.copyright_dispute_id) return copyrightDisputeWorkflowId(item.copyright_dispute_id);
  return item.request_id;
}
