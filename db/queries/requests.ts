/** Generation requests as the console lists them, and the lookups a submission is checked against. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database>;

/** The latest requests, newest first, with their screening verdict, video and source image if any. */
export async function listRecentRequests(db: Db, limit: number) {
  return db
    .selectFrom('generation_requests')
    .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
    .leftJoin('prompt_screenings', 'prompt_screenings.request_id', 'generation_requests.id')
    .leftJoin('videos', 'videos.request_id', 'generation_requests.id')
    .leftJoin('request_source_images', 'request_source_images.request_id', 'generation_requests.id')
    // Issue 15: a clip made at a video provider shows the job's progress (0-100) while it generates.
    .leftJoin('provider_video_jobs', 'provider_video_jobs.request_id', 'generation_requests.id')
    .select([
      'generation_requests.id', 'generation_requests.prompt', 'generation_requests.status', 'generation_requests.status_reason',
      'generation_requests.created_at', 'creators.handle', 'prompt_screenings.verdict', 'prompt_screenings.categories',
      'videos.id as video_id', 'request_source_images.source_image_sha256',
      'provider_video_jobs.provider as job_provider', 'provider_video_jobs.progress as job_progress', 'provider_video_jobs.status as job_status',
    ])
    .orderBy('generation_requests.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** What the submission form offers: every creator, and every cameo that has not been revoked. */
export async function submissionChoices(db: Db) {
  const [creators, cameos] = await Promise.all([
    db.selectFrom('creators').select(['id', 'handle', 'display_name', 'age_band']).orderBy('handle').execute(),
    db
      .selectFrom('cameos')
      .innerJoin('creators', 'creators.id', 'cameos.owner_id')
      .select(['cameos.id', 'cameos.display_name', 'cameos.access_level', 'creators.handle as owner_handle'])
      .where('cameos.revoked_at', 'is', null)
      .orderBy('cameos.display_name')
      .execute(),
  ]);
  return { creators, cameos };
}

/** Whether a creator (or reporting user) with this id exists. */
export async function creatorExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('creators').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Which of these cameo ids exist. */
export async function existingCameoIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('cameos').select('id').where('id', 'in', ids).execute()).map((row) => row.id);
}

/** A video's request and status, or undefined when there is no such video. */
export async function videoStatus(db: Db, id: string) {
  return db.selectFrom('videos').select(['request_id', 'status']).where('id', '=', id).executeTakeFirst();
}
