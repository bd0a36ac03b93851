/**
 * The PDQ hashes of one picture (a still, or a sampled video frame) as Loupe stores and matches
 * them: bars trimmed first (letterbox.ts), then the whole picture and each of its halves hashed.
 * Stills and video frames go through this one function, so a still of a keyframe and the video it
 * came from produce comparable hashes.
 */
import type { RgbFrame } from '../media/rgb-frame';
import { cropPlane, type Bars, type LumaPlane } from './letterbox';
import { lumaFromRgb, PDQ_MIN_QUALITY, pdqFromLuma } from './pdq';

/**
 * Which part of the (bar-trimmed) picture a hash covers. Besides the whole picture, each half is
 * hashed on its own: an overlay such as a large logo changes the whole-picture hash by 40-80 bits,
 * but leaves at least one half of it, and so that half's hash, intact.
 */
export const FRAME_REGIONS = ['full', 'top', 'bottom', 'left', 'right'] as const;
export type FrameRegion = (typeof FRAME_REGIONS)[number];

export interface FrameHash {
  /** Index of the sampled frame (1 fps: seconds from the start); 0 for a still. */
  frameIndex: number;
  region: FrameRegion;
  /** 32 bytes, PDQ's reference layout. */
  hash: Uint8Array;
  /** PDQ quality, 0..100. */
  quality: number;
}

/** Regions narrower or lower than this many pixels are not hashed: too little to say anything. */
const MIN_REGION_SIDE = 8;

/** The luma plane of a decoded picture (BT.601 weights, as PDQ uses). */
export function lumaPlaneOf(frame: RgbFrame): LumaPlane {
  return { luma: lumaFromRgb(frame.rgb, frame.width, frame.height), width: frame.width, height: frame.height };
}

/**
 * Hashes `plane` inside `bars`: the whole and each half. Hashes under PDQ's quality floor are
 * left out (flat pictures, fades to black): they would match every other flat picture.
 */
export function hashFrameRegions(plane: LumaPlane, bars: Bars, frameIndex: number): FrameHash[] {
  const width = plane.width - bars.left - bars.right;
  const height = plane.height - bars.top - bars.bottom;
  const halfWidth = Math.floor(width / 2);
  const halfHeight = Math.floor(height / 2);
  const boxes: Record<FrameRegion, { x: number; y: number; width: number; height: number }> = {
    full: { x: 0, y: 0, width, height },
    top: { x: 0, y: 0, width, height: halfHeight },
    bottom: { x: 0, y: height - halfHeight, width, height: halfHeight },
    left: { x: 0, y: 0, width: halfWidth, height },
    right: { x: width - halfWidth, y: 0, width: halfWidth, height },
  };
  const hashes: FrameHash[] = [];
  for (const region of FRAME_REGIONS) {
    const box = boxes[region];
    if (box.width < MIN_REGION_SIDE || box.height < MIN_REGION_SIDE) continue;
    const part = cropPlane(plane, bars, box);
    const { bytes, quality } = pdqFromLuma(part.luma, part.width, part.height);
    if (quality >= PDQ_MIN_QUALITY) hashes.push({ frameIndex, region, hash: bytes, quality });
  }
  return hashes;
}
