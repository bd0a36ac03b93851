/**
 * Appeals: the API the creator app calls when a creator contests a block or rejection (the console's
 * /appeal page is its demo). Nothing is written here: the appeal's workflow records it first.
 */
import { z } from 'zod';
import { listAppealableRequests } from '../../../db/queries/appeals';
import { submitAppeal } from '../../services/appeals.server';
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
    .mutation(({ ctx, input }) => submitAppeal(ctx, input)),

  /** Blocked or rejected requests a creator could still appeal (the demo form's picker). */
  appealable: staffProcedure(ROLES.submit).query(({ ctx }) => listAppealableRequests(ctx.db)),
});
