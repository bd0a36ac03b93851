/**
 * Image-to-video submissions with uploads as people take them (../shared/testdata): a phone
 * portrait stored sideways with EXIF orientation 6 reaches the media store and the workflow input
 * upright, with its upright size; an upload that embeds a C2PA manifest store (the C2PA test file
 * CA.jpg) is stored without it, and kept as it arrived under originals/, named in the input for the
 * clip's ingredient. The workflow start is recorded, not run: what is checked is what the
 * submission hands over.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import sharp from 'sharp';
import { submitRequest } from '../../app/services/submit-request.server';
import type { ClipPipelineInput } from '../../contracts';
import { carriesC2paStore } from '../../policies/source-image';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';

const TESTDATA = path.join(process.cwd(), '..', 'shared', 'testdata');

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** Submits `file` as the source image with a Temporal client that records the start; returns the workflow input. */
async function submitRecorded(file: string): Promise<ClipPipelineInput> {
  const creator = await createCreator(ctx.db);
  const started: ClipPipelineInput[] = [];
  const temporal = {
    workflow: {
      start: async (_workflowType: string, options: { args: [ClipPipelineInput] }) => void started.push(options.args[0]),
    },
  } as unknown as Client;
  await submitRequest({ ...ctx, temporal }, {
    creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: 2, seed: 7, sourceImageBase64: (await fs.readFile(file)).toString('base64'),
  });
  expect(started).toHaveLength(1);
  return started[0]!;
}

it('stores a phone portrait (EXIF orientation 6) upright, and hands the workflow its upright size', async () => {
  const input = await submitRecorded(path.join(TESTDATA, 'source-images', 'bridge-2-rotate-90-exif6.jpg'));
  // Stored sideways as 1004x1600; shown, stored and recorded upright as 1600x1004.
  expect(input.sourceImage).toMatchObject({ mimeType: 'image/jpeg', width: 1600, height: 1004 });
  expect(input.sourceImage!.original).toBeUndefined();
  const stored = await sharp(await ctx.media.localPath(input.sourceImage!.storageKey)).metadata();
  expect(stored).toMatchObject({ width: 1600, height: 1004 });
  expect(stored.orientation ?? 1).toBe(1);
  expect(stored.exif).toBeUndefined();
});

it('keeps an upload that embeds a C2PA manifest store as it arrived, apart, and stores the picture without it', async () => {
  const file = path.join(TESTDATA, 'c2pa', 'CA.jpg');
  const upload = await fs.readFile(file);
  const input = await submitRecorded(file);
  const { original, storageKey } = input.sourceImage!;
  expect(original).toMatchObject({ storageKey: `originals/${original!.sha256}.jpg`, byteSize: upload.length });
  expect(await fs.readFile(await ctx.media.localPath(original!.storageKey))).toEqual(upload);
  expect(carriesC2paStore(await fs.readFile(await ctx.media.localPath(storageKey)), 'image/jpeg')).toBe(false);
});
