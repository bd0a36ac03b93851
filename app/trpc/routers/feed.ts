import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { decodeFeedCursor, listPublishedVideos } from '../../../db/queries/feed';
import { publicProcedure, router } from '../init.server';

export const feedRouter = router({
  /** Public: only published videos ever leave through here. */
  list: publicProcedure
    .input(z.object({ cursor: z.string().max(200).nullable().default(null), limit: z.number().int().min(1).max(50).default(10) }))
    .query(async ({ ctx, input }) => {
      const cursor = input.cursor ? decodeFeedCursor(input.cursor) : null;
      if (input.cursor && !cursor) throw new TRPCError({ code: 'BAD_REQUEST', message: 'That cursor is not valid; start again without one.' });
      const { rows, nextCursor } = await listPublishedVideos(ctx.db, { limit: input.limit, cursor });
      return {
        items: rows.map((row) => ({
          id: row.id,
          videoUrl: `/media/${row.id}.mp4`,
          provenanceUrl: `/videos/${row.id}`,
          createdAt: row.created_at.toISOString(),
          publishedAt: row.published_at?.toISOString() ?? null,
          creator: row.handle,
          durationSeconds: row.duration_seconds,
          width: row.width,
          height: row.height,
          contentCredentials: row.validation_state,
          remixOf: row.remix_of_video_id,
          aiGenerated: true as const,
        })),
        nextCursor,
      };
    }),
});
