/**
 * Issue 15: generation as a job at a video provider (the OpenAI-compatible Videos API), in steps
 * the workflow orders so that nothing is paid for twice and nothing waits inside a worker:
 *   beginClip        the procedural stand-in renders at once ('rendered'); a provider's job is created
 *                    (or found, when a retry or a restarted worker already created it) and its id stored
 *   [wait]           a durable timer for the next poll, cut short by the providerJobUpdate signal
 *                    that the console sends when the provider's webhook arrives
 *   checkClipJob     reads the job's status and progress at the provider and records them
 *   collectClip      downloads the finished video (and thumbnail) into the media store, records the cost
 *   abandonClipJob   a job past its deadline (or a cancelled request) is deleted at the provider
 * The activities run on the generation task queue; activities/generation/provider-job.ts implements them.
 */
import { defineSignal } from '@temporalio/workflow';
import type { GeneratedMedia } from './activities';

/** A provider job as the workflow sees it between polls. */
export interface ProviderJobState {
  kind: 'provider_job';
  /** The provider's id in Loupe, e.g. 'openai-videos'. */
  provider: string;
  /** The provider's job id. */
  jobId: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed';
  /** 0-100. */
  progress: number;
  /** With status 'failed': the sentence that ends the request (the provider's own message kept). */
  failure: string | null;
  /** How long to wait before the next poll, ms (the provider's hint, or the configured backoff). */
  pollAfterMs: number;
  /** ISO 8601: a job unfinished by then is abandoned and the request fails as timed out. */
  deadline: string;
}

/** What beginClip did: rendered the clip itself, or started (or found) a job at a provider. */
export type BegunClip = { kind: 'rendered'; clip: GeneratedMedia } | ProviderJobState;

/** The generation activities of a provider job (generation task queue). */
export interface VideoProviderActivities {
  /**
   * Renders with the procedural generator, or maps the request onto the provider (refusing what
   * cannot map, before any call: ApplicationFailure `InvalidRequest`) and creates its job once.
   * A provider's refusal is `ProviderRefused` (permanent); 429/5xx are `ProviderUnavailable` (retried).
   */
  beginClip(input: { requestId: string }): Promise<BegunClip>;
  /** The job's status at the provider, recorded; `polls` counts the polls before this one (for the backoff). */
  checkClipJob(input: { requestId: string; polls: number }): Promise<ProviderJobState>;
  /** Downloads the completed job's video into the media store (and its thumbnail), records its cost. */
  collectClip(input: { requestId: string }): Promise<GeneratedMedia>;
  /** Deletes the job at the provider and records why; answers the sentence that ends the request. */
  abandonClipJob(input: { requestId: string; why: 'timed_out' | 'cancelled' }): Promise<{ reason: string }>;
}

/** What the console's webhook route tells the workflow: a verified event about its job. */
export interface ProviderJobUpdate {
  jobId: string;
  /** The event type as delivered, e.g. 'video.completed' or 'video.failed'. */
  event: string;
  /** The delivery's `webhook-id`. */
  webhookId: string;
}

/**
 * Sent to a clip pipeline (workflow id = request id) when the provider's webhook says its job
 * finished: the workflow polls at once instead of waiting for its timer. Polling stays the
 * fallback, so a lost webhook only delays the clip.
 */
export const providerJobUpdateSignal = defineSignal<[ProviderJobUpdate]>('providerJobUpdate');

/**
 * The failure types of the generation steps that, once the activity gives up (at once for a
 * permanent one; after the retry policy's last attempt for `ProviderUnavailable`), end the request
 * as failed with their sentence instead of failing the workflow.
 */
export const GENERATION_FAILURES_ENDING_REQUEST = ['InvalidRequest', 'ProviderRefused', 'ProviderUnavailable'] as const;
