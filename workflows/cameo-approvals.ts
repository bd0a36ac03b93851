/**
 * Waiting for cameo owners inside a clip pipeline (issue 11): an approval request per cameo whose
 * owner approves people one by one, answered through the answerCameoApproval update, with a durable
 * expiry (a Temporal timer: it survives worker restarts; unanswered by then counts as denied).
 * The shape of the samples' `expense` approval: an update with a validator plus a timer.
 *
 * The races, explained where the state is:
 * - checkConsent writes the approval rows (and tells the owner) a moment before the workflow hears
 *   back, so an owner can answer in between. While the check runs (`checking`), an answer is
 *   accepted and waits; once the result is in, it passes the full checks or is refused.
 * - An owner's answer and the expiry can meet. The validator refuses an approval that is answered,
 *   expired or busy (an answer being written), and marking the unanswered ones expired happens in
 *   one synchronous step right after the timer fires, so an answer is either written before expiry
 *   or refused after it, never both.
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { answerCameoApprovalUpdate, type PendingCameoApproval, type RecordActivities } from '../contracts';

interface WaitingApproval extends PendingCameoApproval {
  state: 'pending' | 'approved' | 'denied' | 'expired';
  /** True while an owner's answer is being written by its activity. */
  busy: boolean;
  /** The sentence the activity gave for a denial or expiry. */
  reason: string | null;
}

/** A refusal the owner sees; an ApplicationFailure, so it fails only that update. */
const refusal = (message: string) => ApplicationFailure.create({ message, type: 'ApprovalRefused', nonRetryable: true });

/**
 * Registers the answerCameoApproval handler (call once, at the start of the workflow: registering
 * issues no command, so histories from before replay unchanged) and returns the wait.
 */
export function createCameoApprovals(records: RecordActivities, requestId: string) {
  const approvals = new Map<string, WaitingApproval>();
  /** True from just before checkConsent is scheduled until its result is registered. */
  let checking = false;

  const refuseUnlessAnswerable = (approvalId: string, ownerId: string): WaitingApproval => {
    const approval = approvals.get(approvalId);
    if (!approval) throw refusal('This approval request is not waiting for an answer in this video request.');
    if (approval.ownerId !== ownerId) throw refusal("Only the cameo's owner can answer this approval request.");
    if (approval.state === 'expired') throw refusal('This approval request has expired; it counted as denied.');
    if (approval.state !== 'pending') throw refusal(`This approval request was already answered (${approval.state}).`);
    if (approval.busy) throw refusal('This approval request is being answered right now.');
    return approval;
  };

  setHandler(
    answerCameoApprovalUpdate,
    async (input) => {
      if (checking) {
        // Accepted while the check ran: wait for its result, then pass the full checks (or be refused).
        await condition(() => !checking);
        refuseUnlessAnswerable(input.approvalId, input.ownerId);
      }
      const approval = approvals.get(input.approvalId)!;
      approval.busy = true;
      try {
        const outcome = input.decision === 'approve' ? 'approved' : 'denied';
        const result = await records.recordApprovalOutcome({
          requestId, approvalId: input.approvalId, outcome, alsoGrant: input.alsoGrant ?? false, note: input.note ?? null,
        });
        approval.state = result.state;
        approval.reason = result.reason;
        return { approvalId: input.approvalId, state: outcome };
      } finally {
        approval.busy = false;
      }
    },
    { validator: (input) => void (checking ? undefined : refuseUnlessAnswerable(input.approvalId, input.ownerId)) },
  );

  const unanswered = () => [...approvals.values()].filter((approval) => approval.state === 'pending');

  return {
    /** Call just before checkConsent: answers arriving while it runs wait for its result. */
    beginCheck(): void {
      checking = true;
    },

    /** Call with checkConsent's result (none when nobody was asked): waiting answers are checked against it. */
    endCheck(pending: PendingCameoApproval[]): void {
      for (const approval of pending) approvals.set(approval.approvalId, { ...approval, state: 'pending', busy: false, reason: null });
      checking = false;
    },

    /** The approvals still waiting for an answer, for the status query. */
    pendingView(): PendingCameoApproval[] {
      return unanswered().map(({ approvalId, cameoId, ownerId, expiresAt }) => ({ approvalId, cameoId, ownerId, expiresAt }));
    },

    /**
     * Waits until every approval registered by endCheck is approved (returns null), one is denied,
     * or `expirySeconds` pass (returns the sentence that blocks the request). Approvals still
     * unanswered at a denial or at the expiry are recorded as expired.
     */
    async awaitAnswers(expirySeconds: number): Promise<string | null> {
      const settled = () => [...approvals.values()].every((a) => !a.busy) && (unanswered().length === 0 || [...approvals.values()].some((a) => a.state === 'denied'));
      await condition(settled, expirySeconds * 1000);
      // One synchronous step: from here the validator refuses late answers (see the module comment).
      const late = unanswered().filter((approval) => !approval.busy);
      for (const approval of late) approval.state = 'expired';
      // An answer that was being written when the timer fired is let finish.
      await condition(() => [...approvals.values()].every((approval) => !approval.busy));
      const anyDenied = [...approvals.values()].some((approval) => approval.state === 'denied');
      for (const approval of late) {
        const result = await records.recordApprovalOutcome({
          requestId, approvalId: approval.approvalId, outcome: 'expired', ...(anyDenied ? { closedEarly: true } : {}),
        });
        approval.reason = result.reason;
      }
      const refused = [...approvals.values()].filter((approval) => approval.state === 'denied' || approval.state === 'expired');
      if (refused.length === 0) return null;
      // A denial is the reason; approvals closed because of it are not blamed on their owners.
      const denied = refused.filter((approval) => approval.state === 'denied');
      return (denied.length > 0 ? denied : refused).map((approval) => approval.reason).join(' ');
    },
  };
}
