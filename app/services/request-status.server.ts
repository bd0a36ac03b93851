/**
 * Where a creator's request stands: its status in the pipeline, the reason of a block or rejection,
 * and its video once there is one. Only the creator's own requests answer.
 */
import type { Kysely } from 'kysely';
import { creatorRequest } from '../../db/queries/creator-requests';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

/** The request's status. Refuses NOT_FOUND when the creator has no request with that id. */
export async function requestStatus(db: Kysely<Database>, creatorId: string, requestId: string) {
  const row = await creatorRequest(db, creatorId, requestId);
  if (!row) throw new ServiceRefusal('NOT_FOUND', 'You have no video request with that id.');
  return {
    requestId: row.id,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    video: row.video_id ? { videoId: row.video_id, status: row.video_status! } : null,
  };
}
