/**
 * copyrightDispute: a creator disputes a copyright block or takedown (one copyright_matches row of
 * theirs). Workflow id = copyright-dispute-<disputeId>.
 *
 * record (the dispute row, the claimant's message with their answer link, the creator told)
 * -> no claimant (an entity from a seeded list): legal at once
 * -> the claimant has `timers.claimantAnswerSeconds` (issue 13: 30 days; a durable timer) to answer
 *    on their token page (the answerCopyrightDispute update):
 *      no answer -> released (a taken-down video is published again) · release -> released
 *      uphold -> the creator may appeal within `timers.appealWindowSeconds` (appealCopyrightDispute):
 *        no appeal -> upheld (not_appealed)
 *        appeal -> the claimant has `timers.appealAnswerSeconds` (issue 13: 7 days) to answer:
 *          no answer -> released · release -> released · uphold -> legal
 * -> legal: an item in the copyright queue through the shared review gate (kind copyright_dispute):
 *    approve = released (reinstated), reject = upheld.
 *
 * An answer or appeal racing its deadline: the update's validator accepts it only while waiting,
 * and once its handler has started the deadline waits for it, so an accepted answer always counts.
 * Deterministic: only workflow APIs and activity calls.
 */
import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  answerCopyrightDisputeUpdate, appealCopyrightDisputeUpdate, copyrightDisputeProgressQuery, copyrightDisputeRecordedUpdate, prefixOfTaskQueue, taskQueueNames,
  type ClaimantAnswerInput, type CopyrightDisputeActivities, type CopyrightDisputeInput, type CopyrightDisputeOutcome, type CopyrightDisputeOutcomeKind,
  type CopyrightDisputeRecord, type CopyrightDisputeState,
} from '../contracts';
import { pipelineActivities } from './clip-pipeline';
import { createReviewGate } from './review-gate';

const NON_RETRYABLE = ['InvalidRequest', 'NotFound', 'DisputeRefused'];

/** The copyright queue (migration 004, made real by issue 13's claims migration), worked by legal. */
const COPYRIGHT_QUEUE = 'copyright_review';

const refusal = (message: string) => ApplicationFailure.create({ message, type: 'DisputeRefused', nonRetryable: true });

