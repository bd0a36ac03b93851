/**
 * Provenance audit console (issue 5). Reads the signals the provenance activities record; a
 * "verify now" or a catalogue run is a Temporal workflow, never a write from here.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { explainValidationCode } from '../../../activities/provenance/status-codes';
import type { VideoVerification } from '../../../contracts';
import { appendAudit } from '../../../db/queries/audit';
import { getProvenanceDetail, latestAuditRuns, listProvenanceSignals, PROVENANCE_SIGNALS } from '../../../db/queries/provenance';
import { taskQueueNames } from '../../../contracts';
import {
  REVERIFY_CATALOGUE_WORKFLOW,
  reverifyProgressQuery,
  VERIFY_VIDEO_WORKFLOW,
  verifyVideoWorkflowId,
  type ReverifyProgress,
} from '../../../contracts';
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
      const staff = ctx.staff;
      await appendAudit(ctx.db, {
        actorStaffId: staff.id,
        actorLabel: staff.email,
        action: 'provenance.verify_now',
        subjectType: 'video',
        subjectId: video.id,
      });
      const workflowId = verifyVideoWorkflowId(video.id);
      try {
        const handle = await ctx.temporal.workflow
          .start(VERIFY_VIDEO_WORKFLOW, {
            workflowId,
            taskQueue: taskQueueNames(ctx.taskQueuePrefix).pipeline,
            args: [{ videoId: video.id, requestedBy: staff.email }],
            workflowExecutionTimeout: '15 minutes',
          })
          .catch((error: unknown) => {
            // Someone else pressed "verify now" a moment ago: wait for that check instead.
            if (error instanceof WorkflowExecutionAlreadyStartedError) return ctx.temporal.workflow.getHandle(workflowId);
            throw error;
          });
        return (await handle.result()) as VideoVerification;
      } catch (error) {
        if (error instanceof WorkflowFailedError) {
          throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `The check could not finish: ${(error.cause?.cause as Error | undefined)?.message ?? error.cause?.message ?? error.message}` });
        }
        throw error;
      }
    }),

  runs: staffProcedure(ROLES.provenance_audit).query(async ({ ctx }) => {
    const runs = await latestAuditRuns(ctx.db);
    let live: ReverifyProgress | null = null;
    try {
      // The running re-verification answers its progress query directly (fresher than the table).
      for await (const execution of ctx.temporal.workflow.list({
        query: `WorkflowType = '${REVERIFY_CATALOGUE_WORKFLOW}' AND ExecutionStatus = 'Running'`,
      })) {
        live = await ctx.temporal.workflow.getHandle(execution.workflowId).query(reverifyProgressQuery);
        break;
      }
    } catch {
      live = null; // visibility or the query being unavailable must not break the page
    }
    return { runs, live };
  }),

  startCatalogueRun: staffProcedure(ROLES.provenance_audit)
    .input(z.object({ confirm: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      const staff = ctx.staff;
      const workflowId = `reverify-catalogue-manual-${Date.now()}`;
      await appendAudit(ctx.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'provenance.catalogue_run', subjectType: 'workflow', subjectId: workflowId });
      await ctx.temporal.workflow.start(REVERIFY_CATALOGUE_WORKFLOW, {
        workflowId,
        taskQueue: taskQueueNames(ctx.taskQueuePrefix).pipeline,
        args: [{}],
      });
      return { workflowId };
    }),
});
