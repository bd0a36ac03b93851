/**
 * Human review inside a workflow: open an item, wait for a reviewer's decision (update), let a
 * reviewer escalate it (update), and escalate it automatically when its queue's SLA passes
 * (durable timer; the duration comes from review_queues, so tests can use seconds).
 *
 * Shared by clipPipeline and appealReview so both refuse stale or racing decisions the same way.
 * Deterministic: only workflow APIs and activity calls.
 */
import { condition, setHandler } from '@temporalio/workflow';
import type { RecordActivities } from '../activities/types';
import { decideReviewUpdate, escalateReviewUpdate, type ReviewDecisionInput } from './contracts';

export type ReviewGateKind = 'prompt' | 'clip' | 'appeal' | 'report';

interface PendingReview {
  itemId: string;
  kind: ReviewGateKind;
  version: number;
  /** Where a reviewer's escalation sends the item; null once escalated or in a queue with nowhere to go. */
  escalationQueueId: string | null;
  /** Set while a decision or escalation handler runs, so a second one racing it is refused. */
  busy: boolean;
  decision: ReviewDecisionInput | null;
}

export function createReviewGate(records: RecordActivities, requestId: string) {
  let pending: PendingReview | null = null;

  const refuseUnlessWaiting = (itemId: string, expectedVersion: number): PendingReview => {
    if (!pending || pending.itemId !== itemId || pending.decision) {
      throw new Error('This review item is not waiting for a decision: it was already decided or belongs to another request.');
    }
    if (pending.busy) throw new Error('Another reviewer is deciding this item right now.');
    if (expectedVersion !== pending.version) {
      throw new Error(
        `This item changed since you opened it (it is at version ${pending.version}, you saw ${expectedVersion}). Reload it and decide again.`,
      );
    }
    return pending;
  };

  setHandler(
    decideReviewUpdate,
    async (decision) => {
      const review = pending!;
      review.busy = true;
      try {
        const result = await records.recordReviewDecision({ ...decision, requestId });
        review.decision = decision;
        return result;
      } finally {
        review.busy = false;
      }
    },
    { validator: (decision) => void refuseUnlessWaiting(decision.itemId, decision.expectedVersion) },
  );

  setHandler(
    escalateReviewUpdate,
    async (input) => {
      const review = pending!;
      review.busy = true;
      try {
        const result = await records.escalateReviewItem({ itemId: input.itemId, staffId: input.staffId, reason: input.reason });
        review.version = result.version;
        review.escalationQueueId = null;
        return { itemId: input.itemId, queueId: result.queueId, version: result.version };
      } finally {
        review.busy = false;
      }
    },
    {
      validator: (input) => {
        const review = refuseUnlessWaiting(input.itemId, input.expectedVersion);
        if (!review.escalationQueueId) throw new Error('This item is already in the last escalation queue; decide it here.');
      },
    },
  );

  return {
    pendingView() {
      return pending && !pending.decision ? { itemId: pending.itemId, kind: pending.kind, version: pending.version } : null;
    },

    async awaitReview(kind: ReviewGateKind, reasons: string[], queueId?: string): Promise<ReviewDecisionInput> {
      const item = await records.openReviewItem(queueId ? { requestId, kind, reasons, queueId } : { requestId, kind, reasons });
      const review: PendingReview = {
        itemId: item.itemId, kind, version: item.version, escalationQueueId: item.escalationQueueId, busy: false, decision: null,
      };
      pending = review;
      const decidedInTime = await condition(() => review.decision !== null, item.slaSeconds * 1000);
      if (!decidedInTime && item.escalationQueueId) {
        const escalated = await records.escalateReviewItem({ itemId: item.itemId });
        if (!review.busy) review.version = escalated.version;
        review.escalationQueueId = null;
        await condition(() => review.decision !== null);
      } else if (!decidedInTime) {
        await condition(() => review.decision !== null);
      }
      return review.decision!;
    },
  };
}
