/**
 * The fingerprint of a still image (a source image, a keyframe, a screenshot someone uploads to
 * /verify): decoded upright in sRGB, uniform bars trimmed (letterbox.ts), then the same region
 * hashes as every video frame (frame-hashes.ts), so a still can be looked up among published
 * videos' frames and a letter-boxed copy of a still matches the still.
 */
import { decodeImage } from './decode';
import { hashFrameRegions, lumaPlaneOf, type FrameHash } from './frame-hashes';
import { findBars, NO_BARS } from './letterbox';

/** The shape of a video's fingerprint (video.ts), for one frame. */
export interface ImageFingerprint {
  /** Region hashes strong enough to match on (frameIndex 0); empty for a flat picture. */
  frames: FrameHash[];
  /** Always 1: a still is one sampled frame. */
  sampledFrames: 1;
  /** Bars trimmed from each edge, and the size left (pixels of the decoded picture, at most 512 on a side). */
  crop: { top: number; bottom: number; left: number; right: number; width: number; height: number };
}

/**
 * Fingerprints a still image file.
 * @throws UnreadableMediaError when the file is not an image or cannot be decoded.
 */
export async function fingerprintImage(filePath: string, options: { signal?: AbortSignal } = {}): Promise<ImageFingerprint> {
  const plane = lumaPlaneOf(await decodeImage(filePath, options.signal));
  const bars = findBars(plane) ?? NO_BARS;
  return {
    frames: hashFrameRegions(plane, bars, 0),
    sampledFrames: 1,
    crop: { ...bars, width: plane.width - bars.left - bars.right, height: plane.height - bars.top - bars.bottom },
  };
}
