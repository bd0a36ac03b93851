/**
 * Every Temporal client call the app makes, in one module: which workflow each command starts,
 * under which workflow id, on which task queue, and which update, signal or query it sends. Routers,
 * routes and services call these functions and never touch `temporal.workflow` themselves (the shape
 * of the Temporal samples' `client.ts`), so a workflow id or an update name is spelled here once.
 *
 * The app only commands: it starts workflows and sends them updates and signals; the workflows'
 * activities write pipeline state (docs/architecture.md, "single writer").
 *
 * Temporal's own errors stay inside this module: callers get `WorkflowRefusedUpdate`,
 * `WorkflowDidNotFinish` or a plain result, and map those to their own answers (a tRPC code, an
 * HTTP status). The one exception is `inspectUploadedFile`, whose caller reads the failure's
 * `ApplicationFailure` type to pick a status (415 vs 400).
 */
import {
  WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client,
} from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  APPEAL_REVIEW_WORKFLOW, appealWorkflowId, CLIP_PIPELINE_WORKFLOW, decideReviewUpdate, escalateReviewUpdate, INSPECT_UPLOAD_WORKFLOW,
  REPORT_REVIEW_WORKFLOW, reportVideoSignal, reportWorkflowId, REVERIFY_CATALOGUE_WORKFLOW, reverifyProgressQuery, taskQueueNames,
  VERIFY_VIDEO_WORKFLOW, verifyVideoWorkflowId,
  LIKENESS_TAKEDOWN_WORKFLOW, likenessTakedownProgressQuery, likenessTakedownWorkflowId, type LikenessTakedownInput, type LikenessTakedownProgress,
  LIKENESS_COMPLAINT_WORKFLOW, likenessComplaintRecordedUpdate, likenessComplaintWorkflowId, type LikenessComplaintInput,
  COPYRIGHT_CLAIM_WORKFLOW, copyrightClaimRecordedUpdate, copyrightClaimWorkflowId, type CopyrightClaimInput,
  COPYRIGHT_DISPUTE_WORKFLOW, copyrightDisputeRecordedUpdate, copyrightDisputeWorkflowId, answerCopyrightDisputeUpdate, appealCopyrightDisputeUpdate,
  type CopyrightDisputeInput, type CopyrightDisputeRecord, type ClaimantAnswerInput,
  REFERENCE_FACE_ENROLMENT_WORKFLOW, referenceFaceEnrolmentWorkflowId,
  FACE_ENROLMENT_WORKFLOW, faceEnrolmentWorkflowId, type FaceEnrolmentInput,
  BIOMETRIC_DELETION_WORKFLOW, biometricDeletionWorkflowId, type BiometricDeletionInput,
  answerCameoApprovalUpdate, type AnswerCameoApprovalInput, type AnswerCameoApprovalResult,
  type AppealReviewInput, type ClipPipelineInput, type EscalateReviewInput, type EscalateReviewResult, type ReportReviewInput,
  type ReverifyProgress, type ReviewDecisionInput, type ReviewDecisionResult, type VerifyFileReport, type VideoReportInput,
  type VideoVerification,
} from '../../contracts';
import {
  cancelCopyrightRescanSignal, COPYRIGHT_RESCAN_WORKFLOW, copyrightRescanProgressQuery, copyrightRescanWorkflowId, pauseCopyrightRescanSignal,
  resumeCopyrightRescanSignal, type CopyrightRescanInput, type CopyrightRescanProgress,
} from '../../contracts';
import { SEMANTIC_PREVIEW_WORKFLOW, SEMANTIC_PREVIEW_WORKFLOW_PREFIX, type SemanticPreview, type SemanticPreviewInput } from '../../contracts';
import { providerJobUpdateSignal, type ProviderJobUpdate } from '../../contracts';
import {
  POLICY_BACKTEST_WORKFLOW, policyBacktestProgressQuery, policyBacktestWorkflowId, type PolicyBacktestInput, type PolicyBacktestProgress, type PolicyBacktestSemantic,
} from '../../contracts';

/** What the functions here need from the app's context: the client and the deployment's task-queue prefix. */
export interface WorkflowClientDeps {
  temporal: Client;
  /** The prefix of the deployment's task queues (contracts/task-queues.ts); workflows start on its pipeline queue. */
  taskQueuePrefix: string;
}

