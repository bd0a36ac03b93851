/**
 * Where a creator's requests stand: status in the pipeline, the reason of a block or rejection, and
 * the video once there is one. Only the creator's own requests answer.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { creatorRequest, listCreatorRequests } from '../../db/queries/creator-requests';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

type RequestRow = NonNullable<Awaited<ReturnType<typeof creatorRequest>>>;

function statusOf(row: RequestRow) {
  return {
    requestId: row.id,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    video: row.video_id ? { videoId: row.video_id, status: row.video_status!, remixAllowed: row.video_remix_allowed ?? true } : null,
    /** Cameo owners whose approval the request still waits for. */
    pendingApprovals: Number(row.pending_approvals ?? 0),
  };
}

/** The request's status. Refuses NOT_FOUND when the creator has no request with that id. */
export async function requestStatus(db: Kysely<Database>, creatorId: string, requestId: string) {
  const row = await creatorRequest(db, creatorId, requestId);
  if (!row) throw new ServiceRefusal('NOT_FOUND', 'You have no video request with that id.');
  return statusOf(row);
}

export const listMyRequestsInput = z.object({
  limit: z.coerce.number({ message: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(100, 'limit must be at most 100').default(20),
});

/** The creator's latest requests, newest first, each with its prompt and status. */
export async function listMyRequests(db: Kysely<Database>, creatorId: string, input: z.output<typeof listMyRequestsInput>) {
  const rows = await listCreatorRequests(db, creatorId, input.limit);
  return { requests: rows.map((row) => ({ ...statusOf(row), prompt: row.prompt })) };
}
