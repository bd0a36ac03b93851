/**
 * The client of a video provider speaking the OpenAI-compatible Videos API (OpenAI platform docs,
 * "Videos"; the `openai` SDK's `videos` resource): create a job (`POST /videos`, multipart with the
 * source image as `input_reference`), remix one (`POST /videos/{id}/remix`), read its status
 * (`GET /videos/{id}`, with the `openai-poll-after-ms` hint), download its video and thumbnail
 * (`GET /videos/{id}/content?variant=`) streaming to a file, delete it (`DELETE /videos/{id}`).
 *
 * The SDK's own retries are off (`maxRetries: 0`): the activity's Temporal retry policy is the one
 * that retries, so every attempt is in the workflow's history. Errors leave as Temporal
 * `ApplicationFailure`s (`providerFailure`): a 4xx other than 429 (the provider's moderation
 * refusal among them, its message kept) is permanent, type `ProviderRefused`; a 429, a 5xx, a
 * timeout or a connection failure is retried, type `ProviderUnavailable`.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { ApplicationFailure } from '@temporalio/activity';
import OpenAI, { APIError, toFile } from 'openai';
import type { Video } from 'openai/resources/videos';
import type { VideosApiSeconds, VideosApiSize } from '../../policies/openai-videos';

/** The provider's id in Loupe (stored in provider_video_jobs.provider and the clip's generator). */
export const OPENAI_VIDEOS_PROVIDER_ID = 'openai-videos';

/** A status read or a delete gives up after 15 s, within the workflow's 20 s for the step. */
const SHORT_CALL_TIMEOUT_MS = 15_000;

/** What a deployment configures (config/env.ts LOUPE_OPENAI_VIDEOS_*). */
export interface VideosProviderSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
  /** US dollars per billed second. */
  pricePerSecondUsd: number;
  /** First wait between polls without a provider hint, ms. */
  firstPollMs: number;
  /** Longest wait between polls, ms. */
  maxPollMs: number;
  /** A job older than this fails the request as timed out, seconds. */
  jobTimeoutSeconds: number;
}

/** A job as the provider describes it, in the words Loupe keeps. */
export interface ProviderVideo {
  id: string;
  status: Video['status'];
  /** 0-100. */
  progress: number;
  model: string;
  seconds: string;
  size: string;
  /** The provider's error, when the job failed. */
  error: { code: string; message: string } | null;
}

/** The source image of an image-to-video request, already fitted to the video's size. */
export interface InputReference {
  bytes: Buffer;
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
}

/** One configured provider: the SDK client and the settings around it. */
export class OpenAIVideosProvider {
  readonly id = OPENAI_VIDEOS_PROVIDER_ID;
  private readonly client: OpenAI;

  constructor(readonly settings: VideosProviderSettings) {
    this.client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseUrl, maxRetries: 0, timeout: 60_000 });
  }

  /**
   * The clip's generator identity, named in its C2PA manifest's softwareAgent and on every page:
   * the model as the provider reported it, through the Videos API.
   */
  generatorIdentity(model: string): { id: string; name: string; version: string } {
    return { id: OPENAI_VIDEOS_PROVIDER_ID, name: `${model} (OpenAI-compatible Videos API)`, version: model };
  }

  /**
   * Starts a job. `idempotencyKey` goes out as the `Idempotency-Key` header, so a provider that
   * honours it answers a repeated create with the same job (a worker that died between the call and
   * storing its answer does not pay twice there). Throws `providerFailure`'s ApplicationFailure.
   */
  async create(input: { prompt: string; seconds: VideosApiSeconds; size: VideosApiSize; inputReference?: InputReference; idempotencyKey: string }): Promise<ProviderVideo> {
    const reference = input.inputReference
      ? await toFile(input.inputReference.bytes, `source.${input.inputReference.mimeType.split('/')[1]}`, { type: input.inputReference.mimeType })
      : undefined;
    return this.call(async () => toProviderVideo(await this.client.videos.create(
      { prompt: input.prompt, model: this.settings.model, seconds: input.seconds, size: input.size, ...(reference ? { input_reference: reference } : {}) },
      { headers: { 'Idempotency-Key': input.idempotencyKey } },
    )));
  }

  /** Starts a remix of a completed job of this provider (`POST /videos/{id}/remix`). Throws as `create`. */
  async remix(input: { parentJobId: string; prompt: string; idempotencyKey: string }): Promise<ProviderVideo> {
    return this.call(async () => toProviderVideo(await this.client.videos.remix(
      input.parentJobId, { prompt: input.prompt }, { headers: { 'Idempotency-Key': input.idempotencyKey } },
    )));
  }

  /** The job's status, and the provider's `openai-poll-after-ms` hint when it sent one. Throws as `create`. */
  async retrieve(jobId: string): Promise<{ video: ProviderVideo; pollAfterMs: number | null }> {
    return this.call(async () => {
      const { data, response } = await this.client.videos.retrieve(jobId, { timeout: SHORT_CALL_TIMEOUT_MS }).withResponse();
      const hint = Number(response.headers.get('openai-poll-after-ms'));
      return { video: toProviderVideo(data), pollAfterMs: Number.isFinite(hint) && hint > 0 ? hint : null };
    });
  }

  /**
   * Streams the job's `variant` to `destination` (never held in memory whole). Throws as `create`;
   * a body that breaks off mid-way is retried (ProviderUnavailable).
   */
  async download(jobId: string, variant: 'video' | 'thumbnail', destination: string, signal?: AbortSignal): Promise<void> {
    await this.call(async () => {
      const response = await this.client.videos.downloadContent(jobId, { variant }, signal ? { signal } : undefined);
      if (!response.body) throw ApplicationFailure.retryable(`The video provider sent no ${variant} for job ${jobId}; it is asked again.`, 'ProviderUnavailable');
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), fs.createWriteStream(destination));
    });
  }

  /** Deletes the job and its assets at the provider; a job already gone counts as deleted. Throws as `create`. */
  async delete(jobId: string): Promise<void> {
    try {
      await this.client.videos.delete(jobId, { timeout: SHORT_CALL_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof APIError && error.status === 404) return;
      throw providerFailure(error);
    }
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw providerFailure(error);
    }
  }
}

