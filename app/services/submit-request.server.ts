/**
 * Submitting a generation request: validate at the boundary, then start the request's
 * clipPipeline workflow. The workflow's first activity records the request, so a rejected
 * submission leaves no trace and an accepted one is owned by its workflow.
 *
 * The one thing stored here is an image-to-video request's source image file: checked and put in the
 * media store under its content hash (an object, not pipeline state) before the workflow starts. The
 * workflow's input carries the image's facts, and its recordRequest activity writes the rows that
 * record the image and link it to the request; later activities read the image by request id.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MediaStore } from '../../db/media-store';
import { creatorExists, existingCameoIds } from '../../db/queries/requests';
import { remixParent } from '../../db/queries/remix-settings';
import type { Database } from '../../db/schema';
import { clipSpecProblems, DEFAULT_CLIP, promptInputProblem } from '../../policies/generation';
import { decideRemix } from '../../policies/remix';
import { SOURCE_IMAGE_LIMITS, SOURCE_IMAGE_TOO_LARGE } from '../../policies/source-image';
import type { ClipPipelineInput, SourceImageRef } from '../../contracts';
import { ServiceRefusal } from './refusal';
import { checkSourceImage, SourceImageRefused, storeSourceImage, type CheckedSourceImage } from './source-image.server';
import { startClipPipeline } from './workflow-client.server';

/** Base64 of the largest image allowed (no line breaks): longer text is a larger image. */
const MAX_SOURCE_IMAGE_BASE64_LENGTH = Math.ceil(SOURCE_IMAGE_LIMITS.maxBytes / 3) * 4;

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
  /** Image-to-video: the source image's bytes (PNG, JPEG or WebP), base64-encoded. Omitted: text-to-video. */
  sourceImageBase64: z
    .base64('send the image file encoded as base64')
    .max(MAX_SOURCE_IMAGE_BASE64_LENGTH, SOURCE_IMAGE_TOO_LARGE)
    .optional(),
});
export type SubmitRequestInput = z.input<typeof submitRequestSchema>;

export class SubmissionError extends Error {
  override name = 'SubmissionError';
}

export async function submitRequest(
  deps: { db: Kysely<Database>; temporal: Client; taskQueuePrefix: string; media: MediaStore; cameoApprovalExpirySeconds?: number },
  rawInput: SubmitRequestInput,
  /** A caller-chosen id makes a submission idempotent: Temporal refuses a second workflow with the same id. */
  options: { requestId?: string } = {},
): Promise<{ requestId: string }> {
  const input = submitRequestSchema.parse(rawInput);
  const problems = [promptInputProblem(input.prompt), ...clipSpecProblems(input)].filter((p): p is string => Boolean(p));
  if (problems.length > 0) throw new SubmissionError(problems.join(' '));

  if (!(await creatorExists(deps.db, input.creatorId))) throw new SubmissionError(`There is no creator with id ${input.creatorId}.`);
  const cameoIds = [...new Set(input.cameoIds)];
  const found = await existingCameoIds(deps.db, cameoIds);
  const unknown = cameoIds.filter((id) => !found.includes(id));
  if (unknown.length > 0) throw new SubmissionError(`Unknown cameo id(s): ${unknown.join(', ')}. Pick cameos that exist.`);
  if (input.remixOfVideoId) {
    // Issue 15: the parent must be published and its owner must not have turned remixing off. The
    // workflow asks the same rule again before anything is screened or generated (checkRemixAllowed).
    const remix = decideRemix(await remixParent(deps.db, input.remixOfVideoId), input.creatorId);
    if (!remix.allowed) {
      if (remix.refusal === 'turned_off') throw new ServiceRefusal('FORBIDDEN', remix.reason);
      throw new SubmissionError(remix.reason);
    }
  }

  let sourceImage: CheckedSourceImage | null = null;
  if (input.sourceImageBase64 !== undefined) {
    try {
      sourceImage = await checkSourceImage(Buffer.from(input.sourceImageBase64, 'base64'));
    } catch (error) {
      if (error instanceof SourceImageRefused) throw new SubmissionError(error.message);
      throw error;
    }
  }

  const requestId = options.requestId ?? randomUUID();
  let storedSourceImage: SourceImageRef | null = null;
  if (sourceImage) {
    try {
      // Only the file, before the workflow starts; the workflow's recordRequest writes its rows.
      storedSourceImage = await storeSourceImage(deps.media, sourceImage);
    } finally {
      await sourceImage.discard();
    }
  }
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
    // Omitted for text-to-video, so those inputs stay exactly what they were.
    ...(storedSourceImage ? { sourceImage: storedSourceImage } : {}),
    // Issue 11: the deployment's approval expiry (LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS); absent, the workflow's default.
    ...(deps.cameoApprovalExpirySeconds !== undefined ? { approvalExpirySeconds: deps.cameoApprovalExpirySeconds } : {}),
  };
  await startClipPipeline(deps, workflowInput);
  return { requestId };
}