/**
 * A workflow answered an update with a refusal (a stale item version, another reviewer first, an
 * item already decided), or the workflow is no longer running. The message is the sentence for the
 * reviewer: the workflow's own when it gave one.
 */
export class WorkflowRefusedUpdate extends Error {
  override name = 'WorkflowRefusedUpdate';
}

/** A workflow the caller waited for failed; the message is the innermost cause's sentence. */
export class WorkflowDidNotFinish extends Error {
  override name = 'WorkflowDidNotFinish';
}

/** `WorkflowDidNotFinish` carrying the innermost sentence of a failed workflow (its activity's, when an activity failed). */
function didNotFinish(error: WorkflowFailedError): WorkflowDidNotFinish {
  const reason = (error.cause?.cause as Error | undefined)?.message ?? error.cause?.message ?? error.message;
  return new WorkflowDidNotFinish(reason, { cause: error });
}

function pipelineQueue(deps: WorkflowClientDeps): string {
  return taskQueueNames(deps.taskQueuePrefix).pipeline;
}

/**
 * Starts a request's clipPipeline. The workflow id is the request id, so Temporal refuses a second
 * start of the same request, while the first runs and after it closed (a caller-chosen id makes a
 * submission idempotent); that refusal
 * (`WorkflowExecutionAlreadyStartedError`) is passed through unchanged.
 */
export async function startClipPipeline(deps: WorkflowClientDeps, input: ClipPipelineInput): Promise<void> {
  await deps.temporal.workflow.start(CLIP_PIPELINE_WORKFLOW, {
    taskQueue: pipelineQueue(deps),
    workflowId: input.requestId,
    // Temporal's default lets a closed workflow's id start again: a retry after the first run
    // finished would run the whole pipeline a second time.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [input],
  });
}

/**
 * Starts the appeal of one request's decision (workflow id `appeal-<requestId>`). Each decision is
 * appealed once: `alreadyAppealed` is true, and nothing is started, when that workflow id was used.
 */
export async function startAppealReview(
  deps: WorkflowClientDeps,
  input: AppealReviewInput,
): Promise<{ workflowId: string; alreadyAppealed: boolean }> {
  const workflowId = appealWorkflowId(input.requestId);
  try {
    await deps.temporal.workflow.start(APPEAL_REVIEW_WORKFLOW, { workflowId, taskQueue: pipelineQueue(deps), args: [input] });
    return { workflowId, alreadyAppealed: false };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, alreadyAppealed: true };
    throw error;
  }
}

/**
 * Adds a user's report to the reportReview workflow of the reported video's request, starting it on
 * the first report (signal-with-start, workflow id `report-<requestId>`): every report of one video
 * joins one review.
 */
export async function reportVideo(deps: WorkflowClientDeps, input: ReportReviewInput, report: VideoReportInput): Promise<void> {
  await deps.temporal.workflow.signalWithStart(REPORT_REVIEW_WORKFLOW, {
    workflowId: reportWorkflowId(input.requestId),
    taskQueue: pipelineQueue(deps),
    args: [input],
    signal: reportVideoSignal,
    signalArgs: [report],
  });
}

/**
 * Runs an update on a workflow and turns its refusals into `WorkflowRefusedUpdate`. No retry: an
 * item whose row is open is one its workflow waits on (the workflow registers the item before the
 * row is written), so a refusal is a real one.
 */
async function updateOrRefusal<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as Error | undefined;
      throw new WorkflowRefusedUpdate(cause?.message ?? error.message, { cause: error });
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new WorkflowRefusedUpdate('This request is no longer waiting for a decision.', { cause: error });
    }
    throw error;
  }
}

/**
 * Sends a reviewer's decision to the workflow that owns the item (`workflowIdForReviewItem`); the
 * workflow's activity writes the decision and its audit entry. Throws `WorkflowRefusedUpdate`.
 */
export function decideReviewItem(deps: Pick<WorkflowClientDeps, 'temporal'>, workflowId: string, decision: ReviewDecisionInput): Promise<ReviewDecisionResult> {
  return updateOrRefusal(() => deps.temporal.workflow.getHandle(workflowId).executeUpdate(decideReviewUpdate, { args: [decision] }));
}

/**
 * Sends a cameo owner's answer to the clip pipeline waiting on it (workflow id = the request id);
 * the workflow's activity records it. Throws `WorkflowRefusedUpdate` (already answered, expired, not
 * the owner, or the request no longer waits).
 */
