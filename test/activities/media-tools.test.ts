/**
 * The one media-tool runner (activities/media/ffmpeg.ts) and media facts from ffprobe's JSON
 * (activities/media/probe.ts): facts of real files, and every failure as a type with a sentence,
 * never the tool's raw output in a message meant for people.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../activities/fingerprint/decode';
import { MediaToolError, runFfmpeg, runFfprobe, streamFfmpeg } from '../../activities/media/ffmpeg';
import { probeFrameSize, probeVideo, UnreadableMediaError } from '../../activities/media/probe';

let dir: string;
let clip: string;
let silentClip: string;
let image: string;
let garbage: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-media-tools-'));
  clip = join(dir, 'clip.mp4');
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=24:d=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', clip,
  ]);
  silentClip = join(dir, 'silent.mp4');
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=24:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', silentClip]);
  image = join(dir, 'still.png');
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x48', '-frames:v', '1', '-y', image]);
  garbage = join(dir, 'garbage.mp4');
  await writeFile(garbage, Buffer.from('this is not a video, only some text pretending to be one'.repeat(100)));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('probeVideo and probeFrameSize (ffprobe JSON)', () => {
  it('reads duration, frame size and codecs of a video', async () => {
    const probe = await probeVideo(clip);
    expect(probe).toMatchObject({ width: 320, height: 240, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Math.abs(probe.durationSeconds - 2)).toBeLessThan(0.1);
    expect(await probeVideo(silentClip)).toMatchObject({ width: 160, height: 90, audioCodec: null });
  });

  it('reads the frame size of a still image, which has no duration to probe', async () => {
    expect(await probeFrameSize(image)).toEqual({ width: 64, height: 48 });
    await expect(probeVideo(image)).rejects.toThrow(/cannot probe .*still\.png: ffprobe found no duration/);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.mp4'), /^cannot probe .*missing\.mp4: ffprobe could not read it \(missing, damaged, or not a media file\)\.$/],
    ['a file that is not media', () => garbage, /^cannot probe .*garbage\.mp4: ffprobe could not read it \(missing, damaged, or not a media file\)\.$/],
  ])('refuses %s with one sentence; ffprobe\'s own words stay in the cause', async (_label, file, message) => {
    const error = await probeVideo(file()).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableMediaError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).cause).toBeInstanceOf(MediaToolError);
    expect(((error as Error).cause as MediaToolError).code).toBe('exited');
    expect(((error as Error).cause as MediaToolError).tool).toBe('ffprobe');
  });

  it('says which variable to set when the configured ffprobe does not exist', async () => {
    const before = process.env.FFPROBE_PATH;
    process.env.FFPROBE_PATH = join(dir, 'no-such-ffprobe');
    try {
      const error = await probeVideo(clip).then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(MediaToolError);
      expect(error).toMatchObject({ tool: 'ffprobe', code: 'not_started' });
      expect((error as Error).message).toMatch(/could not start ffprobe/);
    } finally {
      if (before === undefined) delete process.env.FFPROBE_PATH;
      else process.env.FFPROBE_PATH = before;
    }
  });

  it('hands back ffprobe\'s stdout', async () => {
    const json = JSON.parse(await runFfprobe(['-print_format', 'json', '-show_entries', 'stream=codec_name', '-i', silentClip])) as { streams: { codec_name: string }[] };
    expect(json.streams.map((stream) => stream.codec_name)).toEqual(['h264']);
  });
});

describe('runFfmpeg and streamFfmpeg', () => {
  it('fails with a MediaToolError that keeps the end of ffmpeg\'s stderr for operators', async () => {
    const error = await runFfmpeg(['-i', garbage, '-f', 'null', '-']).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaToolError);
    expect(error).toMatchObject({ tool: 'ffmpeg', code: 'exited' });
    expect((error as MediaToolError).stderrTail.length).toBeGreaterThan(0);
    expect((error as Error).message).toMatch(/^ffmpeg exited with code \d+:\n/);
  });

  it('streams stdout to the caller, and stops ffmpeg with the caller\'s error when the caller throws', async () => {
    let bytes = 0;
    await streamFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=32x16', '-frames:v', '3', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], (chunk) => {
      bytes += chunk.length;
    });
    expect(bytes).toBe(3 * 32 * 16 * 3);

    const refusal = new Error('enough frames');
    await expect(
      streamFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
  });

  it('is aborted by its signal', async () => {
    const controller = new AbortController();
    const run = runFfmpeg(['-re', '-f', 'lavfi', '-i', 'testsrc2=s=32x16:d=30', '-f', 'null', '-'], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test over')), 200);
    await expect(run).rejects.toMatchObject({ tool: 'ffmpeg', code: 'aborted' });
  });
});

describe('decodeImage', () => {
  it('decodes a picture to RGB at the size ffprobe reports', async () => {
    const frame = await decodeImage(image);
    expect(frame).toMatchObject({ width: 64, height: 48, atSeconds: 0 });
    expect(frame.rgb.length).toBe(64 * 48 * 3);
  });

  it('refuses a file that is not a picture with one sentence', async () => {
    await expect(decodeImage(garbage)).rejects.toBeInstanceOf(UnreadableMediaError);
  });
});
