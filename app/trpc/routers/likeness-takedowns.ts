/**
 * Likeness takedowns for the legal console (issue 11): the recent takedowns and one takedown's
 * progress. Read-only: takedowns are started by the services that end a consent.
 */
import { z } from 'zod';
import { getTakedownDetail, getTakedownProgress, listRecentTakedowns } from '../../services/likeness-takedowns.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const likenessTakedownsRouter = router({
  recent: staffProcedure(ROLES.likeness_takedowns)
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listRecentTakedowns(ctx, input.limit)),

  progress: staffProcedure(ROLES.likeness_takedowns)
    .input(z.object({ takedownId: z.uuid() }))
    .query(({ ctx, input }) => getTakedownProgress(ctx, input.takedownId, { kind: 'staff', role: ctx.staff.role })),

  /** The progress and the videos the takedown handled. */
  detail: staffProcedure(ROLES.likeness_takedowns)
    .input(z.object({ takedownId: z.uuid() }))
    .query(({ ctx, input }) => getTakedownDetail(ctx, input.takedownId, { kind: 'staff', role: ctx.staff.role })),
});
