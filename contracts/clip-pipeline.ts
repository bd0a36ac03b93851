/**
 * What the outside world may know about the clip pipeline workflow (workflow id = request id): its
 * name, input, outcome and status query. The workflow implements it in workflows/clip-pipeline.ts.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SourceImageMimeType } from '../policies/source-image';

/** The workflow type name the app starts and the worker registers. */
export const CLIP_PIPELINE_WORKFLOW = 'clipPipeline';

/** A generation request as submitted; the workflow's recordRequest activity stores it. */
export interface ClipPipelineInput {
  requestId: string;
  creatorId: string;
  prompt: string;
  /** Whole seconds. */
  durationSeconds: number;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
  seed: number;
  cameoIds: string[];
  remixOfVideoId: string | null;
  /**
   * Image-to-video: the checked source image the app put in the media store (content-addressed, so
   * storing it is not pipeline state). The recordRequest activity records it and links it to the
   * request. Absent for text-to-video, and in histories from before the link moved into the activity.
   */
  sourceImage?: SourceImageRef | null;
  /**
   * Issue 11: how long an owner has to answer an approval request for one of the request's cameos
   * before it counts as denied, in seconds. Absent: DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS. The app
   * passes LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS; tests pass a few seconds.
   */
  approvalExpirySeconds?: number;
}

/** 72 hours: an approval request nobody answered by then is denied (issue 11). */
export const DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS = 72 * 60 * 60;
/** The longest approval expiry a pipeline accepts: 30 days, as LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS allows. */
export const MAX_CAMEO_APPROVAL_EXPIRY_SECONDS = 30 * 24 * 60 * 60;

/**
 * The approval expiry a pipeline uses, in whole seconds: the input's, within 1 second and 30 days,
 * or the default when absent or not a number (workflow inputs arrive as JSON from any client).
 * Deterministic, so the workflow may call it.
 */
export function approvalExpirySecondsOf(input: Pick<ClipPipelineInput, 'approvalExpirySeconds'>): number {
  const asked = input.approvalExpirySeconds;
  if (typeof asked !== 'number' || !Number.isFinite(asked)) return DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS;
  return Math.min(MAX_CAMEO_APPROVAL_EXPIRY_SECONDS, Math.max(1, Math.round(asked)));
}

/** A source image already in the media store, as the submission checked it. */
export interface SourceImageRef {
  /** SHA-256 (hex) of the stored bytes (after metadata removal). */
  sha256: string;
  /** Its media store key (`sources/<sha256>.<extension>`). */
  storageKey: string;
  mimeType: SourceImageMimeType;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
  /** Bytes. */
  byteSize: number;
  /**
   * The upload exactly as it arrived, when it embedded a C2PA manifest store (the stored image above
   * is that picture upright, without metadata or manifest). Kept in the media store, served by no
   * route, for the clip's manifest to name as an ingredient with its own validation results.
   * Absent when the upload carried no C2PA store.
   */
  original?: SourceImageOriginalRef;
}

/** A source image upload kept as it arrived (see SourceImageRef.original); same format as the stored image. */
export interface SourceImageOriginalRef {
  /** SHA-256 (hex) of the upload's bytes. */
  sha256: string;
  /** Its media store key (`originals/<sha256>.<extension>`). */
  storageKey: string;
  /** Bytes. */
  byteSize: number;
}

/** Where a pipeline is, for the status query and the console. */
export type PipelineStage =
  | 'recording' | 'screening' | 'consent_check' | 'prompt_review' | 'generating' | 'moderating'
  | 'signing' | 'clip_review' | 'publishing' | 'done'
  /** Issue 11: waiting for cameo owners to answer approval requests. */
  | 'cameo_approval';

/** How a pipeline (or the request part of an appeal) ended. */
export interface PipelineOutcome {
  status: 'published' | 'blocked' | 'rejected' | 'failed';
  reason: string | null;
  videoId: string | null;
}

/** The answer of pipelineStatusQuery: the stage and the review item waiting for a decision, if any. */
export interface PipelineStatus {
  stage: PipelineStage;
  pendingReview: { itemId: string; kind: 'prompt' | 'clip' | 'appeal' | 'report' | 'likeness_complaint' | 'copyright_match' | 'copyright_claim' | 'copyright_dispute'; version: number } | null;
  /** Issue 11: approval requests the pipeline waits on (unanswered ones); absent from workflows that never asked. */
  pendingApprovals?: PendingCameoApproval[];
}

/** Answered by clipPipeline and appealReview. */
export const pipelineStatusQuery = defineQuery<PipelineStatus>('pipelineStatus');

/** Issue 11: one approval request a cameo's owner must answer before the request goes on. */
export interface PendingCameoApproval {
  /** cameo_approval_requests.id */
  approvalId: string;
  cameoId: string;
  ownerId: string;
  /** ISO 8601; unanswered by then counts as denied. */
  expiresAt: string;
}

/** What checkConsent decided for a request's cameos. */
export interface ConsentCheckOutcome {
  /** True when every cameo may be used now. */
  allowed: boolean;
  /** One or more sentences: why not, who was asked, or that everyone allows it. */
  reason: string;
  /**
   * Approval requests opened for cameos whose owners approve people one by one ("people I
   * approve") and have not approved this requester: the pipeline waits for their answers. Opened
   * only when nothing else refused the request. Absent in histories from before issue 11.
   */
  pendingApprovals?: PendingCameoApproval[];
}

/** An owner's answer to one approval request, sent by the app as the answerCameoApproval update. */
export interface AnswerCameoApprovalInput {
  approvalId: string;
  /** The acting creator; must be the cameo's owner (the update's validator refuses anyone else). */
  ownerId: string;
  decision: 'approve' | 'deny';
  /** Approve and also grant the requester lasting permission (a grant_added ledger event). */
  alsoGrant?: boolean;
  /** Optional words for the requester. */
  note?: string | null;
}

/** What an answered approval request became. */
export interface AnswerCameoApprovalResult {
  approvalId: string;
  state: 'approved' | 'denied';
}

/**
 * An owner answers an approval request of this pipeline. Refused (ApplicationFailure type
 * ApprovalRefused) when the approval is unknown to the workflow, already answered or expired, or
 * the caller is not the cameo's owner.
 */
export const answerCameoApprovalUpdate = defineUpdate<AnswerCameoApprovalResult, [AnswerCameoApprovalInput]>('answerCameoApproval');

/** Input of the recordApprovalOutcome activity: an answer, or an expiry decided by the workflow's timer. */
export interface RecordApprovalOutcomeInput {
  requestId: string;
  approvalId: string;
  outcome: 'approved' | 'denied' | 'expired';
  /** With 'approved': also add a lasting grant to the ledger. */
  alsoGrant?: boolean;
  note?: string | null;
  /**
   * With 'expired': the approval is closed before its time because another owner of the request's
   * cameos declined; nobody is notified about it (the requester hears of the denial).
   */
  closedEarly?: boolean;
}
