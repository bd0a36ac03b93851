/**
 * Copyright claims for the console (issue 13): the list, one claim, and a claim's review screen.
 * Read-only: claims are filed by rights holders (app API, public form) and decided in the copyright
 * queue through the review router's decide, which sends the claim's workflow an update.
 */
import { z } from 'zod';
import { claimForStaff, claimOfReviewItem, claimReviewScreen, listClaimsForStaff } from '../../services/copyright-claims.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const copyrightClaimsRouter = router({
  list: staffProcedure(ROLES.copyright_claims)
    // State and page link are checked by the service, so a bad one gets a sentence, not zod's output.
    .input(z.object({ state: z.string().nullable().default(null), cursor: z.string().nullable().default(null), limit: z.number().int().min(1).max(100).default(25) }))
    .query(({ ctx, input }) => listClaimsForStaff(ctx.db, ctx.staff, { ...(input.state ? { state: input.state } : {}), ...(input.cursor ? { cursor: input.cursor } : {}), limit: input.limit })),

  detail: staffProcedure(ROLES.copyright_claims)
    .input(z.object({ claimId: z.string() }))
    .query(({ ctx, input }) => claimForStaff(ctx.db, ctx.staff, input.claimId)),

  /** Whether a review item is a claim's (the review screen opens the claim's layout), for anyone who reads queues. */
  claimOfItem: staffProcedure(ROLES.read)
    .input(z.object({ itemId: z.uuid() }))
    .query(({ ctx, input }) => claimOfReviewItem(ctx.db, input.itemId)),

  reviewScreen: staffProcedure(ROLES.copyright_claims)
    .input(z.object({ itemId: z.uuid() }))
    .query(({ ctx, input }) => claimReviewScreen(ctx.db, ctx.staff, input.itemId)),
});
