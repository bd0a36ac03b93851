/**
 * Decodes pictures to raw RGB24 for hashing. Still images go through sharp (libvips): EXIF
 * orientation applied, CMYK, palette, grey and 16-bit pictures converted to 8-bit sRGB, alpha
 * ignored (as PDQ's reference does), at most 512 pixels on the longer side. Video frames go
 * through ffmpeg, read off its stdout as they are decoded and handed over one at a time (a long
 * video never sits in memory whole); their size comes from ffprobe, and ffmpeg is told to produce
 * exactly that size.
 */
import sharp from 'sharp';
import { MediaToolError, streamFfmpeg } from '../media/ffmpeg';
import { probeVideo, UnreadableMediaError } from '../media/probe';
import type { RgbFrame } from '../media/rgb-frame';

/**
 * Pictures and frames are decoded at most this big on their longer side. PDQ reduces to 64x64
 * anyway, and stills and video frames hashed at one scale compare alike; on Meta's reference
 * images the hashes land as close to Meta's (at most 8 bits) as at full size (at most 12).
 */
const MAX_DECODE_SIDE = 512;
/** No fingerprint needs more than this many sampled frames (10 minutes at 1 fps). */
const MAX_SAMPLED_FRAMES = 600;

/**
 * Decodes a still image (JPEG, PNG, WebP, and whatever else libvips reads: GIF, TIFF, AVIF...) as
 * it is meant to be seen: upright (EXIF orientation applied), in sRGB, alpha ignored, scaled to at
 * most 512 pixels on its longer side. `width` and `height` are those of the decoded frame.
 * @throws UnreadableMediaError when the file is missing, not an image, or damaged beyond decoding.
 */
export async function decodeImage(filePath: string, signal?: AbortSignal): Promise<RgbFrame> {
  signal?.throwIfAborted();
  // failOn 'error': a decoder warning (libpng's note about a known-bad sRGB profile, a few
  // extraneous bytes) does not stop the hash; a picture that cannot be decoded does.
  const decoded = await sharp(filePath, { failOn: 'error', sequentialRead: true })
    .autoOrient()
    .resize({ width: MAX_DECODE_SIDE, height: MAX_DECODE_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((cause: unknown) => {
      throw new UnreadableMediaError(`Cannot decode ${filePath}: it is not an image, or it is damaged or truncated.`, { cause });
    });
  signal?.throwIfAborted();
  const { data, info } = decoded;
  if (info.channels !== 3 || data.length < info.width * info.height * 3) {
    throw new UnreadableMediaError(`Cannot decode ${filePath}: it did not decode to RGB (${info.channels} channels).`);
  }
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height * 3), width: info.width, height: info.height, atSeconds: 0 };
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
