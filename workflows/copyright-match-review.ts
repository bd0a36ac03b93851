/**
 * copyrightMatchReview (workflow id `copyright-match-review-<requestId>`): a rescan matched a
 * published video to a bank whose entity's rule asks for review (or allows with conditions). The
 * video stays up while an item of kind `copyright_match` waits in the copyright queue through the
 * shared review gate (decision update, SLA escalation); reject takes it down through the one
 * takedown activity (`cause: 'copyright'`, the reviewer as staff), approve leaves it up.
 *
 * Started by copyrightRescan as a child with ParentClosePolicy ABANDON: a rescan finishing or being
 * cancelled does not close the reviews it opened.
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { pipelineStatusQuery, type CopyrightMatchReviewInput, type CopyrightMatchReviewOutcome } from '../contracts';
import { pipelineActivities } from './clip-pipeline';
import { createReviewGate } from './review-gate';

/** The copyright queue (migration 004's placeholder, made real by issue 13), worked by the legal role. */
const COPYRIGHT_QUEUE = 'copyright_review';

/** Waits for the copyright reviewer's decision on one video and carries it out. */
export async function copyrightMatchReview(input: CopyrightMatchReviewInput): Promise<CopyrightMatchReviewOutcome> {
  const { records } = pipelineActivities();
  const gate = createReviewGate(records, input.requestId);
  setHandler(pipelineStatusQuery, () => ({ stage: 'clip_review', pendingReview: gate.pendingView() }));
  const decision = await gate.awaitReview('copyright_match', input.reasons, COPYRIGHT_QUEUE);
  if (decision.decision === 'approve') {
    await condition(allHandlersFinished);
    return 'stays_up';
  }
  const { outcome } = await records.takeDownVideo({
    videoId: input.videoId,
    reason: decision.reason,
    staffId: decision.reviewerId,
    cause: 'copyright',
    copyright: { matchId: input.matchId, rescanId: input.rescanId, claimedAt: input.claimedAt },
  });
  await condition(allHandlersFinished);
  return outcome;
}
