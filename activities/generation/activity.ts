/**
 * generateClip: renders the request's clip with the configured generator and stores it by content
 * hash. Since issue 15 workflows call beginClip (activities/generation/provider-job.ts), which
 * renders the same way through `renderClip` when no provider is configured; generateClip stays for
 * workflows started before that, which replay it.
 * An image-to-video request's source image is read here by request id (the submission stored it
 * before the workflow started), so the workflow and this activity's input stay as they were.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { sourceImageOfRequest } from '../../db/queries/source-images';
import type { ActivityDeps } from '../deps';
import { withHeartbeat } from '../heartbeat';
import { sha256OfFile } from '../media/content-hash';
import type { GeneratedMedia, GenerationActivities } from '../../contracts';

export function generationActivities(deps: ActivityDeps): GenerationActivities {
  return {
    generateClip: ({ requestId }) => renderClip(deps, requestId),
  };
}

/**
 * Marks the request generating, renders its clip with `deps.generator` (heartbeating, cancelled
 * with the activity) and stores it under `raw/<sha256>.mp4`. Must run inside an activity.
 */
export async function renderClip({ db, media, generator, workDir }: ActivityDeps, requestId: string): Promise<GeneratedMedia> {
  const request = await db
    .updateTable('generation_requests')
    .set({ status: 'generating', updated_at: new Date() })
    .where('id', '=', requestId)
    .returning(['prompt', 'seed', 'duration_seconds', 'width', 'height'])
    .executeTakeFirstOrThrow();
  const sourceImage = await sourceImageOfRequest(db, requestId);
  // The store's own copy: for a remote store localPath downloads it into a local cache.
  const sourceImagePath = sourceImage ? await media.localPath(sourceImage.storage_key) : undefined;

  const dir = path.join(workDir, requestId, `generate-${Context.current().info.attempt}`);
  await fs.mkdir(dir, { recursive: true });
  try {
    const output = path.join(dir, 'clip.mp4');
    const clip = await withHeartbeat(() =>
      generator.generate(
        {
          requestId,
          prompt: request.prompt,
          seed: Number(request.seed),
          durationSeconds: request.duration_seconds,
          width: request.width,
          height: request.height,
          ...(sourceImagePath !== undefined ? { sourceImagePath } : {}),
        },
        output,
        { signal: Context.current().cancellationSignal },
      ),
    );
    const sha256 = await sha256OfFile(clip.path);
    const storageKey = `raw/${sha256}.mp4`;
    await media.putFile(storageKey, clip.path);
    const { size } = await fs.stat(clip.path);
    return {
      storageKey,
      sha256,
      byteSize: size,
      durationSeconds: clip.durationSeconds,
      width: clip.width,
      height: clip.height,
      generator: clip.generator,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
