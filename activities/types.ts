/**
 * The activity contracts the clip pipeline workflow calls, grouped by the task queue that runs
 * them. Workflows import these types only; the implementations live beside this file.
 */
import type { ClipPipelineInput, ReviewDecisionInput, ReviewDecisionResult } from '../workflows/contracts';

export interface GeneratedMedia {
  storageKey: string;
  sha256: string;
  byteSize: number;
  durationSeconds: number;
  width: number;
  height: number;
  generator: { id: string; name: string; version: string };
}

export interface ModerationOutcome {
  verdict: 'allow' | 'review';
  reasons: string[];
  checks: { name: string; passed: boolean; detail: string }[];
}

export interface ScreeningOutcome {
  verdict: 'allow' | 'review' | 'block';
  reasons: string[];
  /** One sentence for the requester when the prompt is blocked. */
  summary: string;
}

export interface OpenedReviewItem {
  itemId: string;
  version: number;
  slaSeconds: number;
  escalationQueueId: string | null;
}

export interface RecordActivities {
  recordRequest(input: ClipPipelineInput): Promise<void>;
  screenPrompt(input: { requestId: string }): Promise<ScreeningOutcome>;
  checkConsent(input: { requestId: string }): Promise<{ allowed: boolean; reason: string }>;
  openReviewItem(input: { requestId: string; kind: 'prompt' | 'clip'; reasons: string[] }): Promise<OpenedReviewItem>;
  escalateReviewItem(input: { itemId: string }): Promise<{ version: number; queueId: string }>;
  recordReviewDecision(input: ReviewDecisionInput & { requestId: string }): Promise<ReviewDecisionResult>;
  finishRequest(input: { requestId: string; status: 'blocked' | 'rejected' | 'failed'; reason: string }): Promise<void>;
  publishVideo(input: { requestId: string; videoId: string }): Promise<void>;
}

export interface GenerationActivities {
  generateClip(input: { requestId: string }): Promise<GeneratedMedia>;
}

export interface MediaActivities {
  moderateClip(input: { requestId: string; clip: GeneratedMedia; promptWasReviewed: boolean }): Promise<ModerationOutcome>;
  embedProvenance(input: { requestId: string; clip: GeneratedMedia; moderation: ModerationOutcome }): Promise<{
    videoId: string;
    validationState: 'Invalid' | 'Valid' | 'Trusted' | null;
  }>;
}
