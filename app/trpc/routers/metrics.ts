/** Dashboard figures: per-queue days, pending vs SLA, block rates, automated vs human, appeals, throughput, generation cost. */
import { z } from 'zod';
import { appealOutcomes, automatedVsHuman, blockRateByCategory, pendingByQueue, queueDays, reviewerThroughput } from '../../../db/queries/metrics';
import { providerCostSummary } from '../../../db/queries/provider-video-jobs';
import { ROLES, staffProcedure, router } from '../init.server';

export const metricsRouter = router({
  dashboard: staffProcedure(ROLES.read)
    .input(z.object({ days: z.number().int().min(1).max(90).default(14) }))
    .query(async ({ ctx, input }) => {
      const [days, pending, blockRates, automation, appeals, throughput, generationCosts] = await Promise.all([
        queueDays(ctx.db, input.days),
        pendingByQueue(ctx.db),
        blockRateByCategory(ctx.db, input.days),
        automatedVsHuman(ctx.db, input.days),
        appealOutcomes(ctx.db, input.days),
        reviewerThroughput(ctx.db, input.days),
        // Issue 15: what the video provider's clips cost (seconds x LOUPE_OPENAI_VIDEOS_PRICE_PER_SECOND).
        providerCostSummary(ctx.db, input.days),
      ]);
      return { days, pending, blockRates, automation, appeals, throughput, generationCosts };
    }),
});
