/**
 * Frames for the classifiers, decoded by ffmpeg straight to raw RGB (no image-decoding dependency).
 *
 * They are sampled at the same instants as the keyframe strip (activities/keyframes.ts: the middle
 * of each of KEYFRAME_COUNT equal slices), so "frame 3" of a classifier score is frame 3 of the
 * strip the reviewer sees. Frames are squashed to a square, as nsfwjs itself resizes any image.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg';
import type { RgbFrame } from '../media/rgb-frame';

/** A classifier frame: a size × size RGB frame and its place in the keyframe strip. */
export interface StripRgbFrame extends RgbFrame {
  /** Index in the keyframe strip (0 = the first slice's middle). */
  position: number;
}

/** How many frames to sample, at what size, and where the one temporary file may go. */
export interface SampleRgbFramesOptions {
  count: number;
  /** Side of the square frames, in pixels (their width when `height` is given). */
  size: number;
  /** Height in pixels for frames that keep the clip's shape (the face checks); default `size`, a square. */
  height?: number;
  /** A folder for the one temporary file; it is removed afterwards. */
  scratchDir: string;
  signal?: AbortSignal;
}

/**
 * `count` frames of the video at the keyframe strip's instants (`durationSeconds` is the clip's
 * length), each squashed to `size` × `size` pixels.
 * @throws MediaToolError when ffmpeg fails; Error when its output is not whole frames.
 */
export async function sampleRgbFrames(videoPath: string, durationSeconds: number, options: SampleRgbFramesOptions): Promise<StripRgbFrame[]> {
  const { count, size, scratchDir, signal } = options;
  const height = options.height ?? size;
  const every = durationSeconds / count;
  const dir = await mkdtemp(path.join(scratchDir, 'classifier-frames-'));
  try {
    const output = path.join(dir, 'frames.rgb');
    await runFfmpeg([
      '-i', videoPath, '-an',
      '-vf', `fps=1/${every.toFixed(4)}:start_time=${(every / 2).toFixed(4)},scale=${size}:${height}`,
      '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgb24', output,
    ], { signal });
    const bytes = await readFile(output);
    const frameBytes = size * height * 3;
    if (bytes.length % frameBytes !== 0) throw new Error(`ffmpeg decoded ${bytes.length} bytes, not whole ${size}×${height} RGB frames, from ${videoPath}.`);
    return Array.from({ length: bytes.length / frameBytes }, (_, position) => ({
      position,
      atSeconds: Math.min(durationSeconds, every * (position + 0.5)),
      rgb: new Uint8Array(bytes.buffer, bytes.byteOffset + position * frameBytes, frameBytes),
      width: size,
      height,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
