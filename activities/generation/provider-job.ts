/**
 * Issue 15: the generation activities of contracts/video-provider.ts. Without a provider
 * (`deps.videoProvider` null: the procedural stand-in) beginClip renders as generateClip did. With
 * one, a request's clip is one job at the provider, paid for once:
 * - beginClip maps the request (policies/openai-videos.ts; a refusal is `InvalidRequest` before any
 *   call), opens the job's row, then creates the job (or a remix of the parent's job, when the
 *   parent video was made by the same provider) with the request's idempotency key and stores the
 *   job id at once. A retry or another worker that finds the id reads the job instead of creating one.
 * - checkClipJob reads the job's status and progress and records them; collectClip streams the
 *   video and its thumbnail into the media store and records the cost (billed seconds x price);
 *   abandonClipJob deletes the job at the provider.
 * Errors of the provider are ApplicationFailures from activities/generation/openai-videos.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import sharp from 'sharp';
import type { GeneratedMedia, ProviderJobState, VideoProviderActivities } from '../../contracts';
import {
  completedProviderJobOfVideo, findProviderJob, openProviderJob, recordProviderJobAbandoned, recordProviderJobCollected,
  recordProviderJobState,
} from '../../db/queries/provider-video-jobs';
import { sourceImageOfRequest } from '../../db/queries/source-images';
import { mapToVideosApi, nextPollDelayMs, videoCostUsd, VIDEOS_API_SECONDS, type VideosApiSeconds } from '../../policies/openai-videos';
import type { ActivityDeps } from '../deps';
import { withHeartbeat } from '../heartbeat';
import { sha256OfFile } from '../media/content-hash';
import { probeVideo, UnreadableMediaError } from '../media/probe';
import { renderClip } from './activity';
import type { OpenAIVideosProvider, ProviderVideo } from './openai-videos';

export function videoProviderActivities(deps: ActivityDeps): VideoProviderActivities {
  const { db } = deps;

  const jobOf = async (requestId: string) => {
    const job = await findProviderJob(db, requestId);
    if (!job?.provider_job_id) throw ApplicationFailure.nonRetryable(`Request ${requestId} has no job at the video provider.`, 'NotFound');
    return { ...job, provider_job_id: job.provider_job_id };
  };

  /** Records what the provider said and turns it into the workflow's view. */
  const stateOf = async (provider: OpenAIVideosProvider, requestId: string, video: ProviderVideo, hintMs: number | null, polls: number): Promise<ProviderJobState> => {
    await recordProviderJobState(db, requestId, { jobId: video.id, status: video.status, progress: video.progress, model: video.model, error: video.error });
    const job = await jobOf(requestId);
    return {
      kind: 'provider_job',
      provider: provider.id,
      jobId: video.id,
      status: video.status,
      progress: video.progress,
      failure: video.status === 'failed'
        ? `The video provider could not make the clip${video.error ? ` (${video.error.code}): ${video.error.message}` : '.'}`
        : null,
      pollAfterMs: nextPollDelayMs(polls, hintMs, provider.settings.firstPollMs, provider.settings.maxPollMs),
      deadline: new Date(job.created_at.getTime() + provider.settings.jobTimeoutSeconds * 1000).toISOString(),
    };
  };

  const needProvider = (): OpenAIVideosProvider => {
    if (!deps.videoProvider) throw ApplicationFailure.nonRetryable('This worker has no video provider configured (LOUPE_GENERATOR), but the request has a job at one.', 'NotFound');
    return deps.videoProvider;
  };

  /** beginClip with a provider: map, open the row, create (or remix) the job once, store its id. */
  const beginProviderJob = async (provider: OpenAIVideosProvider, requestId: string): Promise<ProviderJobState> => {
    const request = await db
      .updateTable('generation_requests')
      .set({ status: 'generating', updated_at: new Date() })
      .where('id', '=', requestId)
      .returning(['prompt', 'duration_seconds', 'width', 'height', 'remix_of_video_id'])
      .executeTakeFirstOrThrow();
    const existing = await findProviderJob(db, requestId);
    if (existing?.provider_job_id) {
      // A retry, or a worker that took over: the job exists, so it is read, never created again.
      const { video, pollAfterMs } = await provider.retrieve(existing.provider_job_id);
      return stateOf(provider, requestId, video, pollAfterMs, 0);
    }

    const mapped = mapToVideosApi({ durationSeconds: request.duration_seconds, width: request.width, height: request.height });
    if (!mapped.ok) throw ApplicationFailure.nonRetryable(mapped.refusal, 'InvalidRequest');
    const { seconds, size } = mapped.mapping;
    const parent = request.remix_of_video_id ? await completedProviderJobOfVideo(db, request.remix_of_video_id, provider.id) : null;
    // One key per request: a provider that honours Idempotency-Key answers a repeated create
    // (a worker that died before storing the id) with the same job.
    const idempotencyKey = existing?.idempotency_key ?? `loupe-clip-${requestId}`;
    await openProviderJob(db, {
      requestId, provider: provider.id, model: provider.settings.model, idempotencyKey, seconds, size,
      remixOfProviderJobId: parent?.providerJobId ?? null,
    });

    let video: ProviderVideo;
    if (parent) {
      video = await provider.remix({ parentJobId: parent.providerJobId, prompt: request.prompt, idempotencyKey });
    } else {
      const source = await sourceImageOfRequest(db, requestId);
      const inputReference = source
        ? {
            // The API wants the reference image at the video's size: cropped to fill it, as PNG.
            bytes: await sharp(await deps.media.localPath(source.storage_key)).rotate().resize(mapped.mapping.width, mapped.mapping.height, { fit: 'cover' }).png().toBuffer(),
            mimeType: 'image/png' as const,
          }
        : undefined;
      video = await provider.create({ prompt: request.prompt, seconds, size, idempotencyKey, ...(inputReference ? { inputReference } : {}) });
    }
    return stateOf(provider, requestId, video, null, 0);
  };

  return {
    async beginClip({ requestId }) {
      const provider = deps.videoProvider;
      if (!provider) return { kind: 'rendered', clip: await renderClip(deps, requestId) };
      // Heartbeats while the image is fitted and the provider answers: the step's heartbeat timeout
      // is what notices a worker that died here.
      return withHeartbeat(() => beginProviderJob(provider, requestId));
    },

    async checkClipJob({ requestId, polls }) {
      const provider = needProvider();
      const job = await jobOf(requestId);
      const { video, pollAfterMs } = await provider.retrieve(job.provider_job_id);
      return stateOf(provider, requestId, video, pollAfterMs, polls + 1);
    },

    async collectClip({ requestId }): Promise<GeneratedMedia> {
      const provider = needProvider();
      const job = await jobOf(requestId);
      const dir = path.join(deps.workDir, requestId, `collect-${Context.current().info.attempt}`);
      await fs.mkdir(dir, { recursive: true });
      try {
        const videoPath = path.join(dir, 'clip.mp4');
        const thumbnailPath = path.join(dir, 'thumbnail.jpg');
        await withHeartbeat(async () => {
          await provider.download(job.provider_job_id, 'video', videoPath, Context.current().cancellationSignal);
          await provider.download(job.provider_job_id, 'thumbnail', thumbnailPath, Context.current().cancellationSignal);
        });
        const probe = await probeVideo(videoPath).catch((error: unknown) => {
          if (error instanceof UnreadableMediaError) {
            throw ApplicationFailure.nonRetryable(`The video provider's file for job ${job.provider_job_id} is not a readable video, so there is no clip to check or publish.`, 'ProviderRefused');
          }
          throw error;
        });
        const sha256 = await sha256OfFile(videoPath);
        const storageKey = `raw/${sha256}.mp4`;
        await deps.media.putFile(storageKey, videoPath);
        const thumbnailKey = `thumbnails/${await sha256OfFile(thumbnailPath)}.jpg`;
        await deps.media.putFile(thumbnailKey, thumbnailPath);
        const seconds: VideosApiSeconds = (VIDEOS_API_SECONDS as readonly string[]).includes(job.seconds) ? (job.seconds as VideosApiSeconds) : '4';
        await recordProviderJobCollected(db, requestId, { costUsd: videoCostUsd(seconds, provider.settings.pricePerSecondUsd), thumbnailKey });
        const { size } = await fs.stat(videoPath);
        return {
          storageKey,
          sha256,
          byteSize: size,
          durationSeconds: probe.durationSeconds,
          width: probe.width,
          height: probe.height,
          generator: provider.generatorIdentity(job.model),
        };
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },

    async abandonClipJob({ requestId, why }) {
      const job = await findProviderJob(db, requestId);
      const limit = deps.videoProvider?.settings.jobTimeoutSeconds;
      const within = limit === undefined ? 'the allowed time' : limit < 120 ? `${limit} seconds` : `${Math.round(limit / 60)} minutes`;
      const reason = why === 'timed_out'
        ? `The video provider did not finish the clip within ${within}, so its job was deleted there and the request failed; submit it again to retry.`
        : 'The request was cancelled, so its job at the video provider was deleted.';
      if (job?.provider_job_id && deps.videoProvider) await deps.videoProvider.delete(job.provider_job_id);
      if (job) await recordProviderJobAbandoned(db, requestId, why, reason);
      return { reason };
    },
  };
}
