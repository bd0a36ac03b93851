/**
 * Video fingerprints: PDQ hashes of frames sampled at 1 fps, and how two of them are compared.
 *
 * Before hashing, uniform bars (letter-box or pillar-box, black or grey) are cropped away, so a
 * copy re-framed inside bars hashes like the original. The crop is decided once per video: a
 * band is cut only if it is flat in every sampled frame, the way ffmpeg's cropdetect does it,
 * so a frame that happens to be dark at one edge does not shift its own crop.
 *
 * Frames under PDQ's quality floor (flat frames such as fades to black) are dropped: they would
 * match every other flat frame.
 */
import type { RgbFrame } from '../media/rgb-frame';
import { sampleVideoFrames } from './decode';
import { hammingDistance, PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, pdqFromLuma } from './pdq';

/**
 * Which part of the (bar-cropped) frame a hash covers. Besides the whole frame, each half is
 * hashed on its own: an overlay such as a large logo changes the whole-frame hash by 40-80 bits,
 * but leaves at least one half of the frame, and so that half's hash, intact.
 */
export const FRAME_REGIONS = ['full', 'top', 'bottom', 'left', 'right'] as const;
export type FrameRegion = (typeof FRAME_REGIONS)[number];

export interface FrameHash {
  /** Index of the sampled frame (1 fps: seconds from the start). */
  frameIndex: number;
  region: FrameRegion;
  hash: Uint8Array;
  quality: number;
}

export interface VideoFingerprint {
  /** Hashes of the sampled frames that are strong enough to match on. */
  frames: FrameHash[];
  sampledFrames: number;
  crop: { top: number; bottom: number; left: number; right: number; width: number; height: number };
}

/** A row or column whose luma spans at most this much is "flat" (compression noise included). */
const FLAT_SPAN = 24;
/** Never crop more than this share of a side: a mostly flat video is content, not bars. */
const MAX_CROP_SHARE = 0.4;

/** Computes the fingerprint of a video file (as it is on disk: watermark and all). */
export async function fingerprintVideo(filePath: string, options: { signal?: AbortSignal } = {}): Promise<VideoFingerprint> {
  const lumas: { luma: Float32Array }[] = [];
  let width = 0;
  let height = 0;
  await sampleVideoFrames(
    filePath,
    (frame: RgbFrame) => {
      width = frame.width;
      height = frame.height;
      lumas.push({ luma: toLuma(frame) });
    },
    { signal: options.signal },
  );
  if (lumas.length === 0) throw new Error(`The video ${filePath} has no decodable frames to fingerprint.`);

  const crop = { top: height, bottom: height, left: width, right: width };
  let framesWithBars = 0;
  for (const { luma } of lumas) {
    const bars = flatBars(luma, width, height);
    if (!bars) continue;
    framesWithBars++;
    crop.top = Math.min(crop.top, bars.top);
    crop.bottom = Math.min(crop.bottom, bars.bottom);
    crop.left = Math.min(crop.left, bars.left);
    crop.right = Math.min(crop.right, bars.right);
  }
  if (framesWithBars === 0) Object.assign(crop, { top: 0, bottom: 0, left: 0, right: 0 });
  crop.top = Math.min(crop.top, Math.floor(height * MAX_CROP_SHARE));
  crop.bottom = Math.min(crop.bottom, Math.floor(height * MAX_CROP_SHARE));
  crop.left = Math.min(crop.left, Math.floor(width * MAX_CROP_SHARE));
  crop.right = Math.min(crop.right, Math.floor(width * MAX_CROP_SHARE));
  const innerWidth = width - crop.left - crop.right;
  const innerHeight = height - crop.top - crop.bottom;

  const halfWidth = Math.floor(innerWidth / 2);
  const halfHeight = Math.floor(innerHeight / 2);
  const regions: Record<FrameRegion, { x: number; y: number; w: number; h: number }> = {
    full: { x: 0, y: 0, w: innerWidth, h: innerHeight },
    top: { x: 0, y: 0, w: innerWidth, h: halfHeight },
    bottom: { x: 0, y: innerHeight - halfHeight, w: innerWidth, h: halfHeight },
    left: { x: 0, y: 0, w: halfWidth, h: innerHeight },
    right: { x: innerWidth - halfWidth, y: 0, w: halfWidth, h: innerHeight },
  };
  const frames: FrameHash[] = [];
  lumas.forEach(({ luma }, frameIndex) => {
    for (const region of FRAME_REGIONS) {
      const box = regions[region];
      if (box.w < 8 || box.h < 8) continue;
      const plane = new Float32Array(box.w * box.h);
      for (let y = 0; y < box.h; y++) {
        const from = (y + crop.top + box.y) * width + crop.left + box.x;
        plane.set(luma.subarray(from, from + box.w), y * box.w);
      }
      const { bytes, quality } = pdqFromLuma(plane, box.w, box.h);
      if (quality >= PDQ_MIN_QUALITY) frames.push({ frameIndex, region, hash: bytes, quality });
    }
  });
  return { frames, sampledFrames: lumas.length, crop: { ...crop, width: innerWidth, height: innerHeight } };
}

