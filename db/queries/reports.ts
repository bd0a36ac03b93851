/** What the report form offers: published videos and the users who could report them. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** The latest 100 published videos with their prompts, and up to 200 users (with whether their reports are muted). */
export async function reportChoices(db: Kysely<Database>) {
  const [videos, users] = await Promise.all([
    db.selectFrom('videos').innerJoin('generation_requests', 'generation_requests.id', 'videos.request_id')
      .select(['videos.id', 'generation_requests.prompt']).where('videos.status', '=', 'published').orderBy('videos.published_at', 'desc').limit(100).execute(),
    db.selectFrom('creators').select(['id', 'handle', 'reports_muted_at']).orderBy('handle').limit(200).execute(),
  ]);
  return { videos, users };
}
