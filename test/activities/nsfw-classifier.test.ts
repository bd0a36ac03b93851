/**
 * The visual classifier on frames of a clip made here from ffmpeg's testsrc2 pattern (coloured
 * shapes, a counter, no people): the model loads from the package files on disk with networking
 * stubbed out, and scores the pattern as Neutral or Drawing. High scores cannot be shown with a
 * test image here; the "high score goes to review" path is tested on given scores in
 * test/policies/clip-routing.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sampleRgbFrames, type StripRgbFrame } from '../../activities/classifiers/frames';
import { classifyRgbFrame, loadNsfwClassifier, NSFW_INPUT_SIZE, NSFW_MODEL_LABEL } from '../../activities/classifiers/nsfw';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { NSFW_CLASS_NAMES } from '../../policies/visual-classifier';

let tmp: string;
let frames: StripRgbFrame[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-nsfw-'));
  const clip = path.join(tmp, 'testsrc2.mp4');
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=360x640:rate=10:duration=3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', clip]);
  frames = await sampleRgbFrames(clip, 3, { count: 6, size: NSFW_INPUT_SIZE, scratchDir: tmp });
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('visual classifier (nsfwjs on the WebAssembly backend)', () => {
  it('loads the model from the package files without touching the network', async () => {
    const fetchCalls: string[] = [];
    vi.stubGlobal('fetch', (input: unknown) => {
      fetchCalls.push(String(input));
      throw new Error(`The classifier tried to fetch ${String(input)}; it must load from disk.`);
    });
    try {
      const loaded = await loadNsfwClassifier();
      expect(loaded.tf.getBackend()).toBe('wasm');
      expect(loaded.loadMs).toBeGreaterThan(0);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fetchCalls).toEqual([]);
    // Once per process: a second call is the same model, not a second load.
    expect(await loadNsfwClassifier()).toBe(await loadNsfwClassifier());
  });

  it('samples the keyframe strip’s instants as 224×224 RGB frames', () => {
    // The strip's fps filter may drop the last slice's frame at the end of the file (as the strip does).
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames.map((frame) => frame.position)).toEqual([0, 1, 2, 3, 4, 5].slice(0, frames.length));
    expect(frames.map((frame) => frame.atSeconds)).toEqual([0.25, 0.75, 1.25, 1.75, 2.25, 2.75].slice(0, frames.length));
    for (const frame of frames) expect(frame.rgb.length).toBe(224 * 224 * 3);
  });

  it('scores a generated test pattern as Neutral or Drawing, with the five classes summing to 1', async () => {
    for (const frame of frames) {
      const scores = await classifyRgbFrame(frame.rgb);
      const top = [...NSFW_CLASS_NAMES].sort((a, b) => scores[b] - scores[a])[0];
      expect(['Neutral', 'Drawing']).toContain(top);
      expect(scores.Porn + scores.Hentai).toBeLessThan(0.1);
      expect(NSFW_CLASS_NAMES.reduce((sum, name) => sum + scores[name], 0)).toBeCloseTo(1, 3);
    }
  });

  it('refuses a frame of the wrong size with a sentence saying what it needs', async () => {
    await expect(classifyRgbFrame(new Uint8Array(10))).rejects.toThrow(/must be 150528 bytes of 224×224 RGB, not 10/);
  });
});

it('labels scores with the nsfwjs version actually installed (docs/decisions/0007-nsfwjs-4-3.md)', async () => {
  const installed = JSON.parse(await readFile(path.join(process.cwd(), 'node_modules', 'nsfwjs', 'package.json'), 'utf8')) as { version: string };
  expect(NSFW_MODEL_LABEL).toBe(`nsfwjs ${installed.version} MobileNetV2`);
});
