/** A creator's own generation requests, as their app reads them (never anyone else's). */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../schema';

/** How many of the request's cameo owners have not answered yet (its pipeline waits for them). */
function pendingApprovals(eb: ExpressionBuilder<Database, 'generation_requests'>) {
  return eb.selectFrom('cameo_approval_requests').select((inner) => inner.fn.countAll<string>().as('n'))
    .whereRef('cameo_approval_requests.request_id', '=', 'generation_requests.id').where('cameo_approval_requests.state', '=', 'pending')
    .as('pending_approvals');
}

/** One request of `creatorId` with its video, or undefined when there is none with that id for them. */
export async function creatorRequest(db: Kysely<Database>, creatorId: string, requestId: string) {
  return db
    .selectFrom('generation_requests')
    .leftJoin('videos', 'videos.request_id', 'generation_requests.id')
    .select([
      'generation_requests.id', 'generation_requests.status', 'generation_requests.status_reason', 'generation_requests.created_at',
      'generation_requests.updated_at', 'videos.id as video_id', 'videos.status as video_status', 'videos.remix_allowed as video_remix_allowed', pendingApprovals,
    ])
    .where('generation_requests.id', '=', requestId)
    .where('generation_requests.creator_id', '=', creatorId)
    .executeTakeFirst();
}

/** The creator's latest requests (at most `limit`), newest first, with their videos. */
export async function listCreatorRequests(db: Kysely<Database>, creatorId: string, limit: number) {
  return db
    .selectFrom('generation_requests')
    .leftJoin('videos', 'videos.request_id', 'generation_requests.id')
    .select([
      'generation_requests.id', 'generation_requests.prompt', 'generation_requests.status', 'generation_requests.status_reason',
      'generation_requests.created_at', 'generation_requests.updated_at', 'videos.id as video_id', 'videos.status as video_status', 'videos.remix_allowed as video_remix_allowed', pendingApprovals,
    ])
    .where('generation_requests.creator_id', '=', creatorId)
    .orderBy('generation_requests.created_at', 'desc')
    .orderBy('generation_requests.id')
    .limit(limit)
    .execute();
}
