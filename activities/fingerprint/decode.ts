/**
 * Decodes images and sampled video frames to raw RGB24 with ffmpeg, for hashing. ffmpeg's own
 * runner (activities/media/ffmpeg.ts) discards stdout; here stdout *is* the result, so frames are
 * streamed off it and handed over one at a time (a long video never sits in memory whole).
 */
import { spawn } from 'node:child_process';
import { ffmpegPath, probeVideo } from '../media/ffmpeg';

export interface RgbFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Seconds from the start of the video (0 for a still image). */
  timeSeconds: number;
}

/** Frames are decoded at most this big on their longer side: PDQ reduces to 64x64 anyway. */
const MAX_DECODE_SIDE = 512;
/** No fingerprint needs more than this many sampled frames (10 minutes at 1 fps). */
const MAX_SAMPLED_FRAMES = 600;

/** Decodes the first frame of an image (or video) file at its own size. */
export async function decodeImage(filePath: string, signal?: AbortSignal): Promise<RgbFrame> {
  const chunks: Buffer[] = [];
  const stderr = await runCollecting(
    ['-loglevel', 'info', '-i', filePath, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    (chunk) => chunks.push(chunk),
    signal,
  );
  // The output stream summary names the decoded size, e.g. "Video: rawvideo (RGB[24] ...), rgb24, 400x300".
  const outputPart = stderr.slice(stderr.lastIndexOf('Output #0'));
  const size = /rgb24[^\n]*?\b(\d{1,5})x(\d{1,5})\b/.exec(outputPart);
  if (!size) throw new Error(`Cannot decode ${filePath} as an image: ffmpeg reported no frame size.`);
  const width = Number(size[1]);
  const height = Number(size[2]);
  const rgb = Buffer.concat(chunks);
  if (rgb.length < width * height * 3) throw new Error(`Cannot decode ${filePath}: ffmpeg produced no complete frame.`);
  return { rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, width * height * 3), width, height, timeSeconds: 0 };
}

/**
 * Samples a video at `framesPerSecond` (1 by default), scaled so the longer side is at most 512
 * pixels with the aspect ratio kept, and calls `onFrame` for each sampled frame in order.
 */
export async function sampleVideoFrames(
  filePath: string,
  onFrame: (frame: RgbFrame) => void,
  options: { framesPerSecond?: number; signal?: AbortSignal } = {},
): Promise<{ frames: number }> {
  const probe = await probeVideo(filePath, { signal: options.signal });
  const fps = options.framesPerSecond ?? 1;
  const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(probe.width, probe.height));
  // Even sizes keep every pixel format happy.
  const width = Math.max(2, Math.round((probe.width * scale) / 2) * 2);
  const height = Math.max(2, Math.round((probe.height * scale) / 2) * 2);
  const frameBytes = width * height * 3;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  await runCollecting(
    [
      '-loglevel', 'error', '-i', filePath, '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', `fps=${fps},scale=${width}:${height}:flags=area`,
      '-frames:v', String(MAX_SAMPLED_FRAMES),
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ],
    (chunk) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const all = Buffer.concat(pending);
        const frame = new Uint8Array(all.subarray(0, frameBytes));
        pending = [all.subarray(frameBytes)];
        pendingBytes = all.length - frameBytes;
        onFrame({ rgb: frame, width, height, timeSeconds: index / fps });
        index++;
      }
    },
    options.signal,
  );
  return { frames: index };
}

/** Runs ffmpeg, feeding stdout to `onStdout`; resolves with stderr on exit 0, rejects otherwise. */
function runCollecting(args: string[], onStdout: (chunk: Buffer) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        onStdout(chunk);
      } catch (error) {
        child.kill('SIGKILL');
        reject(error as Error);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Bounded: only the summary and the last error matter.
      stderr = (stderr + chunk).slice(-20_000);
    });
    child.once('error', (error) => reject(new Error(`could not run ffmpeg: ${error.message}`, { cause: error })));
    child.once('close', (code) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(`ffmpeg could not decode the file (exit ${String(code)}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
