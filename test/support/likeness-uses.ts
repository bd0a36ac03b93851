/**
 * Seeds uses of a cameo without running the pipeline: a request carrying the cameo and its video
 * (draft, published or removed, optionally a remix), written as the pipeline's activities would
 * write them. For the likeness takedown tests, which are about what happens after publication.
 */
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../../policies/content-hash';
import type { Kysely } from 'kysely';
import type { Database, VideoStatus } from '../../db/schema';

/** One seeded use: the video's id and its request's id. */
export interface SeededUse {
  videoId: string;
  requestId: string;
  creatorId: string;
}

/**
 * Writes a request by `creatorId` and its video in `status`. `cameoId` null seeds a video without
 * the cameo; `remixOf` makes it a remix (its cameo row then marked inherited, as the ledger does).
 */
export async function seedUse(
  db: Kysely<Database>,
  options: { creatorId: string; cameoId: string | null; status: VideoStatus; remixOf?: SeededUse },
): Promise<SeededUse> {
  const requestId = randomUUID();
  const videoId = randomUUID();
  const remixOf = options.remixOf?.videoId ?? null;
  await db.insertInto('generation_requests').values({
    id: requestId, creator_id: options.creatorId, prompt: 'seeded use', prompt_sha256: '0'.repeat(64), duration_seconds: 2,
    width: 320, height: 568, seed: 1, remix_of_video_id: remixOf,
    status: options.status === 'draft' ? 'clip_review' : 'published',
  }).execute();
  if (options.cameoId) {
    await db.insertInto('request_cameos').values({ request_id: requestId, cameo_id: options.cameoId, inherited: remixOf !== null }).execute();
  }
  await db.insertInto('videos').values({
    id: videoId, request_id: requestId, creator_id: options.creatorId, storage_key: `videos/${sha256Hex(videoId)}.mp4`, sha256: '0'.repeat(64),
    byte_size: 1, duration_seconds: 2, width: 320, height: 568,
    generator: JSON.stringify({ id: 'seed', name: 'seeded', version: '0' }),
    remix_of_video_id: remixOf, status: options.status,
    published_at: options.status === 'draft' ? null : new Date(),
    removed_at: options.status === 'removed' ? new Date() : null,
    removed_reason: options.status === 'removed' ? 'removed before the takedown' : null,
  }).execute();
  return { videoId, requestId, creatorId: options.creatorId };
}
