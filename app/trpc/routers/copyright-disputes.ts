/**
 * Copyright disputes for the console (issue 13): the list (keyset pages, optionally one state) and
 * one dispute in full. Read-only: disputes are filed by creators, answered by claimants and decided
 * by legal in the copyright queue (the review screen), all through the dispute's workflow.
 */
import { z } from 'zod';
import { disputeDetailForStaff, listDisputesForStaff, listDisputesInput } from '../../services/copyright-disputes.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const copyrightDisputesRouter = router({
  list: staffProcedure(ROLES.copyright_disputes)
    .input(listDisputesInput)
    .query(({ ctx, input }) => listDisputesForStaff(ctx.db, input)),

  detail: staffProcedure(ROLES.copyright_disputes)
    .input(z.object({ disputeId: z.string() }))
    .query(({ ctx, input }) => disputeDetailForStaff(ctx.db, input.disputeId)),
});
