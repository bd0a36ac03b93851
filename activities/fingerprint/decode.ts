/**
 * Decodes images and sampled video frames to raw RGB24 with ffmpeg, for hashing. Frames are read
 * off ffmpeg's stdout as they are decoded and handed over one at a time (a long video never sits
 * in memory whole); their size comes from ffprobe, and ffmpeg is told to produce exactly that size.
 */
import { MediaToolError, streamFfmpeg } from '../media/ffmpeg';
import { probeFrameSize, probeVideo, UnreadableMediaError } from '../media/probe';
import type { RgbFrame } from '../media/rgb-frame';

/** Frames are decoded at most this big on their longer side: PDQ reduces to 64x64 anyway. */
const MAX_DECODE_SIDE = 512;
/** No fingerprint needs more than this many sampled frames (10 minutes at 1 fps). */
const MAX_SAMPLED_FRAMES = 600;

/**
 * Decodes the first frame of an image (or video) file at its own size, as stored: no rotation
 * from metadata is applied, so the frame has exactly the size ffprobe reports.
 * @throws UnreadableMediaError when the file cannot be probed or decoded.
 */
export async function decodeImage(filePath: string, signal?: AbortSignal): Promise<RgbFrame> {
  const { width, height } = await probeFrameSize(filePath, { signal });
  const frameBytes = width * height * 3;
  const chunks: Buffer[] = [];
  let received = 0;
  await decodeOrExplain(filePath, [
    '-noautorotate', '-i', filePath, '-map', '0:v:0', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ], (chunk) => {
    // One frame is all that was asked for; ignore anything beyond it rather than buffer it.
    if (received >= frameBytes) return;
    chunks.push(chunk);
    received += chunk.length;
  }, signal);
  const rgb = Buffer.concat(chunks);
  if (rgb.length < frameBytes) throw new UnreadableMediaError(`Cannot decode ${filePath}: ffmpeg produced no complete frame.`);
  return { rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, frameBytes), width, height, atSeconds: 0 };
}

/**
 * Samples a video at `framesPerSecond` (1 by default), scaled so the longer side is at most 512
 * pixels with the aspect ratio kept, and calls `onFrame` for each sampled frame in order.
 * @throws UnreadableMediaError when the file cannot be probed or decoded.
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
  await decodeOrExplain(filePath, [
    '-i', filePath, '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', `fps=${fps},scale=${width}:${height}:flags=area`,
    '-frames:v', String(MAX_SAMPLED_FRAMES),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ], (chunk) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes >= frameBytes) {
      const all = Buffer.concat(pending);
      const frame = new Uint8Array(all.subarray(0, frameBytes));
      pending = [all.subarray(frameBytes)];
      pendingBytes = all.length - frameBytes;
      onFrame({ rgb: frame, width, height, atSeconds: index / fps });
      index++;
    }
  }, options.signal);
  return { frames: index };
}

/** Streams ffmpeg's decode of `filePath`; a decode that fails is the file's fault, said in one sentence. */
async function decodeOrExplain(filePath: string, args: string[], onChunk: (chunk: Buffer) => void, signal?: AbortSignal): Promise<void> {
  try {
    await streamFfmpeg(args, onChunk, { signal });
  } catch (error) {
    if (error instanceof MediaToolError && error.code === 'exited') {
      throw new UnreadableMediaError(`Cannot decode ${filePath}: ffmpeg could not decode its video (damaged, truncated or not a video).`, { cause: error });
    }
    throw error;
  }
}
