/**
 * The activities the pipeline workflows call, grouped by the task queue that runs them. Workflows
 * proxy these interfaces; activities/ implements them (activities/index.ts assembles them per queue).
 */
import type { AppealReviewInput } from './appeal-review';
import type { AudioCheckActivities } from './audio-check';
import type { CopyrightBankActivities } from './copyright-banks';
import type { ClipPipelineInput, ConsentCheckOutcome, RecordApprovalOutcomeInput } from './clip-pipeline';
import type { TakeDownVideoInput, TakeDownVideoResult } from './likeness-takedown';
import type { VideoReportInput } from './report-review';
import type { ReviewDecisionInput, ReviewDecisionResult, ReviewItemKind, ReviewSubject } from './review';

/** A rendered clip in the media store. */
export interface GeneratedMedia {
  storageKey: string;
  sha256: string;
  /** Bytes. */
  byteSize: number;
  durationSeconds: number;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
  generator: { id: string; name: string; version: string };
}

/** moderateClip's verdict on a rendered clip, with the checks behind it. */
export interface ModerationOutcome {
  verdict: 'allow' | 'review';
  reasons: string[];
  checks: { name: string; passed: boolean; detail: string }[];
}

/** screenPrompt's verdict on a request's prompt. */
export interface ScreeningOutcome {
  verdict: 'allow' | 'review' | 'block';
  reasons: string[];
  /** One sentence for the requester when the prompt is blocked. */
  summary: string;
}

/**
 * Issue 12: a face check's verdict on a request's source image or generated clip
 * (policies/faces/checks.ts). Names, ids and distances only: never an embedding.
 */
export interface FaceCheckReport {
  verdict: 'allow' | 'review' | 'block';
  /** One sentence per face that blocks or needs review. */
  reasons: string[];
  /** One sentence for the requester. */
  summary: string;
  /** Faces found. */
  faces: number;
}

/** A review item as openReviewItem registered it. */
export interface OpenedReviewItem {
  itemId: string;
  version: number;
  slaSeconds: number;
  escalationQueueId: string | null;
}

/** What an appeal appeals against, as recordAppeal read it. */
export interface LoadedAppeal {
  statement: string;
  originalStatus: 'blocked' | 'rejected';
  originalReason: string;
  /** The signed draft of a clip rejected at clip review, published as is when the appeal is overturned. */
  draftVideoId: string | null;
}

/** Short database activities on the pipeline task queue. */
export interface RecordActivities {
  /** Stores the request (and links its source image, if any); idempotent per request id. */
  recordRequest(input: ClipPipelineInput): Promise<void>;
  screenPrompt(input: { requestId: string }): Promise<ScreeningOutcome>;
  /**
   * Decides every cameo of the request with the consent ledger, records each decision with its
   * ledger version, notifies owners and opens approval requests (issue 11: expiry in seconds).
   */
  checkConsent(input: { requestId: string; approvalExpirySeconds?: number }): Promise<ConsentCheckOutcome>;
  /** Issue 11: records an approval request's answer or expiry, notifies, and grants when asked; idempotent. */
  recordApprovalOutcome(input: RecordApprovalOutcomeInput): Promise<{ state: 'approved' | 'denied' | 'expired'; reason: string }>;
  /** Issue 11: decides the request's cameos again with the ledger as it is now (before publication); records nothing. */
  recheckConsent(input: { requestId: string }): Promise<{ allowed: boolean; reason: string }>;
  /**
   * Issue 15: whether the request's remix may go ahead with its parent video as it is now
   * (policies/remix.ts: published, remixing not turned off by its owner); a request that is not a
   * remix is allowed. Records nothing.
   */
  checkRemixAllowed(input: { requestId: string }): Promise<{ allowed: boolean; reason: string }>;
  /**
   * Idempotent per request and kind: a retry, or a report item reopened for a new round, returns the
   * existing row. itemId is the id the workflow minted for a new row (absent in histories from before).
   * Issue 13: an item about a copyright claim names `copyrightClaimId` instead of `requestId` (one item per claim).
   */
  openReviewItem(input: ReviewSubject & { kind: ReviewItemKind; reasons: string[]; queueId?: string; itemId?: string }): Promise<OpenedReviewItem>;
  /** Without staffId: the SLA timer escalating; with it: a reviewer's escalation (issue 4). */
  escalateReviewItem(input: { itemId: string; staffId?: string; reason?: string }): Promise<{ version: number; queueId: string }>;
  /** Refuses (NotFound) an item that is not the subject's: the request's, or (issue 13) the copyright claim's. */
  recordReviewDecision(input: ReviewDecisionInput & ReviewSubject): Promise<ReviewDecisionResult>;
  finishRequest(input: { requestId: string; status: 'blocked' | 'rejected' | 'failed'; reason: string }): Promise<void>;
  publishVideo(input: { requestId: string; videoId: string }): Promise<void>;
  /** Records the appeal (idempotent) and reads what it appeals against. */
  recordAppeal(input: AppealReviewInput): Promise<LoadedAppeal>;
  finishAppeal(input: { appealId: string; outcome: 'overturned' | 'upheld'; reason: string }): Promise<void>;
  /** Records a user's report; a muted reporter's report is kept but queues nothing. */
  recordVideoReport(input: VideoReportInput & { dedupeKey: string }): Promise<{ queued: boolean }>;
  /**
   * The one removal of a video (activities/take-down-video.ts): a staff decision passes `staffId`, a
   * likeness takedown passes `likeness` instead (issue 11); callers that ignore the result may.
   */
  takeDownVideo(input: TakeDownVideoInput): Promise<TakeDownVideoResult>;
  dismissReports(input: { videoId: string; reason: string }): Promise<{ mutedReporters: string[] }>;
}

/** Rendering on the generation task queue (a GPU or a provider at scale). */
export interface GenerationActivities {
  generateClip(input: { requestId: string }): Promise<GeneratedMedia>;
}

/** CPU media work on the media task queue. */
export interface MediaActivities {
  /** A strip of small JPEG keyframes for the review screen (issue 4). */
  extractKeyframes(input: { requestId: string; clip: GeneratedMedia }): Promise<{ frames: number }>;
  moderateClip(input: { requestId: string; clip: GeneratedMedia; promptWasReviewed: boolean }): Promise<ModerationOutcome>;
  embedProvenance(input: { requestId: string; clip: GeneratedMedia; moderation: ModerationOutcome }): Promise<{
    videoId: string;
    validationState: 'Invalid' | 'Valid' | 'Trusted' | null;
  }>;
  /** Issue 12: the faces in an image-to-video request's source image, matched and decided; records each face. */
  checkSourceImageFaces(input: { requestId: string }): Promise<FaceCheckReport>;
  /**
   * Issue 12: the faces in frames sampled from the request's signed draft video (the keyframe strip's
   * instants), matched and decided; records each face and stores their embeddings under the video.
   */
  checkKeyframeFaces(input: { requestId: string }): Promise<FaceCheckReport>;
  /** Issue 13: the signed draft's frames against the hash banks (contracts/copyright-banks.ts). */
  checkClipAgainstBanks: CopyrightBankActivities['checkClipAgainstBanks'];
  /** Issue 13: a claim's reference media hashed into its (claim, entity) bank (contracts/copyright-banks.ts). */
  hashReferenceMediaIntoBank: CopyrightBankActivities['hashReferenceMediaIntoBank'];
  /** Issue 15: the clip's audio measured, its speech transcribed and screened (contracts/audio-check.ts). */
  checkClipAudio: AudioCheckActivities['checkClipAudio'];
}
