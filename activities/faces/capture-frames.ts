/**
 * Pictures for the face engine from an enrolment capture (a few seconds of video) and from still
 * images: decoded upright, scaled down, as RGB triplets (RgbImage).
 *
 * A capture is sampled in one ffmpeg pass: `fps` picks evenly spaced frames, `scale` shrinks them,
 * and each frame is written as a PNG into a private work folder, then decoded with sharp. PNG files
 * rather than one raw stream because ffmpeg turns phone videos upright by their rotation metadata,
 * so a frame's size is only known once it is decoded (ffprobe reports the stored size). Only the
 * first `maxSeconds` of a capture are read: a challenge takes a few seconds, and a long upload must
 * not cost minutes of decoding.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { MediaToolError, runFfmpeg } from '../media/ffmpeg';
import { probeVideo, UnreadableMediaError } from '../media/probe';
import { UndecodableImageError } from './decode-image';
import type { RgbImage } from './engine';

/** One sampled frame of a capture: the picture and when it was shown. */
export interface CaptureFrame extends RgbImage {
  /** Seconds from the start of the capture (the sampled frame's nominal instant). */
  atSeconds: number;
}

/** How a capture is sampled. */
export interface SampleCaptureFramesOptions {
  /** Frames taken per second of capture; default 4 (a head turn lasts about a second, so it is seen in several frames). */
  framesPerSecond?: number;
  /** At most this many frames; default 24. */
  maxFrames?: number;
  /** Longest side of each frame in pixels; default 480 (faces in a selfie capture stay well above the engine's minimum size). */
  maxSide?: number;
  /** Only the first this many seconds are sampled; default 10. */
  maxSeconds?: number;
  /** A folder for the temporary frame files (removed afterwards); default the OS temporary folder. */
  workDir?: string;
  /** Kills ffmpeg when aborted (e.g. the activity's cancellation). */
  signal?: AbortSignal;
}

/** Defaults of sampleCaptureFrames, named so tests and callers can refer to them. */
export const CAPTURE_SAMPLING_DEFAULTS = { framesPerSecond: 4, maxFrames: 24, maxSide: 480, maxSeconds: 10 } as const;
/** Default longest side of a decoded still image, pixels. */
export const DEFAULT_IMAGE_MAX_SIDE = 640;

/**
 * Decodes a still image (a file path or its bytes): EXIF orientation applied, sRGB, alpha dropped,
 * scaled down (never up) so its longer side is at most `maxSide` pixels (default 640).
 * @throws UndecodableImageError when sharp cannot read it (missing, damaged, not an image).
 */
export async function decodeImageFile(input: string | Buffer, maxSide: number = DEFAULT_IMAGE_MAX_SIDE): Promise<RgbImage> {
  if (!Number.isInteger(maxSide) || maxSide < 16) throw new RangeError(`maxSide must be a whole number of pixels of at least 16, not ${maxSide}.`);
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 })
      .autoOrient()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (cause) {
    throw new UndecodableImageError('The image could not be decoded: it is missing, damaged, or not a picture (JPEG, PNG or WebP).', { cause });
  }
}

/**
 * Samples frames of a capture video: `framesPerSecond` evenly spaced frames from its first
 * `maxSeconds`, at most `maxFrames`, each at most `maxSide` pixels on its longer side, upright.
 * @throws UnreadableMediaError ("The capture could not be read as a video: ...") when the file is
 *   missing, not a video, damaged, or yields no frame; the tool's output is only in `cause`.
 * @throws MediaToolError when ffmpeg cannot be started or `signal` aborts it mid-run (not the
 *   file's fault); the signal's reason when it was aborted before a tool started.
 */
export async function sampleCaptureFrames(videoPath: string, options: SampleCaptureFramesOptions = {}): Promise<CaptureFrame[]> {
  const framesPerSecond = options.framesPerSecond ?? CAPTURE_SAMPLING_DEFAULTS.framesPerSecond;
  const maxFrames = options.maxFrames ?? CAPTURE_SAMPLING_DEFAULTS.maxFrames;
  const maxSide = options.maxSide ?? CAPTURE_SAMPLING_DEFAULTS.maxSide;
  const maxSeconds = options.maxSeconds ?? CAPTURE_SAMPLING_DEFAULTS.maxSeconds;
  if (!(framesPerSecond > 0 && framesPerSecond <= 30)) throw new RangeError(`framesPerSecond must be above 0 and at most 30, not ${framesPerSecond}.`);
  if (!Number.isInteger(maxFrames) || maxFrames < 1) throw new RangeError(`maxFrames must be a whole number of at least 1, not ${maxFrames}.`);
  if (!Number.isInteger(maxSide) || maxSide < 16) throw new RangeError(`maxSide must be a whole number of pixels of at least 16, not ${maxSide}.`);
  if (!(maxSeconds > 0)) throw new RangeError(`maxSeconds must be above 0, not ${maxSeconds}.`);

  try {
    await probeVideo(videoPath, { signal: options.signal });
  } catch (error) {
    if (error instanceof UnreadableMediaError) throw unreadable('it is missing, damaged, or not a video file', error);
    throw error;
  }

  const dir = await mkdtemp(path.join(options.workDir ?? os.tmpdir(), 'capture-frames-'));
  try {
    // fps= takes frames at 1/fps intervals, the first at t=0; scale shrinks only (min(), never up)
    // and keeps the aspect ratio (-2 keeps the other side even, which every encoder accepts).
    const longSide = `if(gt(iw,ih),min(${maxSide},iw),-2)`;
    const shortSide = `if(gt(iw,ih),-2,min(${maxSide},ih))`;
    try {
      await runFfmpeg([
        '-t', String(maxSeconds), '-i', videoPath, '-an', '-sn', '-dn',
        '-vf', `fps=${framesPerSecond},scale=w='${longSide}':h='${shortSide}'`,
        '-frames:v', String(maxFrames), '-start_number', '0', path.join(dir, 'frame-%04d.png'),
      ], { signal: options.signal });
    } catch (error) {
      if (error instanceof MediaToolError && error.code === 'exited') throw unreadable('its frames could not be decoded', error);
      throw error;
    }
    const files = (await readdir(dir)).filter((name) => name.endsWith('.png')).sort();
    if (files.length === 0) throw unreadable('it has no frame in its first seconds', undefined);
    const frames: CaptureFrame[] = [];
    for (const [index, name] of files.entries()) {
      options.signal?.throwIfAborted();
      const image = await decodeImageFile(path.join(dir, name), maxSide);
      frames.push({ ...image, atSeconds: index / framesPerSecond });
    }
    return frames;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function unreadable(reason: string, cause: unknown): UnreadableMediaError {
  return new UnreadableMediaError(`The capture could not be read as a video: ${reason}. Record it again as an MP4, MOV or WebM video.`, { cause });
}
