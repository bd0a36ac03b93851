/**
 * clipPipeline: one generation request from prompt to public feed. Workflow id = request id.
 *
 * The workflow only orders steps; every side effect is an activity that writes its own rows
 * (single writer). Human review waits on a Temporal update, so the decision is part of the
 * workflow's history, and a durable timer escalates an item nobody decided within its SLA.
 */
import {
  ActivityFailure, allHandlersFinished, condition, patched, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import {
  approvalExpirySecondsOf, pipelineStatusQuery, prefixOfTaskQueue, taskQueueNames,
  type ClipPipelineInput, type GeneratedMedia, type GenerationActivities, type MediaActivities, type PipelineOutcome, type PipelineStage, type RecordActivities,
} from '../contracts';
import { queueForClip } from '../policies/review';
import { createCameoApprovals } from './cameo-approvals';
import { createReviewGate } from './review-gate';
import { makeClipDurably } from './provider-job';

const NON_RETRYABLE = ['InvalidRequest', 'NotFound'];

/** The activity proxies every Loupe workflow uses, on the task queues of the worker that runs it. */
export function pipelineActivities() {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const records = proxyActivities<RecordActivities>({
    taskQueue: queues.pipeline,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const generation = proxyActivities<GenerationActivities>({
    taskQueue: queues.generation,
    startToCloseTimeout: '10 minutes',
    // A worker that dies mid-render stops heartbeating; the render is retried elsewhere soon after.
    heartbeatTimeout: '15 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  const media = proxyActivities<MediaActivities>({
    taskQueue: queues.media,
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  return { records, generation, media };
}

type Activities = ReturnType<typeof pipelineActivities>;
type ReviewGate = ReturnType<typeof createReviewGate>;

/**
 * From an approved prompt to the public feed: generate, moderate, sign, [clip review], publish.
 * clipPipeline runs it after screening; appealReview runs it when an appeal of a block is overturned.
 * `faceBlocksGoToReview`: after an overturned appeal, a face the clip's frames show that would block
 * (a protected person, a cameo without consent) sends the clip to review instead, so the people who
 * overturned a face check's block are not overruled by the same match without a person deciding.
 */
export async function generateAndPublish(
  requestId: string,
  { records, generation, media }: Activities,
  gate: ReviewGate,
  promptWasReviewed: boolean,
  setStage: (stage: PipelineStage) => void,
  faceBlocksGoToReview = false,
  /** False when the request is known not to be a remix (clipPipeline knows; an appeal does not), so no remix check is scheduled. */
  mayBeRemix = true,
): Promise<PipelineOutcome> {
  const finish = async (status: 'rejected' | 'failed', reason: string): Promise<PipelineOutcome> => {
    await records.finishRequest({ requestId, status, reason });
    return { status, reason, videoId: null };
  };

  // Issue 15: a remix whose parent's owner turned remixing off (or whose parent was taken down) while
  // it waited for approvals or review is refused before anything is generated. Asked here rather than
  // in clipPipeline so an overturned appeal cannot generate a remix its parent's owner refuses.
  if (mayBeRemix && patched('remix-rules')) {
    const remix = await records.checkRemixAllowed({ requestId });
    if (!remix.allowed) {
      await records.finishRequest({ requestId, status: 'blocked', reason: remix.reason });
      return { status: 'blocked', reason: remix.reason, videoId: null };
    }
  }

  setStage('generating');
  // Issue 15: generation in durable steps (workflows/provider-job.ts): a provider's job is created
  // once and waited for here with timers and its webhook's signal; the procedural stand-in renders
  // in the first step. A provider's refusal ends the request with its sentence.
  let clip: GeneratedMedia;
  if (patched('provider-jobs')) {
    const made = await makeClipDurably(requestId);
    if (!made.ok) return finish('failed', made.reason);
    clip = made.clip;
  } else {
    clip = await generation.generateClip({ requestId });
  }

  setStage('moderating');
  // Issue 15: the clip's audio (activities/audio-check.ts) is checked while its frames are: loudness,
  // silence and clipping measured, speech transcribed and screened with the prompt policy. What holds
  // the clip joins the clip review below.
  const [moderation, audio] = await Promise.all([
    media.moderateClip({ requestId, clip, promptWasReviewed }),
    patched('audio-checks') ? media.checkClipAudio({ requestId, clip }) : Promise.resolve(null),
  ]);
  // Added with the review console: workflows started by older code replay without this step.
  if (patched('keyframe-strip')) await media.extractKeyframes({ requestId, clip });

  setStage('signing');
  const video = await media.embedProvenance({ requestId, clip, moderation });
  if (video.validationState !== 'Trusted') {
    return finish('failed', `The signed clip reads back as ${video.validationState ?? 'unsigned'}, not Trusted, so it is not published.`);
  }

  // Issue 12: the faces in the signed draft's frames (its keyframe strip's instants). A protected
  // person or a cameo without consent blocks; an unknown photorealistic face joins the clip review.
  let clipReasons = moderation.reasons;
  let clipVerdict = moderation.verdict;
  if (patched('face-checks')) {
    const faces = await media.checkKeyframeFaces({ requestId });
    if (faces.verdict === 'block' && !faceBlocksGoToReview) {
      await records.finishRequest({ requestId, status: 'blocked', reason: faces.summary });
      return { status: 'blocked', reason: faces.summary, videoId: null };
    }
    if (faces.verdict !== 'allow') {
      clipVerdict = 'review';
      clipReasons = [...moderation.reasons, ...faces.reasons];
    }
  }

  // Issue 13: the signed draft's frames against the hash banks (activities/copyright/bank-check.ts).
  // A match whose entity's rule blocks refuses the clip (after an overturned appeal it goes to review
  // instead, as a face block does); one that needs review sends the clip review to the copyright
  // queue, with one reason per match (entity, bank, distance, frame). Held and cancelled matches do not act.
  let copyrightReview = false;
  if (patched('copyright-banks')) {
    const banks = await media.checkClipAgainstBanks({ requestId });
    if (banks.verdict === 'block' && !faceBlocksGoToReview) {
      await records.finishRequest({ requestId, status: 'blocked', reason: banks.summary });
      return { status: 'blocked', reason: banks.summary, videoId: null };
    }
    if (banks.verdict !== 'allow') {
      clipVerdict = 'review';
      clipReasons = [...clipReasons, ...banks.reasons];
      copyrightReview = true;
    }
  }

  if (audio !== null && audio.verdict === 'review') {
    clipVerdict = 'review';
    clipReasons = [...clipReasons, ...audio.reasons];
  }

  if (clipVerdict === 'review') {
    setStage('clip_review');
    const queueId = copyrightReview ? 'copyright_review' : queueForClip(clipReasons);
    // QA samples wait in their own queue; other clips keep the original call (and its recorded histories).
    const decision = await gate.awaitReview('clip', clipReasons, queueId === 'clip_review' ? undefined : queueId);
    if (decision.decision === 'reject') return finish('rejected', decision.reason);
  }

  // Issue 11: consent is decided again with the ledger as it is now, so a grant withdrawn, a person
  // blocked or a cameo deleted while the clip was generating or in review stops it here.
  if (patched('consent-recheck-before-publish')) {
    const recheck = await records.recheckConsent({ requestId });
    if (!recheck.allowed) {
      await records.finishRequest({ requestId, status: 'blocked', reason: recheck.reason });
      return { status: 'blocked', reason: recheck.reason, videoId: null };
    }
  }

  setStage('publishing');
  await records.publishVideo({ requestId, videoId: video.videoId });
  return { status: 'published', reason: null, videoId: video.videoId };
}

export async function clipPipeline(input: ClipPipelineInput): Promise<PipelineOutcome> {
  const activities = pipelineActivities();
  const { records } = activities;
  let stage: PipelineStage = 'recording';
  const gate = createReviewGate(records, input.requestId);
  const approvals = createCameoApprovals(records, input.requestId);

  setHandler(pipelineStatusQuery, () => {
    const pendingApprovals = approvals.pendingView();
    return { stage, pendingReview: gate.pendingView(), ...(pendingApprovals.length > 0 ? { pendingApprovals } : {}) };
  });

  const finish = async (status: 'blocked' | 'rejected' | 'failed', reason: string): Promise<PipelineOutcome> => {
    await records.finishRequest({ requestId: input.requestId, status, reason });
    stage = 'done';
    await condition(allHandlersFinished);
    return { status, reason, videoId: null };
  };

  await records.recordRequest(input);

  // Issue 15: the remix rules with the parent as it is now, before anything is screened: the owner may
  // have turned remixing off since the submission checked, or another client started this workflow.
  if (input.remixOfVideoId && patched('remix-rules')) {
    const remix = await records.checkRemixAllowed({ requestId: input.requestId });
    if (!remix.allowed) return finish('blocked', remix.reason);
  }

  stage = 'screening';
  const screening = await records.screenPrompt({ requestId: input.requestId });
  if (screening.verdict === 'block') return finish('blocked', screening.summary);

  // Consent before human review: a reviewer's time is not spent on a request that cannot proceed.
  stage = 'consent_check';
  const expirySeconds = approvalExpirySecondsOf(input);
  // Replay does not compare activity inputs, so histories that scheduled it without the expiry replay.
  approvals.beginCheck();
  const consent = await records.checkConsent({ requestId: input.requestId, approvalExpirySeconds: expirySeconds });
  const pending = consent.allowed ? [] : consent.pendingApprovals ?? [];
  approvals.endCheck(pending);
  if (!consent.allowed) {
    // Issue 11: owners who approve people one by one were asked; wait for their answers (or the expiry).
    if (pending.length === 0 || !patched('cameo-approvals')) return finish('blocked', consent.reason);
    stage = 'cameo_approval';
    const refusal = await approvals.awaitAnswers(expirySeconds);
    if (refusal !== null) return finish('blocked', refusal);
  }

  // Issue 12: the faces in an image-to-video request's source image, once consent is settled and
  // before anyone reviews or anything is generated: each face must be a cameo the request has
  // consent for; a protected person, a cameo without consent or an unknown photo of a person blocks.
  if (input.sourceImage && patched('face-checks')) {
    const faces = await activities.media.checkSourceImageFaces({ requestId: input.requestId });
    if (faces.verdict !== 'allow') return finish('blocked', faces.summary);
  }

  if (screening.verdict === 'review') {
    stage = 'prompt_review';
    const decision = await gate.awaitReview('prompt', screening.reasons);
    if (decision.decision === 'reject') return finish('rejected', decision.reason);
  }

  let outcome: PipelineOutcome;
  try {
    outcome = await generateAndPublish(input.requestId, activities, gate, screening.verdict === 'review', (next) => {
      stage = next;
    }, false, Boolean(input.remixOfVideoId));
  } catch (error) {
    // Issue 16: a media or generation step that used up its retries (an outage longer than its
    // budget, a clip that cannot be read) failed the workflow and left the request in that step's
    // status with no reason. It now ends as failed, saying which step and why. The patch is asked
    // only on this path, so histories that failed before it replay as they ran.
    if (!(error instanceof ActivityFailure) || !patched('failed-step-reason')) throw error;
    return finish('failed', failedStepReason(error));
  }
  stage = 'done';
  await condition(allHandlersFinished);
  return outcome;
}

/**
 * The sentence a request that failed in a step ends with: which activity, its last error's first
 * line (at most 200 characters; Loupe's activities throw sentences), and what to do. Deterministic.
 */
export function failedStepReason(error: ActivityFailure): string {
  const cause = (error.cause?.message ?? error.message).split('\n')[0]!.trim();
  const shortCause = cause.length > 200 ? `${cause.slice(0, 199)}…` : cause;
  return `The ${error.activityType ?? 'pipeline'} step kept failing after its retries${shortCause ? ` (${shortCause.replace(/[.]$/, '')})` : ''}, so nothing was published. Submit the request again; if it fails the same way, an operator can read the step's error in the workflow history.`;
}
