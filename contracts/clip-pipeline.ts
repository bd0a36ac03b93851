/**
 * What the outside world may know about the clip pipeline workflow (workflow id = request id): its
 * name, input, outcome and status query. The workflow implements it in workflows/clip-pipeline.ts.
 */
import { defineQuery } from '@temporalio/workflow';
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
  | 'signing' | 'clip_review' | 'publishing' | 'done';

/** How a pipeline (or the request part of an appeal) ended. */
export interface PipelineOutcome {
  status: 'published' | 'blocked' | 'rejected' | 'failed';
  reason: string | null;
  videoId: string | null;
}

/** The answer of pipelineStatusQuery: the stage and the review item waiting for a decision, if any. */
export interface PipelineStatus {
  stage: PipelineStage;
  pendingReview: { itemId: string; kind: 'prompt' | 'clip' | 'appeal' | 'report'; version: number } | null;
}

/** Answered by clipPipeline and appealReview. */
export const pipelineStatusQuery = defineQuery<PipelineStatus>('pipelineStatus');
