/**
 * Image-to-video submissions through tRPC: a bad source image is refused with its sentence and
 * leaves nothing behind (no image object, no row, no request, no workflow); a good one is stored
 * once under its content hash before the workflow starts, however often it is submitted, and its
 * rows are written by the workflow's recordRequest activity, never by the submission.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { inject } from 'vitest';
import { renderTestPatternImage } from '../../activities/media/test-pattern-image';
import { submitRequest } from '../../app/services/submit-request.server';
import { CLIP_PIPELINE_WORKFLOW, type ClipPipelineInput } from '../../contracts';
import { attachSourceImage } from '../../db/queries/source-images';
import { SOURCE_IMAGE_LIMITS } from '../../policies/source-image';
import { callerAs, connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let png: Buffer;
beforeAll(async () => {
  ctx = await connectTestContext();
  // A frame no other test renders (its own size), so this file's objects are its own.
  png = await renderTestPatternImage('testsrc2=s=352x288', 'png');
});
afterAll(async () => ctx.close());

const count = async (table: 'generation_requests' | 'source_images' | 'request_source_images') =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const storedSources = async () => fs.readdir(path.join(inject('stack').mediaDir, 'sources')).catch(() => [] as string[]);
const snapshot = async () => ({
  requests: await count('generation_requests'),
  images: await count('source_images'),
  links: await count('request_source_images'),
  workflows: (await ctx.temporal.workflow.count()).count,
  files: (await storedSources()).length,
});

/**
 * The request's source image as recordRequest linked it. The workflow's first activity writes the
 * rows, a moment after the submission returns, so this waits for them (up to 30 s). The workflow is
 * not awaited to completion: a retried start must still find it running to be refused.
 */
