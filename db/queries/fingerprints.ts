/** Stored video fingerprints: PDQ hashes per sampled frame and region (see activities/fingerprint). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface StoredFrameHash {
  frameIndex: number;
  region: 'full' | 'top' | 'bottom' | 'left' | 'right';
  hash: Uint8Array;
  quality: number;
}

/** Saves a video's frame hashes; idempotent (a retried activity adds nothing twice). */
export async function saveVideoFingerprint(db: Kysely<Database>, videoId: string, frames: StoredFrameHash[]): Promise<void> {
  for (let i = 0; i < frames.length; i += 500) {
    await db
      .insertInto('video_fingerprints')
      .values(
        frames.slice(i, i + 500).map((frame) => ({
          video_id: videoId,
          frame_index: frame.frameIndex,
          region: frame.region,
          hash: Buffer.from(frame.hash),
          quality: frame.quality,
        })),
      )
      .onConflict((oc) => oc.columns(['video_id', 'frame_index', 'region']).doNothing())
      .execute();
  }
}

export async function countVideoFingerprint(db: Kysely<Database>, videoId: string): Promise<number> {
  const row = await db
    .selectFrom('video_fingerprints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('video_id', '=', videoId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows added after `afterId` (bigserial), oldest first: how a lookup index catches up. */
export async function fingerprintsAfter(db: Kysely<Database>, afterId: string, limit: number) {
  return db
    .selectFrom('video_fingerprints')
    .select(['id', 'video_id', 'frame_index', 'region', 'hash'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