/**
 * An error of the provider as the activity reports it (see the file's header). ApplicationFailures
 * pass through unchanged; anything not from the SDK (a broken stream, a full disk) is retried.
 */
export function providerFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof APIError && typeof error.status === 'number') {
    const body = error.error as { message?: unknown; code?: unknown } | undefined;
    const said = typeof body?.message === 'string' && body.message.trim() !== '' ? body.message.trim() : `HTTP ${error.status}`;
    const code = typeof body?.code === 'string' ? ` (${body.code})` : '';
    if (error.status === 429 || error.status >= 500 || error.status === 408 || error.status === 409) {
      return ApplicationFailure.retryable(`The video provider is busy or failing (HTTP ${error.status}${code}: ${said}); the step is retried with backoff.`, 'ProviderUnavailable');
    }
    return ApplicationFailure.nonRetryable(`The video provider refused the request${code}: ${said}`, 'ProviderRefused');
  }
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.retryable(`The video provider could not be reached or the transfer broke off (${message}); the step is retried with backoff.`, 'ProviderUnavailable');
}

function toProviderVideo(video: Video): ProviderVideo {
  return {
    id: video.id,
    status: video.status,
    progress: Math.max(0, Math.min(100, Math.round(Number(video.progress) || 0))),
    model: String(video.model),
    seconds: String(video.seconds),
    size: String(video.size),
    error: video.error ? { code: String(video.error.code), message: String(video.error.message) } : null,
  };
}

/**
 * The provider LOUPE_GENERATOR=openai-videos asks for, built from the LOUPE_OPENAI_VIDEOS_*
 * variables (config/env.ts checks that the base URL and key are set then); null for the procedural
 * stand-in. The longest wait between polls is 60 s.
 */
export function videoProviderFromConfig(config: {
  LOUPE_GENERATOR: string;
  LOUPE_OPENAI_VIDEOS_BASE_URL?: string | undefined;
  LOUPE_OPENAI_VIDEOS_API_KEY?: string | undefined;
  LOUPE_OPENAI_VIDEOS_MODEL: string;
  LOUPE_OPENAI_VIDEOS_PRICE_PER_SECOND: number;
  LOUPE_OPENAI_VIDEOS_POLL_MS: number;
  LOUPE_OPENAI_VIDEOS_JOB_TIMEOUT_SECONDS: number;
}): OpenAIVideosProvider | null {
  if (config.LOUPE_GENERATOR !== 'openai-videos' || !config.LOUPE_OPENAI_VIDEOS_BASE_URL || !config.LOUPE_OPENAI_VIDEOS_API_KEY) return null;
  return new OpenAIVideosProvider({
    baseUrl: config.LOUPE_OPENAI_VIDEOS_BASE_URL,
    apiKey: config.LOUPE_OPENAI_VIDEOS_API_KEY,
    model: config.LOUPE_OPENAI_VIDEOS_MODEL,
    pricePerSecondUsd: config.LOUPE_OPENAI_VIDEOS_PRICE_PER_SECOND,
    firstPollMs: config.LOUPE_OPENAI_VIDEOS_POLL_MS,
    maxPollMs: 60_000,
    jobTimeoutSeconds: config.LOUPE_OPENAI_VIDEOS_JOB_TIMEOUT_SECONDS,
  });
}