async function linkOf(requestId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const row = await ctx.db.selectFrom('request_source_images').innerJoin('source_images', 'source_images.sha256', 'request_source_images.source_image_sha256')
      .select(['source_images.sha256', 'source_images.storage_key', 'source_images.mime_type', 'source_images.width', 'source_images.height', 'source_images.byte_size'])
      .where('request_id', '=', requestId).executeTakeFirst();
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`Request ${requestId} has no source image row after 30 s: recordRequest did not link it.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('requests.submit with a source image', () => {
  const cases: [string, () => string, RegExp][] = [
    ['not an image', () => Buffer.from('Dear reviewer, this is a letter, not a picture.').toString('base64'), /not a PNG, JPEG or WebP image/],
    ['an image over 10 MB', () => Buffer.concat([png, Buffer.alloc(SOURCE_IMAGE_LIMITS.maxBytes)]).toString('base64'), /larger than 10 MB, the limit/],
    ['a truncated PNG', () => png.subarray(0, png.length - 40).toString('base64'), /PNG file, but it is truncated or damaged/],
    ['text that is not base64', () => 'this is not base64!', /send the image file encoded as base64/],
  ];

  it.each(cases)('refuses %s with a sentence and stores nothing', async (_name, image, message) => {
    const admin = await createStaff(ctx.db, 'admin');
    const creator = await createCreator(ctx.db);
    const before = await snapshot();
    const attempt = callerAs(ctx, admin).requests.submit({ creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: 2, sourceImageBase64: image() });
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it('stores a good image once, by content hash, before the workflow starts; a retry or a second request adds no copy', async () => {
    const creator = await createCreator(ctx.db);
    const input = { creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: 2, seed: 42, sourceImageBase64: png.toString('base64') };
    const requestId = randomUUID();
    await submitRequest(ctx, input, { requestId });

    const link = await linkOf(requestId);
    expect(link).toMatchObject({ mime_type: 'image/png', width: 352, height: 288, byte_size: png.length, storage_key: `sources/${link.sha256}.png` });
    expect(await fs.readFile(await ctx.media.localPath(link.storage_key))).toEqual(png);

    // The client retries the same submission (same request id): Temporal refuses the second workflow, nothing is duplicated.
    const before = await snapshot();
    await expect(submitRequest(ctx, input, { requestId })).rejects.toThrow(/already started/i);
    // Another request from the same image reuses the stored object and row.
    const second = await submitRequest(ctx, input);
    await linkOf(second.requestId);
    const after = await snapshot();
    expect(after.images).toBe(before.images);
    expect(after.files).toBe(before.files);
    expect(after.links).toBe(before.links + 1);
    expect(await ctx.db.selectFrom('request_source_images').select('source_image_sha256').where('request_id', '=', second.requestId).executeTakeFirstOrThrow())
      .toEqual({ source_image_sha256: link.sha256 });
    await Promise.all([requestId, second.requestId].map((id) => ctx.temporal.workflow.getHandle(id).result()));
    // A retry after the first pipeline finished is refused too: one request, one pipeline.
    await expect(submitRequest(ctx, input, { requestId })).rejects.toThrow(/already started/i);
  });

  it('stores only the file: the image and its link reach the database through the workflow input, not the submission', async () => {
    const creator = await createCreator(ctx.db);
    // A client that records the start instead of starting: whatever is in the database afterwards, the app wrote.
    const started: { workflowType: string; input: ClipPipelineInput }[] = [];
    const temporal = {
      workflow: {
        start: async (workflowType: string, options: { args: [ClipPipelineInput] }) => {
          started.push({ workflowType, input: options.args[0] });
        },
      },
    } as unknown as Client;
    const before = await snapshot();
    const { requestId } = await submitRequest({ ...ctx, temporal }, {
      creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: 2, seed: 42, sourceImageBase64: png.toString('base64'),
    });

    const after = await snapshot();
    expect({ requests: after.requests, images: after.images, links: after.links }).toEqual({ requests: before.requests, images: before.images, links: before.links });
    expect(await ctx.db.selectFrom('request_source_images').select('request_id').where('request_id', '=', requestId).execute()).toEqual([]);
    const sha256 = createHash('sha256').update(png).digest('hex');
    expect(started).toEqual([{
      workflowType: CLIP_PIPELINE_WORKFLOW,
      input: expect.objectContaining({
        requestId,
        sourceImage: { sha256, storageKey: `sources/${sha256}.png`, mimeType: 'image/png', width: 352, height: 288, byteSize: png.length },
      }),
    }]);
    expect(await fs.readFile(await ctx.media.localPath(`sources/${sha256}.png`))).toEqual(png);
  });

  it('refuses a workflow input whose source image is not in the media store, and records nothing', async () => {
    const creator = await createCreator(ctx.db);
    const requestId = randomUUID();
    const sha256 = createHash('sha256').update(randomUUID()).digest('hex');
    const input: ClipPipelineInput = {
      requestId, creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: 2, width: 720, height: 1280, seed: 42,
      cameoIds: [], remixOfVideoId: null,
      sourceImage: { sha256, storageKey: `sources/${sha256}.png`, mimeType: 'image/png', width: 64, height: 64, byteSize: 100 },
    };
    const handle = await ctx.temporal.workflow.start(CLIP_PIPELINE_WORKFLOW, {
      taskQueue: `${ctx.taskQueuePrefix}-pipeline`, workflowId: requestId, args: [input],
    });
    const failure: unknown = await handle.result().then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    // The workflow failed because recordRequest (an activity failure) refused the input.
    expect((failure as WorkflowFailedError).cause?.cause).toMatchObject({
      type: 'InvalidRequest', message: expect.stringMatching(/is not in the media store; upload it first/),
    });
    expect(await ctx.db.selectFrom('generation_requests').select('id').where('id', '=', requestId).execute()).toEqual([]);
    expect(await ctx.db.selectFrom('request_source_images').select('request_id').where('request_id', '=', requestId).execute()).toEqual([]);
  });
});

it('stores one row when many requests attach the same new image at the same moment', async () => {
  // Rows only (no files): each round is an image never seen before, attached by ten requests at once.
  for (let round = 0; round < 30; round++) {
    const sha256 = createHash('sha256').update(randomUUID()).digest('hex');
    const image = { sha256, storage_key: `sources/${sha256}.png`, mime_type: 'image/png' as const, width: 64, height: 64, byte_size: 100 };
    const requestIds = Array.from({ length: 10 }, () => randomUUID());
    await Promise.all(requestIds.map((id) => attachSourceImage(ctx.db, id, image)));
    expect(await ctx.db.selectFrom('source_images').select('sha256').where('sha256', '=', sha256).execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom('request_source_images').select('request_id').where('request_id', 'in', requestIds).execute()).toHaveLength(10);
  }
});
