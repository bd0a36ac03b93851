/**
 * appealReview: a creator asks for a blocked or rejected request to be looked at again.
 * Workflow id = appeal-<requestId> (one appeal per request).
 *
 * The original clipPipeline has finished by then, so the appeal does not wait inside it: this
 * workflow opens an item in the appeals queue and waits for a decision with the same review gate
 * (stale or racing decisions get the same conflict, the SLA timer escalates the same way).
 * Overturned: consent is checked again (an overturn never bypasses a cameo owner's consent), then
 * the pipeline resumes where it stopped: a rejected clip is published, a blocked or rejected prompt
 * goes on to generation, moderation, signing and, when flagged, clip review.
 * Upheld: the appeal ends and the creator is told why.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { generateAndPublish, pipelineActivities } from './clip-pipeline';
import { pipelineStatusQuery, type AppealOutcome, type AppealReviewInput, type PipelineStage } from '../contracts';
import { createReviewGate } from './review-gate';

export async function appealReview(input: AppealReviewInput): Promise<AppealOutcome> {
  const activities = pipelineActivities();
  const { records } = activities;
  let stage: PipelineStage = 'recording';
  const gate = createReviewGate(records, input.requestId);
  setHandler(pipelineStatusQuery, () => ({ stage, pendingReview: gate.pendingView() }));

  const appeal = await records.recordAppeal(input);
  const decision = await gate.awaitReview('appeal', [`Appeal: ${appeal.statement}`, `Original outcome: ${appeal.originalReason}`], 'appeals');

  if (decision.decision === 'reject') {
    await records.finishAppeal({ appealId: input.appealId, outcome: 'upheld', reason: decision.reason });
    stage = 'done';
    await condition(allHandlersFinished);
    return { appeal: 'upheld', request: { status: appeal.originalStatus, reason: appeal.originalReason, videoId: null } };
  }

  await records.finishAppeal({ appealId: input.appealId, outcome: 'overturned', reason: decision.reason });
  let request: AppealOutcome['request'];
  if (appeal.draftVideoId) {
    // Rejected at clip review: the signed clip exists; the overturn publishes it.
    stage = 'publishing';
    await records.publishVideo({ requestId: input.requestId, videoId: appeal.draftVideoId });
    request = { status: 'published', reason: null, videoId: appeal.draftVideoId };
  } else {
    stage = 'consent_check';
    const consent = await records.checkConsent({ requestId: input.requestId });
    if (!consent.allowed) {
      await records.finishRequest({ requestId: input.requestId, status: 'blocked', reason: consent.reason });
      request = { status: 'blocked', reason: consent.reason, videoId: null };
    } else {
      // Issue 12: a face in the new clip's frames that would block goes to clip review instead (the appeal was overturned).
      request = await generateAndPublish(input.requestId, activities, gate, false, (next) => {
        stage = next;
      }, true);
    }
  }
  stage = 'done';
  await condition(allHandlersFinished);
  return { appeal: 'overturned', request };
}
