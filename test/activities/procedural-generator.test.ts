import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GenerationInput } from '../../activities/generation/generator';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { probeVideo } from '../../activities/media/probe';

// Short clips keep the suite quick on a shared two-core machine; one test renders the full 10 s.
const baseInput: GenerationInput = {
  requestId: 'req-test',
  prompt: 'a calm ocean at dawn, waves rolling in',
  seed: 42,
  durationSeconds: 2,
  width: 720,
  height: 1280,
};

let workDir: string;
let baselinePath: string;

async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'loupe-procedural-'));
  baselinePath = join(workDir, 'baseline.mp4');
  await proceduralGenerator.generate(baseInput, baselinePath);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('proceduralGenerator', () => {
  it('renders H.264 + AAC at 720x1280 for the requested duration and says so', async () => {
    const probe = await probeVideo(baselinePath);
    expect(probe.videoCodec).toBe('h264');
    expect(probe.audioCodec).toBe('aac');
    expect(probe.width).toBe(720);
    expect(probe.height).toBe(1280);
    expect(Math.abs(probe.durationSeconds - baseInput.durationSeconds)).toBeLessThan(0.1);

    const clip = await proceduralGenerator.generate(baseInput, join(workDir, 'described.mp4'));
    expect(clip).toMatchObject({
      path: join(workDir, 'described.mp4'),
      width: 720,
      height: 1280,
      generator: { id: 'procedural', name: proceduralGenerator.name, version: proceduralGenerator.version },
    });
    expect(Math.abs(clip.durationSeconds - baseInput.durationSeconds)).toBeLessThan(0.1);
  });

  it('is deterministic: the same input renders a byte-identical file', async () => {
    const againPath = join(workDir, 'again.mp4');
    await proceduralGenerator.generate({ ...baseInput, requestId: 'another-request' }, againPath);
    expect(await sha256OfFile(againPath)).toBe(await sha256OfFile(baselinePath));
  });

  it('renders a different clip for a different prompt, and for a different seed', async () => {
    const otherPromptPath = join(workDir, 'other-prompt.mp4');
    const otherSeedPath = join(workDir, 'other-seed.mp4');
    await proceduralGenerator.generate({ ...baseInput, prompt: 'neon city street at night' }, otherPromptPath);
    await proceduralGenerator.generate({ ...baseInput, seed: 43 }, otherSeedPath);
    const baseline = await sha256OfFile(baselinePath);
    expect(await sha256OfFile(otherPromptPath)).not.toBe(baseline);
    expect(await sha256OfFile(otherSeedPath)).not.toBe(baseline);
  });

  it.each([0, -1, 20.5, 60, Number.NaN])('rejects duration %s with a clear message and writes nothing', async (durationSeconds) => {
    const outputPath = join(workDir, `invalid-duration-${String(durationSeconds)}.mp4`);
    await expect(proceduralGenerator.generate({ ...baseInput, durationSeconds }, outputPath)).rejects.toThrow(
      /durationSeconds must be greater than 0 and at most 20/,
    );
    await expect(stat(outputPath)).rejects.toThrow(/ENOENT/);
  });

  it('rejects odd or out-of-range frame sizes', async () => {
    const outputPath = join(workDir, 'invalid-size.mp4');
    await expect(proceduralGenerator.generate({ ...baseInput, width: 721 }, outputPath)).rejects.toThrow(
      /width must be an even integer from 128 to 1920, got 721/,
    );
    await expect(proceduralGenerator.generate({ ...baseInput, height: 4000 }, outputPath)).rejects.toThrow(
      /height must be an even integer/,
    );
  });

  it('animates a source image (image-to-video)', async () => {
    const imagePath = join(workDir, 'source.png');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=640x480', '-frames:v', '1', '-y', imagePath]);
    const outputPath = join(workDir, 'from-image.mp4');

    const clip = await proceduralGenerator.generate({ ...baseInput, sourceImagePath: imagePath }, outputPath);

    const probe = await probeVideo(outputPath);
    expect(probe).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac', width: 720, height: 1280 });
    expect(Math.abs(clip.durationSeconds - baseInput.durationSeconds)).toBeLessThan(0.1);
    // The picture comes from the image, not from the prompt's procedural scene.
    expect(await sha256OfFile(outputPath)).not.toBe(await sha256OfFile(baselinePath));
  });

  it('reports an unreadable source image clearly', async () => {
    const outputPath = join(workDir, 'missing-image.mp4');
    await expect(
      proceduralGenerator.generate({ ...baseInput, sourceImagePath: join(workDir, 'no-such.png') }, outputPath),
    ).rejects.toThrow(/source image .*no-such\.png cannot be read/);
  });

  it('leaves neither the output nor a partial file behind when ffmpeg fails', async () => {
    const notAnImage = join(workDir, 'not-an-image.png');
    await writeFile(notAnImage, 'this is text, not a PNG');
    const failDir = await mkdtemp(join(workDir, 'fail-'));
    const outputPath = join(failDir, 'clip.mp4');

    await expect(
      proceduralGenerator.generate({ ...baseInput, sourceImagePath: notAnImage }, outputPath),
    ).rejects.toThrow(/ffmpeg exited with code \d+:\n.+/);
    expect(await readdir(failDir)).toEqual([]);
  });

  it('stops rendering when aborted and leaves nothing behind', async () => {
    const abortDir = await mkdtemp(join(workDir, 'abort-'));
    const render = proceduralGenerator.generate({ ...baseInput, durationSeconds: 10 }, join(abortDir, 'clip.mp4'), {
      signal: AbortSignal.timeout(300),
    });
    await expect(render).rejects.toThrow(/ffmpeg was aborted/);
    expect(await readdir(abortDir)).toEqual([]);
  });

  it('renders a full 10 s clip that stays small', async () => {
    const outputPath = join(workDir, 'ten-seconds.mp4');
    const clip = await proceduralGenerator.generate({ ...baseInput, durationSeconds: 10 }, outputPath);
    expect(Math.abs(clip.durationSeconds - 10)).toBeLessThan(0.1);
    expect((await stat(outputPath)).size).toBeLessThan(2_200_000);
    // Only the finished file: the temporary one was renamed into place.
    expect((await readdir(workDir)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