function toLuma(frame: RgbFrame): Float32Array {
  const luma = new Float32Array(frame.width * frame.height);
  const rgb = frame.rgb;
  for (let p = 0, q = 0; p < luma.length; p++, q += 3) luma[p] = 0.299 * rgb[q]! + 0.587 * rgb[q + 1]! + 0.114 * rgb[q + 2]!;
  return luma;
}

/** How many rows/columns of centred flat bars one frame has on each edge. */
function flatBars(luma: Float32Array, width: number, height: number): { top: number; bottom: number; left: number; right: number } | null {
  const rowFlat = (y: number) => {
    let min = Infinity;
    let max = -Infinity;
    for (let x = 0; x < width; x++) {
      const v = luma[y * width + x]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return max - min <= FLAT_SPAN;
  };
  let top = 0;
  while (top < height && rowFlat(top)) top++;
  let bottom = 0;
  while (bottom < height - top && rowFlat(height - 1 - bottom)) bottom++;
  // Columns are judged between the horizontal bars, so a letter-boxed frame's black rows do not
  // make every column look busy.
  const colFlat = (x: number) => {
    let min = Infinity;
    let max = -Infinity;
    for (let y = top; y < height - bottom; y++) {
      const v = luma[y * width + x]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return max - min <= FLAT_SPAN;
  };
  let left = 0;
  while (left < width && colFlat(left)) left++;
  let right = 0;
  while (right < width - left && colFlat(width - 1 - right)) right++;
  // Bars from padding are centred; a flat band on one side only is content (a wall, a sky).
  // A (nearly) flat frame, e.g. a plain wall, is flat edge to edge: it says nothing about bars.
  if (top + bottom > height * 0.9 || left + right > width * 0.9) return null;
  const vertical = Math.min(top, bottom);
  const horizontal = Math.min(left, right);
  return { top: vertical, bottom: vertical, left: horizontal, right: horizontal };
}

export interface VideoComparison {
  /** Share of the query's sampled frames with a frame of the other video within the threshold (any region). */
  queryCoverage: number;
  /** Share of the other video's frames matched by a frame of the query. */
  referenceCoverage: number;
  /** Median, over matched query frames, of the best region distance. */
  medianDistance: number | null;
}

/**
 * Compares two fingerprints frame by frame, order-insensitively (like Meta's vPDQ): a query frame
 * matches when any of its region hashes is within the threshold of the same region of any frame
 * of the other video, so trimmed, re-timed, re-encoded and partly covered copies still line up.
 */
export function compareFingerprints(query: FrameHash[], reference: FrameHash[], threshold = PDQ_MATCH_THRESHOLD): VideoComparison {
  const bestPerFrame = (from: FrameHash[], to: FrameHash[]) => {
    const best = new Map<number, number>();
    for (const a of from) {
      let nearest = best.get(a.frameIndex) ?? Infinity;
      for (const b of to) if (a.region === b.region) nearest = Math.min(nearest, hammingDistance(a.hash, b.hash));
      best.set(a.frameIndex, nearest);
    }
    return [...best.values()];
  };
  const queryBest = bestPerFrame(query, reference);
  const referenceBest = bestPerFrame(reference, query);
  const matched = queryBest.filter((d) => d <= threshold).sort((a, b) => a - b);
  return {
    queryCoverage: queryBest.length === 0 ? 0 : matched.length / queryBest.length,
    referenceCoverage: referenceBest.length === 0 ? 0 : referenceBest.filter((d) => d <= threshold).length / referenceBest.length,
    medianDistance: matched.length === 0 ? null : matched[(matched.length - 1) >> 1]!,
  };
}

/** Share of a query's frames that must match for two videos to count as the same content. */
export const VIDEO_MATCH_COVERAGE = 0.5;

export function isVideoMatch(comparison: VideoComparison): boolean {
  return comparison.queryCoverage >= VIDEO_MATCH_COVERAGE;
}
