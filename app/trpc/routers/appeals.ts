/**
 * Appeals: the API the creator app calls when a creator contests a block or rejection (the console's
 * /appeal page is its demo). Nothing is written here: the appeal's workflow records it first.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { z } from 'zod';
import { APPEAL_WINDOW_DAYS } from '../../../policies/review';
import type { AppealReviewInput } from '../../../contracts';
import { startAppealReview } from '../../services/workflow-client.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const appealsRouter = router({
  submit: staffProcedure(ROLES.submit)
    .input(
      z.object({
        requestId: z.uuid({ message: 'requestId must be the id (UUID) of your video request' }),
        creatorId: z.uuid({ message: 'creatorId must be a creator id (UUID)' }),
        statement: z.string().trim().min(10, 'tell us in at least 10 characters why the decision was wrong').max(2000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const request = await ctx.db
        .selectFrom('generation_requests')
        .select(['creator_id', 'status', sql<boolean>`updated_at > now() - make_interval(days => ${APPEAL_WINDOW_DAYS})`.as('in_window')])
        .where('id', '=', input.requestId)
        .executeTakeFirst();
      if (!request || request.creator_id !== input.creatorId) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no video request with that id for this creator.' });
      }
      if (request.status !== 'blocked' && request.status !== 'rejected') {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `Only blocked or rejected requests can be appealed; this one is ${request.status.replace('_', ' ')}.` });
      }
      if (!request.in_window) throw new TRPCError({ code: 'BAD_REQUEST', message: `Appeals are accepted within ${APPEAL_WINDOW_DAYS} days of the decision; this one is older.` });
      const args: AppealReviewInput = { appealId: randomUUID(), requestId: input.requestId, creatorId: input.creatorId, statement: input.statement };
      const { workflowId, alreadyAppealed } = await startAppealReview(ctx, args);
      if (alreadyAppealed) {
        throw new TRPCError({ code: 'CONFLICT', message: 'This request has already been appealed; each decision can be appealed once.' });
      }
      return { appealId: args.appealId, workflowId };
    }),

  /** Blocked or rejected requests a creator could still appeal (the demo form's picker). */
  appealable: staffProcedure(ROLES.submit).query(({ ctx }) =>
    ctx.db
      .selectFrom('generation_requests')
      .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
      .leftJoin('appeals', 'appeals.request_id', 'generation_requests.id')
      .select(['generation_requests.id', 'generation_requests.prompt', 'generation_requests.status', 'generation_requests.status_reason', 'generation_requests.creator_id', 'creators.handle', 'appeals.status as appeal_status'])
      .where('generation_requests.status', 'in', ['blocked', 'rejected'])
      .orderBy('generation_requests.updated_at', 'desc')
      .limit(100)
      .execute(),
  ),
});
