/**
 * A reviewer's decision, escalation or bulk decision: checked here (the item exists, is open, is in
 * a queue the reviewer's role works, and nobody else holds it), then sent as an update to the
 * workflow that owns the item. The workflow's activity writes the decision and its audit entry
 * (single writer); the app writes nothing of the item itself.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { workflowIdForReviewItem, type EscalateReviewInput, type ReviewDecisionInput } from '../../contracts';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { reviewItemForAction } from '../../db/queries/review';
import { assertMayAct, LeaseConflict, QueueNotWorkable } from '../../db/queries/review-leases';
import type { Database } from '../../db/schema';
import type { StaffRole } from '../../policies/staff-access';
import { claimEntityDecisionProblem } from './copyright-claims.server';
import { ServiceRefusal } from './refusal';
import { decideReviewItem, escalateReviewItem, WorkflowRefusedUpdate, type WorkflowClientDeps } from './workflow-client.server';

type Deps = WorkflowClientDeps & { db: Kysely<Database> };
type Reviewer = { id: string; email: string; role: StaffRole };

/**
 * The workflow id of an item the reviewer may act on now. Refuses NOT_FOUND, CONFLICT (decided
 * already), FORBIDDEN (the queue is worked by other roles); a lease held by someone else is a
 * `LeaseConflict` from the lease query. BAD_REQUEST when a likeness complaint is rejected without
 * words for the complainant (`decision`: what is being decided, absent for an escalation).
 */
async function workflowOfItemToAct(
  db: Kysely<Database>,
  reviewer: Reviewer,
  itemId: string,
  decision?: { decision: 'approve' | 'reject'; creatorNote?: string | null; bulk?: boolean; entityDecisions?: ReviewDecisionInput['entityDecisions'] },
): Promise<string> {
  const item = await reviewItemForAction(db, itemId);
  if (!item) throw new ServiceRefusal('NOT_FOUND', 'There is no review item with that id.');
  if (item.state !== 'open') throw new ServiceRefusal('CONFLICT', `This item was already ${item.state}; nothing was changed.`);
  if (!item.allowed_roles.includes(reviewer.role)) {
    throw new ServiceRefusal('FORBIDDEN', `The ${item.name} queue is worked by ${item.allowed_roles.join(', ')}; your role is ${reviewer.role}.`);
  }
  await assertMayAct(db, reviewer.id, itemId);
  // A likeness complaint is a legal decision about its own evidence, with its own reasons: never one of a batch.
  if (item.kind === 'likeness_complaint' && decision?.bulk) {
    throw new ServiceRefusal('BAD_REQUEST', 'Likeness complaints are decided one at a time, on their review screen; leave them out of the selection.');
  }
  // The complainant is told why (issue 11): a policy reason alone does not explain a rejection to them.
  if (item.kind === 'likeness_complaint' && decision?.decision === 'reject' && !decision.creatorNote?.trim()) {
    throw new ServiceRefusal('BAD_REQUEST', 'Write the reason for the complainant (they receive it with the decision), then reject again.');
  }
  // Issue 13: a copyright claim is decided one at a time, and a rejected claimant is told why in the reviewer's words.
  if (item.kind === 'copyright_claim' && decision?.bulk) {
    throw new ServiceRefusal('BAD_REQUEST', 'Copyright claims are decided one at a time, on their review screen; leave them out of the selection.');
  }
  if (item.kind === 'copyright_claim' && decision?.decision === 'reject' && !decision.creatorNote?.trim()) {
    throw new ServiceRefusal('BAD_REQUEST', 'Write the reason for the claimant (they read it on their status page), then reject again.');
  }
  if (decision?.entityDecisions && decision.entityDecisions.length > 0) {
    if (item.kind !== 'copyright_claim' || !item.copyright_claim_id) throw new ServiceRefusal('BAD_REQUEST', 'Per-entity rules belong to copyright claims only; send the decision without them.');
    const problem = await claimEntityDecisionProblem(db, item.copyright_claim_id, decision.decision, decision.entityDecisions);
    if (problem) throw new ServiceRefusal('BAD_REQUEST', problem);
  }
  return workflowIdForReviewItem(item);
}

