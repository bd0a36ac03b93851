/**
 * The contract every video provider implements (the procedural generator, a model service, a
 * provider API). The generateClip activity picks a provider and calls `generate`; everything
 * after that step (moderation, provenance, publishing) only sees the resulting MP4 and the
 * `generator` identity, which is recorded in the clip's C2PA manifest.
 */

export interface GenerationInput {
  requestId: string;
  prompt: string;
  /** Same prompt + same seed must give the same clip for providers that can promise it. */
  seed: number;
  durationSeconds: number;
  width: number;
  height: number;
  /** Image-to-video: a still the clip is made from. */
  sourceImagePath?: string;
}

export interface GeneratedClip {
  path: string;
  durationSeconds: number;
  width: number;
  height: number;
  generator: { id: string; name: string; version: string };
}

export interface GenerateOptions {
  /** Aborts the render, e.g. when Temporal cancels the activity. */
  signal?: AbortSignal;
}

export interface VideoGenerator {
  readonly id: string;
  readonly name: string;
  /** Bump whenever the same input would render differently, so stored clips stay attributable. */
  readonly version: string;
  generate(input: GenerationInput, outputPath: string, options?: GenerateOptions): Promise<GeneratedClip>;
}

/** The feed's frame: portrait 9:16, as phones show it. */
export const DEFAULT_VIDEO_SIZE = { width: 720, height: 1280 } as const;
