import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { countOpenItemsByQueue, getReviewItemDetail, listOpenReviewItems } from '../../../db/queries/review';
import { decideReviewUpdate } from '../../../workflows/contracts';
import { procedure, ROLES, router } from '../init.server';

export const reviewRouter = router({
  queues: procedure.meta({ roles: ROLES.read }).query(({ ctx }) => countOpenItemsByQueue(ctx.db)),

  openItems: procedure
    .meta({ roles: ROLES.read })
    .input(z.object({ queueId: z.string().max(64).optional(), limit: z.number().int().min(1).max(200).default(100) }))
    .query(({ ctx, input }) => listOpenReviewItems(ctx.db, input)),

  item: procedure
    .meta({ roles: ROLES.read })
    .input(z.object({ itemId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const detail = await getReviewItemDetail(ctx.db, input.itemId);
      if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no review item with that id.' });
      return detail;
    }),

  decide: procedure
    .meta({ roles: ROLES.review })
    .input(
      z.object({
        itemId: z.uuid(),
        decision: z.enum(['approve', 'reject']),
        reason: z.string().trim().min(3, 'give a reason of at least 3 characters').max(500),
        note: z.string().trim().max(2000).nullable().default(null),
        expectedVersion: z.number().int().min(1),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const item = await ctx.db
        .selectFrom('review_items')
        .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
        .select(['review_items.request_id', 'review_items.state', 'review_queues.allowed_roles', 'review_queues.name'])
        .where('review_items.id', '=', input.itemId)
        .executeTakeFirst();
      if (!item) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no review item with that id.' });
      if (item.state !== 'open') throw new TRPCError({ code: 'CONFLICT', message: `This item was already ${item.state}; nothing was changed.` });
      if (!item.allowed_roles.includes(ctx.staff!.role)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `The ${item.name} queue is worked by ${item.allowed_roles.join(', ')}; your role is ${ctx.staff!.role}.` });
      }
      try {
        // The decision goes to the workflow that owns the item; its activity writes the row and the audit entry.
        return await ctx.temporal.workflow.getHandle(item.request_id).executeUpdate(decideReviewUpdate, {
          args: [{ ...input, reviewerId: ctx.staff!.id }],
        });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) {
          const cause = error.cause as Error | undefined;
          throw new TRPCError({ code: 'CONFLICT', message: cause?.message ?? error.message });
        }
        if (error instanceof WorkflowNotFoundError) {
          throw new TRPCError({ code: 'CONFLICT', message: 'This request is no longer waiting for a decision.' });
        }
        throw error;
      }
    }),
});