export async function copyrightDispute(input: CopyrightDisputeInput): Promise<CopyrightDisputeOutcome> {
  const { records } = pipelineActivities();
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const disputes = proxyActivities<CopyrightDisputeActivities>({
    taskQueue: queues.pipeline,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE },
  });

  let state: CopyrightDisputeState = 'awaiting_claimant';
  let gate: ReturnType<typeof createReviewGate> | null = null;
  let answer: ClaimantAnswerInput | null = null;
  let appeal: { statement: string } | null = null;
  let appealAnswer: ClaimantAnswerInput | null = null;
  /** Set when each deadline passed: from then on the answer or appeal it waited for is refused. */
  const closed = { claimant: false, appeal: false, appealAnswer: false };
  /** True while an answer or appeal handler records it: a deadline passing meanwhile waits for it. */
  let busy = false;

  // The creator waits for the record (update-with-start), so a refusal reaches them as a sentence.
  let recorded: CopyrightDisputeRecord | null = null;
  let refused: string | null = null;
  setHandler(copyrightDisputeRecordedUpdate, async () => {
    await condition(() => recorded !== null || refused !== null);
    if (refused !== null) throw refusal(refused);
    return recorded!;
  });
  setHandler(copyrightDisputeProgressQuery, () => ({ state, pendingReview: gate?.pendingView() ?? null }));

  /** Which answer the claimant may give now, from the facts so far (not from where the main loop is), or null. */
  const answerRound = (): 'dispute' | 'appeal' | null => {
    if (!recorded?.hasClaimant || busy) return null;
    if (answer === null && !closed.claimant) return 'dispute';
    if (appeal !== null && appealAnswer === null && !closed.appealAnswer) return 'appeal';
    return null;
  };

  setHandler(
    answerCopyrightDisputeUpdate,
    async (given) => {
      const round = answerRound()!;
      busy = true;
      try {
        // An answer to the appeal sent the moment the appeal was recorded waits for the appeal's deadline to start.
        if (round === 'appeal') await condition(() => state === 'awaiting_appeal_answer');
        await disputes.recordClaimantAnswer({ disputeId: input.disputeId, round, answer: given });
        if (round === 'dispute') answer = given;
        else appealAnswer = given;
        return { state };
      } finally {
        busy = false;
      }
    },
    {
      validator: (given) => {
        if (answerRound() === null) {
          throw refusal('This dispute is not waiting for your answer: it was answered, its deadline passed, or it is with Loupe\'s legal team.');
        }
        if (given.answer === 'uphold' && given.statement.trim().length === 0) throw refusal('Say why the claim stands when you uphold it.');
      },
    },
  );

  setHandler(
    appealCopyrightDisputeUpdate,
    async (given) => {
      busy = true;
      try {
        // The appeal window opens once the claimant's upholding is recorded; an appeal sent at that moment waits for it.
        await condition(() => state === 'appeal_window');
        await disputes.recordDisputeAppeal({ disputeId: input.disputeId, creatorId: given.creatorId, statement: given.statement, appealAnswerSeconds: input.timers.appealAnswerSeconds });
        appeal = { statement: given.statement };
        return { state: 'awaiting_appeal_answer' as const };
      } finally {
        busy = false;
      }
    },
    {
      validator: (given) => {
        if (given.creatorId !== input.creatorId) throw refusal('Only the creator who disputed may appeal.');
        if (answer?.answer !== 'uphold' || appeal !== null || closed.appeal || busy) {
          throw refusal('This dispute cannot be appealed now: only a claim the claimant upheld can be, once, before the appeal deadline.');
        }
      },
    },
  );

  try {
    recorded = await disputes.recordCopyrightDispute(input);
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    refused = cause instanceof ApplicationFailure ? cause.message : 'The dispute could not be recorded; try again in a minute.';
    await condition(allHandlersFinished);
    throw error;
  }
  const { requestId } = recorded;

  /** Waits for something until `seconds` pass, then closes that step; an answer whose handler started before the deadline still counts. */
  const waitFor = async (step: keyof typeof closed, done: () => boolean, seconds: number): Promise<boolean> => {
    if (await condition(done, seconds * 1000)) return true;
    closed[step] = true;
    await condition(() => !busy);
    return done();
  };

  const close = async (outcome: CopyrightDisputeOutcomeKind, reason: string, staffId: string | null): Promise<CopyrightDisputeOutcome> => {
    const { reinstated } = await disputes.closeCopyrightDispute({ disputeId: input.disputeId, outcome, reason, staffId });
    state = outcome === 'legal_upheld' || outcome === 'not_appealed' ? 'upheld' : 'released';
    await condition(allHandlersFinished);
    return { outcome, reinstated };
  };

  const toLegal = async (why: string): Promise<CopyrightDisputeOutcome> => {
    const { reasons } = await disputes.escalateCopyrightDispute({ disputeId: input.disputeId, why });
    state = 'with_legal';
    gate = createReviewGate(records, requestId);
    const decision = await gate.awaitReview('copyright_dispute', reasons, COPYRIGHT_QUEUE);
    const words = decision.creatorNote?.trim() ? `${decision.reason}: ${decision.creatorNote.trim()}` : decision.reason;
    return decision.decision === 'approve'
      ? close('legal_reinstated', words, decision.reviewerId)
      : close('legal_upheld', words, decision.reviewerId);
  };

  if (!recorded.hasClaimant) return toLegal('no rights holder manages this work on Loupe (a listed name), so legal decides');

  if (!(await waitFor('claimant', () => answer !== null, input.timers.claimantAnswerSeconds))) {
    return close('claimant_no_answer', 'The claimant did not answer the dispute by the deadline.', null);
  }
  const first = answer!;
  if (first.answer === 'release') return close('claimant_released', `The claimant released the claim: ${first.statement}`, null);

  await disputes.openDisputeAppealWindow({ disputeId: input.disputeId, appealWindowSeconds: input.timers.appealWindowSeconds });
  state = 'appeal_window';
  if (!(await waitFor('appeal', () => appeal !== null, input.timers.appealWindowSeconds))) {
    return close('not_appealed', `The claimant upheld the claim (${first.statement}) and it was not appealed in time.`, null);
  }

  state = 'awaiting_appeal_answer';
  if (!(await waitFor('appealAnswer', () => appealAnswer !== null, input.timers.appealAnswerSeconds))) {
    return close('appeal_no_answer', 'The claimant did not answer the appeal by the deadline.', null);
  }
  const second = appealAnswer!;
  if (second.answer === 'release') return close('appeal_released', `The claimant released the claim when appealed: ${second.statement}`, null);
  return toLegal('the claimant upheld the claim again after the creator\'s appeal');
}
