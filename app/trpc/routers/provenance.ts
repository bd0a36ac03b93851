/**
 * Provenance audit console (issue 5). Reads the signals the provenance activities record; a
 * "verify now" or a catalogue run is a Temporal workflow, never a write from here.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { explainValidationCode } from '../../../policies/provenance-status-codes';
import { getProvenanceDetail, latestAuditRuns, listProvenanceSignals, PROVENANCE_SIGNALS } from '../../../db/queries/provenance';
import { startManualCatalogueRun, verifyVideo } from '../../services/provenance-checks.server';
import { runningCatalogueProgress } from '../../services/workflow-client.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const provenanceRouter = router({
  list: staffProcedure(ROLES.provenance_audit)
    .input(z.object({ failing: z.array(z.enum(PROVENANCE_SIGNALS)).max(6).default([]), limit: z.number().int().min(1).max(500).default(200) }))
    .query(({ ctx, input }) => listProvenanceSignals(ctx.db, input)),

  video: staffProcedure(ROLES.provenance_audit)
    .input(z.object({ videoId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const detail = await getProvenanceDetail(ctx.db, input.videoId);
      if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no video with that id.' });
      const codes = detail.video.validation_codes ?? [];
      return { ...detail, codes: codes.map((code) => ({ ...code, sentence: explainValidationCode(code.code, code.kind) })) };
    }),

  verifyNow: staffProcedure(ROLES.provenance_audit)
    .input(z.object({ videoId: z.uuid() }))
    .mutation(({ ctx, input }) => verifyVideo(ctx, ctx.staff, input.videoId)),

  /** The latest runs as recorded, and the running one's progress asked of its workflow. */
  runs: staffProcedure(ROLES.provenance_audit).query(async ({ ctx }) => {
    const [runs, live] = await Promise.all([latestAuditRuns(ctx.db), runningCatalogueProgress(ctx)]);
    return { runs, live };
  }),

  startCatalogueRun: staffProcedure(ROLES.provenance_audit)
    .input(z.object({ confirm: z.literal(true) }))
    .mutation(({ ctx }) => startManualCatalogueRun(ctx, ctx.staff)),
});
