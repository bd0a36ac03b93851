/**
 * Submitting a generation request: validate at the boundary, then start the request's
 * clipPipeline workflow. Nothing is written here: the workflow's first activity records the request,
 * so a rejected submission leaves no trace and an accepted one is owned by its workflow.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { clipSpecProblems, DEFAULT_CLIP, promptInputProblem } from '../../policies/generation';
import { CLIP_PIPELINE_WORKFLOW, taskQueueNames, type ClipPipelineInput } from '../../workflows/contracts';

export const submitRequestSchema = z.object({
  creatorId: z.uuid({ message: 'creatorId must be a creator id (UUID)' }),
  prompt: z.string({ message: 'prompt must be text' }),
  durationSeconds: z.number().default(DEFAULT_CLIP.durationSeconds),
  width: z.number().int().default(DEFAULT_CLIP.width),
  height: z.number().int().default(DEFAULT_CLIP.height),
  cameoIds: z.array(z.uuid({ message: 'each cameo id must be a UUID' })).max(4, 'at most 4 cameos per video').default([]),
  remixOfVideoId: z.uuid().nullable().default(null),
  /** Fixes the render for reproducible demos and tests; random otherwise. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});
export type SubmitRequestInput = z.input<typeof submitRequestSchema>;

export class SubmissionError extends Error {
  override name = 'SubmissionError';
}

export async function submitRequest(
  deps: { db: Kysely<Database>; temporal: Client; taskQueuePrefix: string },
  rawInput: SubmitRequestInput,
  /** A caller-chosen id makes a submission idempotent: Temporal refuses a second workflow with the same id. */
  options: { requestId?: string } = {},
): Promise<{ requestId: string }> {
  const input = submitRequestSchema.parse(rawInput);
  const problems = [promptInputProblem(input.prompt), ...clipSpecProblems(input)].filter((p): p is string => Boolean(p));
  if (problems.length > 0) throw new SubmissionError(problems.join(' '));

  const creator = await deps.db.selectFrom('creators').select('id').where('id', '=', input.creatorId).executeTakeFirst();
  if (!creator) throw new SubmissionError(`There is no creator with id ${input.creatorId}.`);
  const cameoIds = [...new Set(input.cameoIds)];
  if (cameoIds.length > 0) {
    const found = await deps.db.selectFrom('cameos').select('id').where('id', 'in', cameoIds).execute();
    const unknown = cameoIds.filter((id) => !found.some((row) => row.id === id));
    if (unknown.length > 0) throw new SubmissionError(`Unknown cameo id(s): ${unknown.join(', ')}. Pick cameos that exist.`);
  }
  if (input.remixOfVideoId) {
    const parent = await deps.db.selectFrom('videos').select('status').where('id', '=', input.remixOfVideoId).executeTakeFirst();
    if (parent?.status !== 'published') throw new SubmissionError('Only published videos can be remixed; that video is not published.');
  }

  const requestId = options.requestId ?? randomUUID();
  const workflowInput: ClipPipelineInput = {
    requestId,
    creatorId: input.creatorId,
    prompt: input.prompt,
    durationSeconds: input.durationSeconds,
    width: input.width,
    height: input.height,
    seed: input.seed ?? randomInt(0, 2 ** 31 - 1),
    cameoIds,
    remixOfVideoId: input.remixOfVideoId,
  };
  await deps.temporal.workflow.start(CLIP_PIPELINE_WORKFLOW, {
    taskQueue: taskQueueNames(deps.taskQueuePrefix).pipeline,
    workflowId: requestId,
    args: [workflowInput],
  });
  return { requestId };
}
