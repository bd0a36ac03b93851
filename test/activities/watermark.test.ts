import { createHash } from 'node:crypto';
import { access, copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { proceduralGenerator } from '../../activities/generation/procedural';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { probeVideo } from '../../activities/media/probe';
import { burnWatermark, watermarkFontPath } from '../../activities/provenance/watermark';

const WIDTH = 720;
const HEIGHT = 1280;
const FRAME_RATE = 24;
const LABEL = 'AI · Loupe · @creator';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

let workDir: string;
let sourcePath: string;
let labelledPath: string;

async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Decodes one frame to packed RGB (3 bytes per pixel, rows top to bottom). */
async function decodeFrameRgb(videoPath: string, frameIndex: number): Promise<Buffer> {
  const rawPath = join(workDir, `frame-${createHash('sha1').update(videoPath).digest('hex')}-${frameIndex}.rgb`);
  await runFfmpeg([
    '-i', videoPath,
    '-vf', `select='eq(n,${frameIndex})'`,
    '-frames:v', '1',
    '-f', 'rawvideo',
    '-pix_fmt', 'rgb24',
    '-y', rawPath,
  ]);
  const pixels = await readFile(rawPath);
  expect(pixels.length).toBe(WIDTH * HEIGHT * 3);
  return pixels;
}

function channelDistance(a: Buffer, b: Buffer, pixel: number): number {
  const offset = pixel * 3;
  return (
    Math.abs((a[offset] ?? 0) - (b[offset] ?? 0)) +
    Math.abs((a[offset + 1] ?? 0) - (b[offset + 1] ?? 0)) +
    Math.abs((a[offset + 2] ?? 0) - (b[offset + 2] ?? 0))
  );
}

/** Mean per-pixel colour distance between two frames inside `rect`. */
function meanDistanceIn(a: Buffer, b: Buffer, rect: Rect): number {
  let total = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) total += channelDistance(a, b, y * WIDTH + x);
  }
  return total / (rect.width * rect.height);
}

/**
 * Where the mark is: pixels whose colour changed far more than a re-encode changes them, and
 * their centre. An extra H.264 generation moves a pixel by a few levels; the mark by ~100+.
 */
function locateMark(original: Buffer, marked: Buffer): { pixelCount: number; centerX: number; centerY: number } {
  let pixelCount = 0;
  let sumX = 0;
  let sumY = 0;
  for (let pixel = 0; pixel < WIDTH * HEIGHT; pixel++) {
    if (channelDistance(original, marked, pixel) > 150) {
      pixelCount++;
      sumX += pixel % WIDTH;
      sumY += Math.floor(pixel / WIDTH);
    }
  }
  return { pixelCount, centerX: sumX / Math.max(1, pixelCount), centerY: sumY / Math.max(1, pixelCount) };
}

/** The mark is visible where it starts (top left at t = 0), absent far away, and moves. */
async function expectMovingMark(markedPath: string): Promise<void> {
  const [originalStart, markedStart, originalLater, markedLater] = await Promise.all([
    decodeFrameRgb(sourcePath, 0),
    decodeFrameRgb(markedPath, 0),
    decodeFrameRgb(sourcePath, 2 * FRAME_RATE),
    decodeFrameRgb(markedPath, 2 * FRAME_RATE),
  ]);

  const markArea: Rect = { x: 0, y: 0, width: WIDTH / 2, height: 120 };
  const farCorner: Rect = { x: WIDTH / 2, y: HEIGHT - 200, width: WIDTH / 2, height: 200 };
  expect(meanDistanceIn(originalStart, markedStart, markArea)).toBeGreaterThan(40);
  expect(meanDistanceIn(originalStart, markedStart, farCorner)).toBeLessThan(15);

  const start = locateMark(originalStart, markedStart);
  const later = locateMark(originalLater, markedLater);
  expect(start.pixelCount).toBeGreaterThan(300);
  expect(later.pixelCount).toBeGreaterThan(300);
  const travelled = Math.hypot(later.centerX - start.centerX, later.centerY - start.centerY);
  expect(travelled).toBeGreaterThan(100);
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'loupe-watermark-'));
  sourcePath = join(workDir, 'source.mp4');
  await proceduralGenerator.generate(
    { requestId: 'req-watermark', prompt: 'forest with fireflies', seed: 7, durationSeconds: 3, width: WIDTH, height: HEIGHT },
    sourcePath,
  );
  labelledPath = join(workDir, 'labelled.mp4');
  await burnWatermark(sourcePath, labelledPath, LABEL);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('burnWatermark', () => {
  it('changes the picture but keeps size, duration and audio', async () => {
    expect(await sha256OfFile(labelledPath)).not.toBe(await sha256OfFile(sourcePath));
    const [source, marked] = await Promise.all([probeVideo(sourcePath), probeVideo(labelledPath)]);
    expect(marked).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac', width: WIDTH, height: HEIGHT });
    expect(Math.abs(marked.durationSeconds - source.durationSeconds)).toBeLessThan(0.1);
  });

  it('draws a mark that is visible where it starts and moves over time', async () => {
    await expectMovingMark(labelledPath);
  });

  it('is deterministic: the same input and label give a byte-identical file', async () => {
    const againPath = join(workDir, 'labelled-again.mp4');
    await burnWatermark(sourcePath, againPath, LABEL);
    expect(await sha256OfFile(againPath)).toBe(await sha256OfFile(labelledPath));
  });

  it('draws the label in the font shipped in the dejavu-fonts-ttf package, not a system font', async () => {
    const font = watermarkFontPath();
    expect(font).toMatch(/node_modules[\\/]dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans-Bold\.ttf$/);
    await access(font);
    const explicitPath = join(workDir, 'explicit-font.mp4');
    await burnWatermark(sourcePath, explicitPath, LABEL, { fontFile: font });
    expect(await sha256OfFile(explicitPath)).toBe(await sha256OfFile(labelledPath));
  });

  it('draws a moving font-free badge when no font is available', async () => {
    const badgePath = join(workDir, 'badge.mp4');
    await burnWatermark(sourcePath, badgePath, LABEL, { fontFile: null });
    await expectMovingMark(badgePath);
  });

  it('treats the label as plain text (quotes, colons, brackets, % templates) and can work in place', async () => {
    const inPlacePath = join(workDir, 'in-place.mp4');
    await copyFile(sourcePath, inPlacePath);
    await burnWatermark(inPlacePath, inPlacePath, "AI · it's: [a], b; 100% %{pts} \\ @x\ny");
    const probe = await probeVideo(inPlacePath);
    expect(probe).toMatchObject({ videoCodec: 'h264', width: WIDTH, height: HEIGHT });
    expect(await sha256OfFile(inPlacePath)).not.toBe(await sha256OfFile(sourcePath));
    expect((await readdir(workDir)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('rejects a missing input with the path in the message', async () => {
    const missing = join(workDir, 'missing.mp4');
    await expect(burnWatermark(missing, join(workDir, 'out.mp4'), LABEL)).rejects.toThrow(/cannot probe .*missing\.mp4/);
  });
});