/** Decides one item. Throws the refusals of `workflowOfItemToAct` and the workflow's `WorkflowRefusedUpdate`. */
export async function decideItem(deps: Deps, reviewer: Reviewer, decision: Omit<ReviewDecisionInput, 'reviewerId' | 'batchId'>) {
  const workflowId = await workflowOfItemToAct(deps.db, reviewer, decision.itemId, decision);
  return decideReviewItem(deps, workflowId, { ...decision, reviewerId: reviewer.id });
}

/** Sends one item to its queue's escalation queue. Throws like `decideItem`. */
export async function escalateItem(deps: Deps, reviewer: Reviewer, escalation: Omit<EscalateReviewInput, 'staffId'>) {
  const workflowId = await workflowOfItemToAct(deps.db, reviewer, escalation.itemId);
  return escalateReviewItem(deps, workflowId, { ...escalation, staffId: reviewer.id });
}

/** One decision for many items; what the bulk bar sends. */
export interface BulkDecision {
  items: { itemId: string; expectedVersion: number }[];
  decision: 'approve' | 'reject';
  reason: string;
  note: string | null;
}

/** What happened to one item of a batch: decided, refused (with the refusal's sentence), or failed on Loupe's side. */
export interface BulkItemOutcome {
  itemId: string;
  ok: boolean;
  outcome: 'decided' | 'refused' | 'failed';
  message: string | null;
}

/** The sentence for an item whose decision failed for a reason that is not a refusal; the detail goes to the log. */
const BULK_ITEM_FAILED = 'Loupe could not decide this item because of a problem on our side; open it and try again.';

/** True for the typed refusals of the layers below: the item was left as it was, for the reason in the message. */
function isRefusal(error: unknown): error is Error {
  return error instanceof ServiceRefusal || error instanceof LeaseConflict || error instanceof QueueNotWorkable || error instanceof WorkflowRefusedUpdate;
}

/**
 * Decides each item in turn; one item's refusal does not stop the others but is reported with its
 * sentence. Every decided item's own audit entry is written by its workflow's activity, with the
 * batch id. After the last item, one `review.bulk` entry on the batch records what happened: the
 * items asked for (`items`), those decided, those refused with each refusal's sentence, and those
 * that failed on Loupe's side. Nothing is written before the outcome is known, so the log never
 * records a decision that did not happen; a refusal is recorded as a refusal (an attempt to act on
 * items the reviewer may not decide is worth an auditor's eye), never as a decision.
 */
export async function bulkDecide(deps: Deps, reviewer: Reviewer, bulk: BulkDecision) {
  const batchId = randomUUID();
  const results: BulkItemOutcome[] = [];
  for (const { itemId, expectedVersion } of bulk.items) {
    try {
      const workflowId = await workflowOfItemToAct(deps.db, reviewer, itemId, { decision: bulk.decision, bulk: true });
      await decideReviewItem(deps, workflowId, {
        itemId, expectedVersion, decision: bulk.decision, reason: bulk.reason, note: bulk.note, reviewerId: reviewer.id, batchId,
      });
      results.push({ itemId, ok: true, outcome: 'decided', message: null });
    } catch (error) {
      if (isRefusal(error)) {
        results.push({ itemId, ok: false, outcome: 'refused', message: error.message });
      } else {
        // Not a refusal: the update may or may not have reached the workflow; its own audit entry says which.
        console.error(`[review] bulk decision ${batchId}, item ${itemId}:`, error);
        results.push({ itemId, ok: false, outcome: 'failed', message: BULK_ITEM_FAILED });
      }
    }
  }
  await appendAudit(deps.db, {
    ...staffActor(reviewer), action: 'review.bulk', subjectType: 'batch', subjectId: batchId,
    after: {
      decision: bulk.decision, reason: bulk.reason, note: bulk.note,
      items: bulk.items.map((i) => i.itemId),
      decided: results.filter((r) => r.outcome === 'decided').map((r) => r.itemId),
      refused: results.filter((r) => r.outcome === 'refused').map((r) => ({ itemId: r.itemId, refusal: r.message })),
      failed: results.filter((r) => r.outcome === 'failed').map((r) => r.itemId),
    },
  });
  return { batchId, results };
}
