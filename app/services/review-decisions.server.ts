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
import { assertMayAct } from '../../db/queries/review-leases';
import type { Database } from '../../db/schema';
import type { StaffRole } from '../../policies/staff-access';
import { ServiceRefusal } from './refusal';
import { decideReviewItem, escalateReviewItem, type WorkflowClientDeps } from './workflow-client.server';

type Deps = WorkflowClientDeps & { db: Kysely<Database> };
type Reviewer = { id: string; email: string; role: StaffRole };

/**
 * The workflow id of an item the reviewer may act on now. Refuses NOT_FOUND, CONFLICT (decided
 * already), FORBIDDEN (the queue is worked by other roles); a lease held by someone else is a
 * `LeaseConflict` from the lease query.
 */
async function workflowOfItemToAct(db: Kysely<Database>, reviewer: Reviewer, itemId: string): Promise<string> {
  const item = await reviewItemForAction(db, itemId);
  if (!item) throw new ServiceRefusal('NOT_FOUND', 'There is no review item with that id.');
  if (item.state !== 'open') throw new ServiceRefusal('CONFLICT', `This item was already ${item.state}; nothing was changed.`);
  if (!item.allowed_roles.includes(reviewer.role)) {
    throw new ServiceRefusal('FORBIDDEN', `The ${item.name} queue is worked by ${item.allowed_roles.join(', ')}; your role is ${reviewer.role}.`);
  }
  await assertMayAct(db, reviewer.id, itemId);
  return workflowIdForReviewItem(item);
}

/** Decides one item. Throws the refusals of `workflowOfItemToAct` and the workflow's `WorkflowRefusedUpdate`. */
export async function decideItem(deps: Deps, reviewer: Reviewer, decision: Omit<ReviewDecisionInput, 'reviewerId' | 'batchId'>) {
  const workflowId = await workflowOfItemToAct(deps.db, reviewer, decision.itemId);
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

/**
 * Decides each item in turn; one item's refusal does not stop the others but is reported with its
 * sentence. The batch is audited first, and every item's own audit entry carries the same batch id.
 */
export async function bulkDecide(deps: Deps, reviewer: Reviewer, bulk: BulkDecision) {
  const batchId = randomUUID();
  await appendAudit(deps.db, {
    ...staffActor(reviewer), action: 'review.bulk', subjectType: 'batch', subjectId: batchId,
    after: { decision: bulk.decision, reason: bulk.reason, items: bulk.items.map((i) => i.itemId) },
  });
  const results: { itemId: string; ok: boolean; message: string | null }[] = [];
  for (const { itemId, expectedVersion } of bulk.items) {
    try {
      const workflowId = await workflowOfItemToAct(deps.db, reviewer, itemId);
      await decideReviewItem(deps, workflowId, {
        itemId, expectedVersion, decision: bulk.decision, reason: bulk.reason, note: bulk.note, reviewerId: reviewer.id, batchId,
      });
      results.push({ itemId, ok: true, message: null });
    } catch (error) {
      results.push({ itemId, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { batchId, results };
}