export function answerCameoApproval(deps: Pick<WorkflowClientDeps, 'temporal'>, requestId: string, answer: AnswerCameoApprovalInput): Promise<AnswerCameoApprovalResult> {
  return updateOrRefusal(() => deps.temporal.workflow.getHandle(requestId).executeUpdate(answerCameoApprovalUpdate, { args: [answer] }));
}

/** Sends an item to its queue's escalation queue through its workflow. Throws `WorkflowRefusedUpdate`. */
export function escalateReviewItem(deps: Pick<WorkflowClientDeps, 'temporal'>, workflowId: string, escalation: EscalateReviewInput): Promise<EscalateReviewResult> {
  return updateOrRefusal(() => deps.temporal.workflow.getHandle(workflowId).executeUpdate(escalateReviewUpdate, { args: [escalation] }));
}

/**
 * Checks one published video's provenance now and waits for the answer (at most 15 minutes). Two
 * presses of "verify now" on one video share one check: the second waits for the running one
 * (workflow id `verify-video-<videoId>`). Throws `WorkflowDidNotFinish` when the check failed.
 */
export async function verifyVideoNow(deps: WorkflowClientDeps, videoId: string, requestedBy: string): Promise<VideoVerification> {
  const workflowId = verifyVideoWorkflowId(videoId);
  try {
    const handle = await deps.temporal.workflow
      .start(VERIFY_VIDEO_WORKFLOW, { workflowId, taskQueue: pipelineQueue(deps), args: [{ videoId, requestedBy }], workflowExecutionTimeout: '15 minutes' })
      .catch((error: unknown) => {
        // Someone else pressed "verify now" a moment ago: wait for that check instead.
        if (error instanceof WorkflowExecutionAlreadyStartedError) return deps.temporal.workflow.getHandle(workflowId);
        throw error;
      });
    return (await handle.result()) as VideoVerification;
  } catch (error) {
    if (error instanceof WorkflowFailedError) throw didNotFinish(error);
    throw error;
  }
}

/** A new id for a catalogue re-verification started by hand (the scheduled runs have their own). */
export function manualCatalogueRunId(now: Date = new Date()): string {
  return `reverify-catalogue-manual-${now.getTime()}`;
}

/** Starts a catalogue re-verification under `workflowId` (from `manualCatalogueRunId`) and returns at once. */
export async function startCatalogueRun(deps: WorkflowClientDeps, workflowId: string): Promise<void> {
  await deps.temporal.workflow.start(REVERIFY_CATALOGUE_WORKFLOW, { workflowId, taskQueue: pipelineQueue(deps), args: [{}] });
}

/**
 * The progress of the catalogue re-verification running now, asked of the workflow itself (fresher
 * than the table its activities write), or null when none runs. Visibility or the query being
 * unavailable also answers null: a status panel must not break the page.
 */
