/**
 * "Every video with my likeness": an owner lists every request and video that uses any of their
 * cameos, anyone's drafts and refused requests included, newest first, a page at a time. Removing
 * one is the likeness takedown with trigger 'owner_removed_video' (startLikenessTakedown).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { decodeLikenessUseCursor, listLikenessUses as listUseRows } from '../../db/queries/likeness-uses';
import { InvalidCursor } from '../../db/queries/keyset-cursor';
import type { Database } from '../../db/schema';

export const listLikenessUsesInput = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * One page of uses of the owner's cameos. Throws InvalidCursor (mapped to a 400 in one place) for a
 * cursor that is not one of this list.
 */
export async function listLikenessUses(deps: { db: Kysely<Database> }, ownerId: string, rawInput: z.input<typeof listLikenessUsesInput>) {
  const input = listLikenessUsesInput.parse(rawInput);
  const cursor = input.cursor === undefined ? null : decodeLikenessUseCursor(input.cursor);
  if (input.cursor !== undefined && cursor === null) throw new InvalidCursor('That page cursor is not one of this list; start from the first page.');
  const { rows, nextCursor } = await listUseRows(deps.db, ownerId, { limit: input.limit, cursor });
  return {
    uses: rows.map((row) => ({
      requestId: row.request_id,
      creatorId: row.creator_id,
      creatorHandle: row.creator_handle,
      prompt: row.prompt,
      requestStatus: row.status,
      statusReason: row.status_reason,
      remixOfVideoId: row.remix_of_video_id,
      createdAt: row.created_ms.toISOString(),
      cameos: row.cameos,
      video: row.video_id && row.video_status ? { videoId: row.video_id, status: row.video_status } : null,
    })),
    nextCursor,
  };
}
