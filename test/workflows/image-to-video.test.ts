/**
 * Image-to-video through the real pipeline (Temporal dev server, Loupe's workers, ffmpeg, c2pa-rs):
 * the clip is rendered from the request's source image, read by the activity from the database and
 * the media store; the same prompt and seed without the image render a different clip; the same
 * prompt, seed and image render the same one; the signed manifest lists the image as an ingredient.
 * An upload that carried its own Content Credentials becomes an ingredient made from the upload as it
 * arrived, so a source image whose credentials fail (../shared/testdata/c2pa/XCA.jpg, E-sig-CA.jpg)
 * shows its failure codes in the clip's manifest.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { inject } from 'vitest';
import { renderTestPatternImage } from '../../activities/media/test-pattern-image';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { CLIP_PIPELINE_WORKFLOW, type ClipPipelineInput, type GeneratedMedia } from '../../contracts';
import { connectTestContext, createCreator, submit, waitForStatus, type TestContext } from '../support/fixtures';

const PROMPT = 'Lanterns rising over a calm lake at night';

let ctx: TestContext;
let png: Buffer;
beforeAll(async () => {
  ctx = await connectTestContext();
  png = await renderTestPatternImage('smptebars=s=400x300', 'png');
});
afterAll(async () => ctx.close());

/** The generation step's (beginClip's, since issue 15) input and rendered clip, as the workflow history recorded them. */
async function generateClipCall(temporal: Client, requestId: string): Promise<{ input: unknown; clip: GeneratedMedia }> {
  const events = (await temporal.workflow.getHandle(requestId).fetchHistory()).events ?? [];
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'beginClip');
  const completed = events.find((event) => String(event.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduled?.eventId ?? '-'));
  const decode = (data: Uint8Array | null | undefined) => JSON.parse(Buffer.from(data ?? []).toString('utf8')) as unknown;
  return {
    input: decode(scheduled?.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data),
    clip: (decode(completed?.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data) as { clip: GeneratedMedia }).clip,
  };
}

it('renders an image-to-video request from its source image and lists the image as a C2PA ingredient', async () => {
  const creator = await createCreator(ctx.db);
  const sourceImageBase64 = png.toString('base64');
  const [textOnly, fromImage, again] = await Promise.all([
    submit(ctx, { creatorId: creator.id, prompt: PROMPT }),
    submit(ctx, { creatorId: creator.id, prompt: PROMPT, sourceImageBase64 }),
    submit(ctx, { creatorId: creator.id, prompt: PROMPT, sourceImageBase64 }),
  ]);
  const results = await Promise.all([textOnly, fromImage, again].map(({ requestId }) => ctx.temporal.workflow.getHandle(requestId).result()));
  expect(results.map((result) => result.status)).toEqual(['published', 'published', 'published']);

  const [textCall, imageCall, againCall] = await Promise.all([
    generateClipCall(ctx.temporal, textOnly.requestId),
    generateClipCall(ctx.temporal, fromImage.requestId),
    generateClipCall(ctx.temporal, again.requestId),
  ]);
  // The workflow still passes only the request id: the activity found the image by itself.
  expect(imageCall.input).toEqual({ requestId: fromImage.requestId });
  // Same prompt and seed: the image changes the clip; the same image renders it byte for byte again.
  expect(imageCall.clip.sha256).not.toBe(textCall.clip.sha256);
  expect(againCall.clip.sha256).toBe(imageCall.clip.sha256);
  expect(imageCall.clip).toMatchObject({ width: 720, height: 1280 });

  const image = await ctx.db.selectFrom('request_source_images').select('source_image_sha256').where('request_id', '=', fromImage.requestId).executeTakeFirstOrThrow();
  const manifestOf = async (requestId: string) => {
    const video = await ctx.db.selectFrom('videos').select(['storage_key', 'validation_state']).where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(video.validation_state).toBe('Trusted');
    return readProvenance(await ctx.media.localPath(video.storage_key), inject('stack').trustAnchorsPem);
  };
  const withImage = await manifestOf(fromImage.requestId);
  expect(withImage.validationState).toBe('Trusted');
  expect(withImage.ingredients).toEqual([
    { title: `Source image ${image.source_image_sha256.slice(0, 12)}`, relationship: 'inputTo', format: 'image/png', sourceImageSha256: image.source_image_sha256 },
  ]);
  expect((await manifestOf(textOnly.requestId)).ingredients).toEqual([]);
});