export async function runningCatalogueProgress(deps: Pick<WorkflowClientDeps, 'temporal'>): Promise<ReverifyProgress | null> {
  try {
    for await (const execution of deps.temporal.workflow.list({
      query: `WorkflowType = '${REVERIFY_CATALOGUE_WORKFLOW}' AND ExecutionStatus = 'Running'`,
    })) {
      return await deps.temporal.workflow.getHandle(execution.workflowId).query(reverifyProgressQuery);
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Inspects an uploaded file (by media-store key) or a published video (by id) for /verify and waits
 * for the report, at most 3 minutes. Failures are Temporal's (`WorkflowFailedError` whose cause
 * carries the activity's `ApplicationFailure`): the caller maps their types to HTTP statuses.
 */
export async function inspectUploadedFile(deps: WorkflowClientDeps, input: { storageKey: string } | { videoId: string }): Promise<VerifyFileReport> {
  return deps.temporal.workflow.execute(INSPECT_UPLOAD_WORKFLOW, {
    workflowId: `verify-upload-${randomUUID()}`,
    taskQueue: pipelineQueue(deps),
    args: [input],
    workflowExecutionTimeout: '3 minutes',
  });
}

/**
 * Starts a likeness takedown (workflows/likeness-takedown.ts) and returns at once with its id; the
 * app mints the id (a UUID) and the workflow id is `likeness-takedown-<takedownId>`. Pass
 * `takedownId` to make a retried command harmless: a second start of the same id, while it runs or
 * after it completed, starts nothing and answers the same id (after it failed, it resumes). The caller reads progress with
 * getTakedownProgress (app/services/likeness-takedowns.server.ts).
 */
export async function startLikenessTakedown(
  deps: WorkflowClientDeps,
  input: Omit<LikenessTakedownInput, 'takedownId' | 'carried'> & { takedownId?: string },
): Promise<{ takedownId: string }> {
  const takedownId = input.takedownId ?? randomUUID();
  try {
    await deps.temporal.workflow.start(LIKENESS_TAKEDOWN_WORKFLOW, {
      workflowId: likenessTakedownWorkflowId(takedownId),
      taskQueue: pipelineQueue(deps),
      // A completed takedown's id must not run again (its counts are final), but one that failed or
      // was terminated may: its item rows make the second run skip what the first took down.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [{ ...input, takedownId } satisfies LikenessTakedownInput],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { takedownId };
}

/**
 * The progress of one likeness takedown, asked of its workflow, or null when the workflow cannot
 * answer within 2 seconds (not found, no worker polling, the query failing): the caller falls back
 * to the saved row, so a page or an API call never waits on a stopped worker pool.
 */
export async function likenessTakedownProgress(deps: Pick<WorkflowClientDeps, 'temporal'>, takedownId: string): Promise<LikenessTakedownProgress | null> {
  try {
    const handle = deps.temporal.workflow.getHandle(likenessTakedownWorkflowId(takedownId));
    return await deps.temporal.withDeadline(Date.now() + 2_000, () => handle.query(likenessTakedownProgressQuery));
  } catch {
    return null;
  }
}

/**
 * Starts the likenessComplaint workflow of one complaint (workflow id `likeness-complaint-<complaintId>`)
 * and waits until it has recorded the complaint (update-with-start), so its status page answers as
 * soon as this returns. The id is minted by the caller: a second start of the same complaint fails.
 * Throws `WorkflowRefusedUpdate` with the workflow's sentence when the complaint cannot be recorded.
 */
export async function startLikenessComplaint(deps: WorkflowClientDeps, input: LikenessComplaintInput): Promise<{ workflowId: string; anchorRequestId: string }> {
  const workflowId = likenessComplaintWorkflowId(input.complaintId);
  const start = new WithStartWorkflowOperation(LIKENESS_COMPLAINT_WORKFLOW, {
    workflowId, taskQueue: pipelineQueue(deps), workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'FAIL', args: [input],
  });
  const recorded = await updateOrRefusal(() => deps.temporal.workflow.executeUpdateWithStart(likenessComplaintRecordedUpdate, { startWorkflowOperation: start }));
  return { workflowId, anchorRequestId: recorded.anchorRequestId };
}

/**
 * Starts the analysis of one protected person's reference photo (workflows/reference-face-enrolment.ts,
 * workflow id `reference-face-<imageId>`) and returns at once; the page shows the image as pending
 * until the workflow records its outcome. A second start of the same image starts nothing.
 */
export async function startReferenceFaceEnrolment(deps: WorkflowClientDeps, imageId: string): Promise<void> {
  try {
    await deps.temporal.workflow.start(REFERENCE_FACE_ENROLMENT_WORKFLOW, {
      workflowId: referenceFaceEnrolmentWorkflowId(imageId), taskQueue: pipelineQueue(deps), workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY', args: [{ imageId }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Starts the analysis of one face capture (workflows/face-enrolment.ts, workflow id
 * `face-enrolment-<enrolmentId>`) and returns at once; the enrolment's row (state `pending`, written
 * by the app with its challenge marked used) shows progress until the workflow records the outcome.
 * A second start of the same enrolment starts nothing.
 */
export async function startFaceEnrolment(deps: WorkflowClientDeps, enrolmentId: string): Promise<void> {
  try {
    await deps.temporal.workflow.start(FACE_ENROLMENT_WORKFLOW, {
      workflowId: faceEnrolmentWorkflowId(enrolmentId), taskQueue: pipelineQueue(deps), workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [{ enrolmentId } satisfies FaceEnrolmentInput],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Starts the durable deletion of a deleted cameo's biometric data (workflows/biometric-deletion.ts,
 * workflow id `biometric-deletion-cameo-<cameoId>`): it waits `retentionSeconds` from `requestedAt`
 * (LOUPE_BIOMETRIC_RETENTION_DAYS; the workflow's default is 30 days), then deletes the cameo's face
 * embeddings and capture files and audits it. A second start for the same cameo starts nothing.
 */
export async function startBiometricDeletion(deps: WorkflowClientDeps, input: BiometricDeletionInput): Promise<void> {
  try {
    await deps.temporal.workflow.start(BIOMETRIC_DELETION_WORKFLOW, {
      workflowId: biometricDeletionWorkflowId(input.cameoId), taskQueue: pipelineQueue(deps), workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY', args: [input],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Asks the Temporal frontend for its system info: resolves when the service answers (for /healthz). */
export async function pingTemporal(deps: Pick<WorkflowClientDeps, 'temporal'>): Promise<void> {
  await deps.temporal.workflowService.getSystemInfo({});
}

/**
 * Issue 13: starts the copyrightDispute workflow of one dispute (workflow id
 * `copyright-dispute-<disputeId>`) and waits until it has recorded the dispute (update-with-start).
 * Throws `WorkflowRefusedUpdate` with the workflow's sentence when it cannot be recorded (not the
 * creator's match, already disputed).
 */
export async function startCopyrightDispute(deps: WorkflowClientDeps, input: CopyrightDisputeInput): Promise<CopyrightDisputeRecord> {
  const start = new WithStartWorkflowOperation(COPYRIGHT_DISPUTE_WORKFLOW, {
    workflowId: copyrightDisputeWorkflowId(input.disputeId), taskQueue: pipelineQueue(deps), workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'FAIL', args: [input],
  });
  return updateOrRefusal(() => deps.temporal.workflow.executeUpdateWithStart(copyrightDisputeRecordedUpdate, { startWorkflowOperation: start }));
}

/** Issue 13: the claimant's answer to a dispute (or to its appeal). Throws `WorkflowRefusedUpdate` when the dispute is not waiting for it. */
export async function answerCopyrightDispute(deps: Pick<WorkflowClientDeps, 'temporal'>, disputeId: string, answer: ClaimantAnswerInput): Promise<void> {
  await updateOrRefusal(() => deps.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).executeUpdate(answerCopyrightDisputeUpdate, { args: [answer] }));
}

/** Issue 13: the creator's appeal of a claim the claimant upheld. Throws `WorkflowRefusedUpdate` outside the appeal window. */
export async function appealCopyrightDispute(deps: Pick<WorkflowClientDeps, 'temporal'>, disputeId: string, appeal: { creatorId: string; statement: string }): Promise<void> {
  await updateOrRefusal(() => deps.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).executeUpdate(appealCopyrightDisputeUpdate, { args: [appeal] }));
}

/**
 * Starts one copyright rescan (workflow id `copyright-rescan-<rescanId>`, pipeline queue; its batches
 * run on the media queue). A second start of the same id while it runs, or after it completed, starts
 * nothing (its row and counts are the first run's). Records nothing itself: the workflow's first
 * activity writes the copyright_rescans row.
 */
export async function startCopyrightRescanWorkflow(deps: WorkflowClientDeps, input: CopyrightRescanInput): Promise<void> {
  try {
    await deps.temporal.workflow.start(COPYRIGHT_RESCAN_WORKFLOW, {
      workflowId: copyrightRescanWorkflowId(input.rescanId),
      taskQueue: pipelineQueue(deps),
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [input],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Sends pause, resume or cancel to a running rescan. Throws `WorkflowRefusedUpdate` with a sentence
 * when the rescan's workflow is not running (it finished, or never started).
 */
export async function signalCopyrightRescan(
  deps: Pick<WorkflowClientDeps, 'temporal'>, rescanId: string, command: 'pause' | 'resume' | 'cancel', staffId: string | null,
): Promise<void> {
  const handle = deps.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId));
  try {
    if (command === 'pause') await handle.signal(pauseCopyrightRescanSignal);
    else if (command === 'resume') await handle.signal(resumeCopyrightRescanSignal);
    else await handle.signal(cancelCopyrightRescanSignal, { staffId });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new WorkflowRefusedUpdate('This rescan is no longer running, so it cannot be paused, resumed or cancelled.');
    throw error;
  }
}

/**
 * A running rescan's live progress, or null when its workflow cannot answer within 2 seconds (done,
 * not found, no worker polling): the caller falls back to the saved row.
 */
export async function copyrightRescanLiveProgress(deps: Pick<WorkflowClientDeps, 'temporal'>, rescanId: string): Promise<CopyrightRescanProgress | null> {
  try {
    const handle = deps.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId));
    return await deps.temporal.withDeadline(Date.now() + 2_000, () => handle.query(copyrightRescanProgressQuery));
  } catch {
    return null;
  }
}

/**
 * Issue 13: starts a rights holder's copyrightClaim (workflow id `copyright-claim-<claimId>`) and
 * waits until the claim is recorded (update-with-start), so the status page opens at once. Answers
 * how many duplicates and conflicts were found. Throws `WorkflowRefusedUpdate` with the sentence
 * when recording refused it.
 */
export async function startCopyrightClaim(deps: WorkflowClientDeps, input: CopyrightClaimInput): Promise<{ conflicts: number }> {
  const start = new WithStartWorkflowOperation(COPYRIGHT_CLAIM_WORKFLOW, {
    workflowId: copyrightClaimWorkflowId(input.claimId), taskQueue: pipelineQueue(deps), workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'FAIL', args: [input],
  });
  return updateOrRefusal(() => deps.temporal.workflow.executeUpdateWithStart(copyrightClaimRecordedUpdate, { startWorkflowOperation: start }));
}

/**
 * Issue 14: the policy playground's semantic verdict. Runs one short semanticPreview workflow (id
 * `semantic-preview-<uuid>`, at most 2 minutes) and waits for its answer: the semantic outcome and
 * the verdict of the rules combined with it. Throws `WorkflowDidNotFinish` with the activity's
 * sentence when it failed (the draft went away, the database could not be read).
 */
export async function previewSemanticVerdict(deps: WorkflowClientDeps, input: SemanticPreviewInput): Promise<SemanticPreview> {
  try {
    return await deps.temporal.workflow.execute(SEMANTIC_PREVIEW_WORKFLOW, {
      workflowId: `${SEMANTIC_PREVIEW_WORKFLOW_PREFIX}${randomUUID()}`,
      taskQueue: pipelineQueue(deps),
      args: [input],
      workflowExecutionTimeout: '2 minutes',
    });
  } catch (error) {
    if (error instanceof WorkflowFailedError) throw didNotFinish(error);
    throw error;
  }
}

/** A workflow that runs once at a time per subject is already running (a draft's backtest). */
export class WorkflowAlreadyRunning extends Error {
  override name = 'WorkflowAlreadyRunning';
}

/**
 * Issue 14: the semantic outcomes of a draft's backtest sample. Runs the draft's policyBacktest
 * workflow (id `policy-backtest-<draft id>`, at most 10 minutes: 2,000 prompts with both sides take
 * about a minute on a quiet core) and waits for its answer, one entry per request id in order.
 * Throws `WorkflowAlreadyRunning` while another backtest of the draft runs, and
 * `WorkflowDidNotFinish` with the innermost sentence when it failed or timed out.
 */
export async function classifyBacktestSample(deps: WorkflowClientDeps, draftId: string, input: PolicyBacktestInput): Promise<PolicyBacktestSemantic> {
  try {
    return await deps.temporal.workflow.execute(POLICY_BACKTEST_WORKFLOW, {
      workflowId: policyBacktestWorkflowId(draftId),
      taskQueue: pipelineQueue(deps),
      args: [input],
      workflowExecutionTimeout: '10 minutes',
      workflowIdConflictPolicy: 'FAIL',
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw new WorkflowAlreadyRunning('A backtest of this draft is already running; wait for it to finish.', { cause: error });
    }
    if (error instanceof WorkflowFailedError) throw didNotFinish(error);
    throw error;
  }
}

/** How far the draft's latest backtest got (prompts classified of the sample), or null when it never ran. */
export async function backtestProgress(deps: WorkflowClientDeps, draftId: string): Promise<PolicyBacktestProgress | null> {
  try {
    return await deps.temporal.workflow.getHandle(policyBacktestWorkflowId(draftId)).query(policyBacktestProgressQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/**
 * Issue 15: tells a request's clip pipeline (workflow id = request id) that its provider job has
 * news (a verified webhook), so it polls at once. Resolves to false when the workflow is no longer
 * running (it finished, or never started): nothing waits for the news then.
 */
export async function signalProviderJobUpdate(deps: Pick<WorkflowClientDeps, 'temporal'>, requestId: string, update: ProviderJobUpdate): Promise<boolean> {
  try {
    await deps.temporal.workflow.getHandle(requestId).signal(providerJobUpdateSignal, update);
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
