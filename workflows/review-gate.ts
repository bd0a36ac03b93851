/**
 * Human review inside a workflow: open an item, wait for a reviewer's decision (update), let a
 * reviewer escalate it (update), and escalate it automatically when its queue's SLA passes
 * (durable timer; the duration comes from review_queues, so tests can use seconds).
 *
 * Shared by clipPipeline, appealReview and reportReview so all refuse stale or racing decisions the same way.
 * Deterministic: only workflow APIs and activity calls.
 */
import { ApplicationFailure, condition, setHandler, uuid4 } from '@temporalio/workflow';
import { decideReviewUpdate, escalateReviewUpdate, type RecordActivities, type ReviewDecisionInput, type ReviewSubject } from '../contracts';

export type ReviewGateKind = 'prompt' | 'clip' | 'appeal' | 'report' | 'likeness_complaint' | 'copyright_claim' | 'copyright_match' | 'copyright_dispute';

/** The version a new review_items row starts at (the column's default). */
const FIRST_ITEM_VERSION = 1;

interface PendingReview {
  itemId: string;
  kind: ReviewGateKind;
  version: number;
  /** Where a reviewer's escalation sends the item; null once escalated or in a queue with nowhere to go. */
  escalationQueueId: string | null;
  /**
   * True from before openReviewItem is scheduled until its result is in. The activity commits the
   * row a moment before the workflow hears back, so a reviewer can act on the item in between; their
   * update is accepted and waits for the registration instead of being refused. Until then itemId
   * and version are what the workflow minted, not yet confirmed: the activity's result wins.
   */
  registering: boolean;
  /** Set while a decision or escalation handler runs, so a second one racing it is refused. */
  busy: boolean;
  /**
   * True while the SLA's escalation activity runs. Its row commits (version + 1) a moment before the
   * workflow hears back, so a reviewer can open the escalated item and decide it in between; that
   * decision (at version + 1) is accepted and waits for the escalation instead of being refused.
   */
  escalating?: boolean;
  decision: ReviewDecisionInput | null;
}

/** A refusal a reviewer sees as a conflict; an ApplicationFailure, so one thrown by a handler fails only that update. */
const refusal = (message: string) => ApplicationFailure.create({ message, type: 'ReviewRefused', nonRetryable: true });

/**
 * The gate of one workflow's review items. `subject` is the request the items are about (its id), or
 * (issue 13) `{ copyrightClaimId }` for a copyright claim, whose item has no request.
 */
export function createReviewGate(records: RecordActivities, subject: string | { copyrightClaimId: string }) {
  let pending: PendingReview | null = null;
  const about: ReviewSubject = typeof subject === 'string' ? { requestId: subject } : { copyrightClaimId: subject.copyrightClaimId };

  /**
   * The refusals every decision and escalation passes. While the item registers, only what is
   * already certain is checked: the row the activity returns may not be the one minted here (a
   * reopened report item, an activity scheduled by older code), so the item id and version are
   * checked again by the handler once the result is in.
   */
  const refuseUnlessWaiting = (itemId: string, expectedVersion: number): PendingReview => {
    if (!pending || pending.decision || (!pending.registering && pending.itemId !== itemId)) {
      throw refusal('This review item is not waiting for a decision: it was already decided or belongs to another request.');
    }
    if (pending.busy) throw refusal('Another reviewer is deciding this item right now.');
    const escalatedUnderfoot = pending.escalating === true && expectedVersion === pending.version + 1;
    if (!pending.registering && expectedVersion !== pending.version && !escalatedUnderfoot) {
      throw refusal(
        `This item changed since you opened it (it is at version ${pending.version}, you saw ${expectedVersion}). Reload it and decide again.`,
      );
    }
    return pending;
  };

  const refuseUnlessEscalatable = (itemId: string, expectedVersion: number): PendingReview => {
    const review = refuseUnlessWaiting(itemId, expectedVersion);
    if (!review.registering && !review.escalationQueueId) throw refusal('This item is already in the last escalation queue; decide it here.');
    return review;
  };

  setHandler(
    decideReviewUpdate,
    async (decision) => {
      const review = pending!;
      if (review.registering) {
        // Accepted while the item registered: wait for it, then pass the full checks. The check and
        // `busy` are set in one synchronous step, so of two decisions waiting here only one goes on.
        await condition(() => !review.registering);
        refuseUnlessWaiting(decision.itemId, decision.expectedVersion);
      }
      if (review.escalating && decision.expectedVersion !== review.version) {
        // Accepted at the escalated version while the SLA's escalation was being recorded (see
        // PendingReview.escalating): wait for it, then pass the full checks.
        await condition(() => !review.escalating);
        refuseUnlessWaiting(decision.itemId, decision.expectedVersion);
      }
      // A registered item is not awaited: the handler marks itself busy in the step its validator
      // ran, as before, so histories recorded by older code replay the same way.
      review.busy = true;
      try {
        const result = await records.recordReviewDecision({ ...decision, ...about });
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
      if (review.registering) {
        await condition(() => !review.registering);
        refuseUnlessEscalatable(input.itemId, input.expectedVersion);
      }
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
    { validator: (input) => void refuseUnlessEscalatable(input.itemId, input.expectedVersion) },
  );

  return {
    pendingView() {
      // A registering item's id is not confirmed yet: it shows once the workflow knows it.
      return pending && !pending.registering && !pending.decision ? { itemId: pending.itemId, kind: pending.kind, version: pending.version } : null;
    },

    async awaitReview(kind: ReviewGateKind, reasons: string[], queueId?: string): Promise<ReviewDecisionInput> {
      // The id is minted here (uuid4 is deterministic in a workflow) and the item is pending before the
      // activity writes its row, so there is no moment when the row is open and the workflow refuses it.
      const review: PendingReview = {
        itemId: uuid4(), kind, version: FIRST_ITEM_VERSION, escalationQueueId: null, registering: true, busy: false, decision: null,
      };
      pending = review;
      const item = await records.openReviewItem({ ...about, kind, reasons, itemId: review.itemId, ...(queueId ? { queueId } : {}) });
      // The result wins: the activity returns the row that really exists, which is not the minted one
      // for a report item reopened for a new round, or for an activity scheduled by older code
      // (histories from before ids were minted here; replay does not compare activity inputs).
      review.itemId = item.itemId;
      review.version = item.version;
      review.escalationQueueId = item.escalationQueueId;
      review.registering = false;
      const decidedInTime = await condition(() => review.decision !== null, item.slaSeconds * 1000);
      if (!decidedInTime && item.escalationQueueId) {
        review.escalating = true;
        const escalated = await records.escalateReviewItem({ itemId: item.itemId });
        if (!review.busy) review.version = escalated.version;
        review.escalating = false;
        review.escalationQueueId = null;
        await condition(() => review.decision !== null);
      } else if (!decidedInTime) {
        await condition(() => review.decision !== null);
      }
      return review.decision!;
    },
  };
}
