/** Dashboard figures: per-queue days, pending vs SLA, block rates, automated vs human, appeals, throughput. */
import { z } from 'zod';
import { appealOutcomes, automatedVsHuman, blockRateByCategory, pendingByQueue, queueDays, reviewerThroughput } from '../../../db/queries/metrics';
import { ROLES, staffProcedure, router } from '../init.server';

export const metricsRouter = router({
  dashboard: staffProcedure(ROLES.read)
    .input(z.object({ days: z.number().int().min(1).max(90).default(14) }))
    .query(async ({ ctx, input }) => {
      const [days, pending, blockRates, automation, appeals, throughput] = await Promise.all([
        queueDays(ctx.db, input.days),
        pendingByQueue(ctx.db),
        blockRateByCategory(ctx.db, input.days),
        automatedVsHuman(ctx.db, input.days),
        appealOutcomes(ctx.db, input.days),
        reviewerThroughput(ctx.db, input.days),
      ]);
      return { days, pending, blockRates, automation, appeals, throughput };
    }),
});
