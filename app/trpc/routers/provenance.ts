/**
 * Provenance audit console (issue 5). Reads the signals the provenance activities record; a
 * "verify now" or a catalogue run is a Temporal workflow, never a write from here.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { explainValidationCode } from '../../../policies/provenance-status-codes';
import type { VideoVerification } from '../../../contracts';
import { appendAudit } from '../../../db/queries/audit';
import { getProvenanceDetail, latestAuditRuns, listProvenanceSignals, PROVENANCE_SIGNALS } from '../../../db/queries/provenance';
import {
  manualCatalogueRunId, runningCatalogueProgress, startCatalogueRun, verifyVideoNow, WorkflowDidNotFinish,
} from '../../services/workflow-client.server';
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
    .mutation(async ({ ctx, input }): Promise<VideoVerification> => {
      const video = await ctx.db.selectFrom('videos').select('id').where('id', '=', input.videoId).executeTakeFirst();
      if (!video) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no video with that id.' });
      const { staff } = ctx;
      await appendAudit(ctx.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'provenance.verify_now', subjectType: 'video', subjectId: video.id });
      try {
        return await verifyVideoNow(ctx, video.id, staff.email);
      } catch (error) {
        if (error instanceof WorkflowDidNotFinish) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `The check could not finish: ${error.message}` });
        throw error;
      }
    }),

  runs: staffProcedure(ROLES.provenance_audit).query(async ({ ctx }) => {
    const runs = await latestAuditRuns(ctx.db);
    const live = await runningCatalogueProgress(ctx);
    return { runs, live };
  }),

  startCatalogueRun: staffProcedure(ROLES.provenance_audit)
    .input(z.object({ confirm: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      const { staff } = ctx;
      const workflowId = manualCatalogueRunId();
      await appendAudit(ctx.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'provenance.catalogue_run', subjectType: 'workflow', subjectId: workflowId });
      await startCatalogueRun(ctx, workflowId);
      return { workflowId };
    }),
});
