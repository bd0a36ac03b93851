/**
 * Sampling a capture video and decoding stills for the face engine: frame count and size follow
 * the options, long captures are cut to their first seconds, a rotated phone video comes out
 * upright, and a file that is not a video fails with a sentence, not ffmpeg's output.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { decodeImageFile, sampleCaptureFrames } from '../../../activities/faces/capture-frames';
import { UndecodableImageError } from '../../../activities/faces/decode-image';
import { runFfmpeg } from '../../../activities/media/ffmpeg';
import { UnreadableMediaError } from '../../../activities/media/probe';
import { captureNoTurn, CAPTURE_HEIGHT, CAPTURE_WIDTH, faceOf } from '../../support/face-fixtures';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-capture-frames-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('sampleCaptureFrames', () => {
  it('takes framesPerSecond frames over the capture, scaled so the long side is maxSide', async () => {
    const capture = await captureNoTurn();
    const frames = await sampleCaptureFrames(capture.path, { framesPerSecond: 4, maxSide: 320, workDir: tmp });
    // 3 s at 4 frames per second.
    expect(frames).toHaveLength(Math.round(capture.durationSeconds * 4));
    for (const frame of frames) {
      expect(frame.height).toBe(320);
      expect(frame.width).toBe(Math.round((320 * CAPTURE_WIDTH) / CAPTURE_HEIGHT));
      expect(frame.data.length).toBe(frame.width * frame.height * 3);
    }
    expect(frames.map((frame) => frame.atSeconds)).toEqual(frames.map((_, index) => index / 4));
    // Consecutive frames differ (the fixture jitters), so they are real samples, not one frame repeated.
    expect(Buffer.compare(Buffer.from(frames[0]!.data), Buffer.from(frames[1]!.data))).not.toBe(0);
  });

  it('stops at maxFrames and samples only the first maxSeconds', async () => {
    const capture = await captureNoTurn();
    expect(await sampleCaptureFrames(capture.path, { framesPerSecond: 4, maxFrames: 5, workDir: tmp })).toHaveLength(5);
    const firstSecond = await sampleCaptureFrames(capture.path, { framesPerSecond: 4, maxSeconds: 1, workDir: tmp });
    expect(firstSecond).toHaveLength(4);
    // The default maxSide (480) applies to the long side of the 480x640 capture.
    expect({ width: firstSecond[0]!.width, height: firstSecond[0]!.height }).toEqual({ width: (480 * CAPTURE_WIDTH) / CAPTURE_HEIGHT, height: 480 });
  });

  it('turns a video with rotation metadata upright', async () => {
    const landscape = path.join(tmp, 'rotated.mp4');
    // A 320x240 picture stored with a 90° display rotation plays as 240x320.
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', path.join(tmp, 'plain.mp4')]);
    await runFfmpeg(['-i', path.join(tmp, 'plain.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-y', landscape]);
    const frames = await sampleCaptureFrames(landscape, { framesPerSecond: 2, workDir: tmp });
    expect(frames).toHaveLength(2);
    expect({ width: frames[0]!.width, height: frames[0]!.height }).toEqual({ width: 240, height: 320 });
  });

  it('refuses a file that is not a video with a sentence, keeping the tool output out of the message', async () => {
    const notVideo = path.join(tmp, 'notes.mp4');
    await writeFile(notVideo, 'these are not video bytes\n'.repeat(50));
    const error = await sampleCaptureFrames(notVideo, { workDir: tmp }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableMediaError);
    expect((error as Error).message).toMatch(/^The capture could not be read as a video: it is missing, damaged, or not a video file\./);
    expect((error as Error).message).not.toMatch(/ffprobe|Invalid data/);
    await expect(sampleCaptureFrames(path.join(tmp, 'missing.mp4'), { workDir: tmp })).rejects.toBeInstanceOf(UnreadableMediaError);
  });

  it('stops when its signal is aborted, with the abort\'s reason rather than an unreadable-capture error', async () => {
    const capture = await captureNoTurn();
    const controller = new AbortController();
    controller.abort(new Error('activity cancelled'));
    await expect(sampleCaptureFrames(capture.path, { workDir: tmp, signal: controller.signal })).rejects.toThrow('activity cancelled');
  });

  it('rejects nonsensical options before running any tool', async () => {
    await expect(sampleCaptureFrames('/nowhere.mp4', { framesPerSecond: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(sampleCaptureFrames('/nowhere.mp4', { maxFrames: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('decodeImageFile', () => {
  it('decodes a path or bytes, upright, never larger than maxSide', async () => {
    const face = await faceOf('man-faceid');
    const fromPath = await decodeImageFile(face.path, 160);
    expect({ width: fromPath.width, height: fromPath.height }).toEqual({ width: 160, height: 160 });
    const fromBytes = await decodeImageFile(face.bytes);
    // 320 px is under the default 640: never enlarged.
    expect({ width: fromBytes.width, height: fromBytes.height }).toEqual({ width: 320, height: 320 });
    // EXIF orientation 6 (rotate 90° clockwise to view) turns a 300x100 picture into 100x300.
    const tagged = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#808080' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const upright = await decodeImageFile(tagged);
    expect({ width: upright.width, height: upright.height }).toEqual({ width: 100, height: 300 });
  });

  it('refuses bytes that are not a picture', async () => {
    await expect(decodeImageFile(Buffer.from('not a picture'))).rejects.toBeInstanceOf(UndecodableImageError);
  });
});
