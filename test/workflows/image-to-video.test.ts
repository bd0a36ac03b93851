/**
 * Image-to-video through the real pipeline (Temporal dev server, Loupe's workers, ffmpeg, c2pa-rs):
 * the clip is rendered from the request's source image, read by the activity from the database and
 * the media store; the same prompt and seed without the image render a different clip; the same
 * prompt, seed and image render the same one; the signed manifest lists the image as an ingredient.
 */
import type { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { renderTestPatternImage } from '../../activities/media/test-pattern-image';
import { readProvenance } from '../../activities/provenance/read-provenance';
import type { GeneratedMedia } from '../../contracts';
import { connectTestContext, createCreator, submit, type TestContext } from '../support/fixtures';

const PROMPT = 'Lanterns rising over a calm lake at night';

let ctx: TestContext;
let png: Buffer;
beforeAll(async () => {
  ctx = await connectTestContext();
  png = await renderTestPatternImage('smptebars=s=400x300', 'png');
});
afterAll(async () => ctx.close());

/** The generateClip activity's input and result, as the workflow history recorded them. */
async function generateClipCall(temporal: Client, requestId: string): Promise<{ input: unknown; clip: GeneratedMedia }> {
  const events = (await temporal.workflow.getHandle(requestId).fetchHistory()).events ?? [];
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'generateClip');
  const completed = events.find((event) => String(event.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduled?.eventId ?? '-'));
  const decode = (data: Uint8Array | null | undefined) => JSON.parse(Buffer.from(data ?? []).toString('utf8')) as unknown;
  return {
    input: decode(scheduled?.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data),
    clip: decode(completed?.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data) as GeneratedMedia,
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
