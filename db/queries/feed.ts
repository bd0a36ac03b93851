/** The public feed: published videos only, newest first, keyset-paginated on (published_at, id). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface FeedCursor {
  publishedAt: string;
  id: string;
}

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeFeedCursor(raw: string): FeedCursor | null {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<FeedCursor>;
    if (typeof value.publishedAt !== 'string' || Number.isNaN(Date.parse(value.publishedAt))) return null;
    if (typeof value.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.id)) return null;
    return { publishedAt: value.publishedAt, id: value.id };
  } catch {
    return null;
  }
}

export async function listPublishedVideos(db: Kysely<Database>, options: { limit: number; cursor: FeedCursor | null }) {
  let query = db
    .selectFrom('videos')
    .innerJoin('creators', 'creators.id', 'videos.creator_id')
    .select([
      'videos.id', 'videos.published_at', 'videos.created_at', 'videos.duration_seconds', 'videos.width', 'videos.height',
      'videos.validation_state', 'videos.remix_of_video_id', 'creators.handle',
    ])
    .where('videos.status', '=', 'published')
    .orderBy('videos.published_at', 'desc')
    .orderBy('videos.id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) {
    const { publishedAt, id } = options.cursor;
    query = query.where((eb) =>
      eb.or([
        eb('videos.published_at', '<', new Date(publishedAt)),
        eb.and([eb('videos.published_at', '=', new Date(publishedAt)), eb('videos.id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > options.limit && last?.published_at ? encodeFeedCursor({ publishedAt: last.published_at.toISOString(), id: last.id }) : null;
  return { rows: page, nextCursor };
}
