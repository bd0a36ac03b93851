/**
 * Video fingerprints: PDQ hashes of frames sampled at 1 fps, and how two of them are compared.
 *
 * Before hashing, uniform bars (letter-box, pillar-box, window-box; any colour) are trimmed away
 * (letterbox.ts), so a copy re-framed inside bars hashes like the original. The trim is decided
 * once per video: a bar is cut only where every sampled frame has one of the same colour, and only
 * as far as every frame has it, the way ffmpeg's cropdetect settles on one crop, so a frame that
 * happens to be dark at one edge does not shift its own hash.
 *
 * Frames under PDQ's quality floor (flat frames such as fades to black) are dropped: they would
 * match every other flat frame.
 */
import { UnreadableMediaError } from '../media/probe';
import type { RgbFrame } from '../media/rgb-frame';
import { sampleVideoFrames } from './decode';
import { FRAME_REGIONS, hashFrameRegions, lumaPlaneOf, type FrameHash, type FrameRegion } from './frame-hashes';
import { combineBars, findBars, type LumaPlane } from './letterbox';
import { hammingDistance, PDQ_MATCH_THRESHOLD } from './pdq';

// The hash shapes live with the hashing (frame-hashes.ts); the catalogue and callers know them from here too.
export { FRAME_REGIONS, type FrameHash, type FrameRegion };

export interface VideoFingerprint {
  /** Hashes of the sampled frames that are strong enough to match on. */
  frames: FrameHash[];
  sampledFrames: number;
  /** Bars trimmed from each edge of every sampled frame, and the size left (pixels of the sampled frames). */
  crop: { top: number; bottom: number; left: number; right: number; width: number; height: number };
}

/**
 * Computes the fingerprint of a video file (as it is on disk: watermark and all).
 * @throws UnreadableMediaError when the file cannot be probed or decoded, or no frame decodes (e.g. the
 * initialisation segment of a fragmented MP4, whose frames are in other files).
 */
export async function fingerprintVideo(filePath: string, options: { signal?: AbortSignal } = {}): Promise<VideoFingerprint> {
  const planes: LumaPlane[] = [];
  await sampleVideoFrames(filePath, (frame: RgbFrame) => planes.push(lumaPlaneOf(frame)), { signal: options.signal });
  if (planes.length === 0) throw new UnreadableMediaError(`The video ${filePath} has no decodable frames to fingerprint.`);
  // One colour per edge: a bar of padding, not the flat band of the picture that may lie behind it.
  const bars = combineBars(planes.map((plane) => findBars(plane, { oneColourPerEdge: true })));
  const frames = planes.flatMap((plane, frameIndex) => hashFrameRegions(plane, bars, frameIndex));
  const { width, height } = planes[0]!;
  return {
    frames,
    sampledFrames: planes.length,
    crop: { ...bars, width: width - bars.left - bars.right, height: height - bars.top - bars.bottom },
  };
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