it.each([
  ['XCA.jpg', 'assertion.dataHash.mismatch'],
  ['E-sig-CA.jpg', 'claimSignature.mismatch'],
])('a source image uploaded with Content Credentials that fail (%s) is an ingredient of the clip with its failure (%s), not a clean chain', async (name, code) => {
  const creator = await createCreator(ctx.db);
  const upload = await readFile(path.join(process.cwd(), '..', 'shared', 'testdata', 'c2pa', name));
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: PROMPT, sourceImageBase64: upload.toString('base64') });
  // The clip itself is Loupe's, intact and trusted, so it is signed and goes on (a photo, unlike a test
  // pattern, may be held for clip review: the manifest is written before that).
  const { status } = await waitForStatus(ctx.db, requestId, ['clip_review', 'published', 'failed', 'rejected', 'blocked'], 110_000);
  await ctx.temporal.workflow.getHandle(requestId).terminate('test done').catch(() => undefined);
  expect(['clip_review', 'published']).toContain(status);

  // recordRequest linked the request to the upload as it arrived (kept because it carried a C2PA store).
  const link = await ctx.db.selectFrom('request_source_images').select('original_sha256').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(link.original_sha256).toBe(createHash('sha256').update(upload).digest('hex'));

  const video = await ctx.db.selectFrom('videos').select('storage_key').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  const report = await readProvenance(await ctx.media.localPath(video.storage_key), inject('stack').trustAnchorsPem);
  expect(report.validationState).toBe('Trusted');
  expect(report.ingredients).toHaveLength(1);
  expect(report.ingredients[0]!.validation?.state).toBe('Invalid');
  expect(report.ingredients[0]!.validation?.codes).toContainEqual(expect.objectContaining({ code, kind: 'failure' }));
});

it('refuses a workflow input whose original upload is not in the media store, and records nothing', async () => {
  const creator = await createCreator(ctx.db);
  const requestId = randomUUID();
  // The stored image is there; the upload it claims to come from is not.
  const sha256 = createHash('sha256').update(png).digest('hex');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-i2v-'));
  await writeFile(path.join(dir, 'image.png'), png);
  await ctx.media.putFile(`sources/${sha256}.png`, path.join(dir, 'image.png'));
  await rm(dir, { recursive: true, force: true });
  const originalSha256 = createHash('sha256').update(randomUUID()).digest('hex');
  const input: ClipPipelineInput = {
    requestId, creatorId: creator.id, prompt: PROMPT, durationSeconds: 2, width: 720, height: 1280, seed: 42, cameoIds: [], remixOfVideoId: null,
    sourceImage: {
      sha256, storageKey: `sources/${sha256}.png`, mimeType: 'image/png', width: 400, height: 300, byteSize: png.length,
      original: { sha256: originalSha256, storageKey: `originals/${originalSha256}.png`, byteSize: 1234 },
    },
  };
  const handle = await ctx.temporal.workflow.start(CLIP_PIPELINE_WORKFLOW, { taskQueue: `${ctx.taskQueuePrefix}-pipeline`, workflowId: requestId, args: [input] });
  const failure: unknown = await handle.result().then(() => null, (error: unknown) => error);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect((failure as WorkflowFailedError).cause?.cause).toMatchObject({ type: 'InvalidRequest', message: expect.stringMatching(/original upload .* is not in the media store/) });
  expect(await ctx.db.selectFrom('request_source_images').select('request_id').where('request_id', '=', requestId).execute()).toEqual([]);
});
