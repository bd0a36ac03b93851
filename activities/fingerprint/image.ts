/**
 * The fingerprint of a still image (a source image, a keyframe, a screenshot someone uploads to
 * /verify): decoded upright in sRGB, then the same region hashes as every video frame
 * (frame-hashes.ts), so a still can be looked up among published videos' frames.
 *
 * A single picture cannot tell padding from a flat band of its own content (a black bar from a
 * night sky, a grey bar from a wall); a video can, from all its frames (combineBars), and keeps
 * flat bands that are content. So a still is hashed in up to three trims, all of them frame 0:
 * - as it is: meets a video frame or a still whose edges are content;
 * - inside its outer bars of one colour per edge (findBars with oneColourPerEdge): a letter-boxed
 *   copy of such a frame or still, whose bars stop where the picture's own edge starts;
 * - inside every uniform line (findBars): meets another still trimmed the same way, whatever the
 *   colours of its bars and of its own flat bands.
 * A lookup matches when any of them matches (compareFingerprints and the catalogue take the best
 * hash per frame), so the extra trims only add ways to find a re-framed copy.
 */
import { decodeImage } from './decode';
import { hashFrameRegions, lumaPlaneOf, type FrameHash } from './frame-hashes';
import { EDGES, findBars, NO_BARS, type Bars } from './letterbox';

/** The shape of a video's fingerprint (video.ts), for one frame. */
export interface ImageFingerprint {
  /** Region hashes of every trim that are strong enough to match on (all frameIndex 0); empty for a flat picture. */
  frames: FrameHash[];
  /** Always 1: a still is one sampled frame. */
  sampledFrames: 1;
  /** Every uniform line peeled from each edge, and the size left (pixels of the decoded picture, at most 512 on a side). */
  crop: Bars & { width: number; height: number };
  /** The trims hashed (distinct ones only): none, one colour per edge, every uniform line. */
  trims: Bars[];
}

/**
 * Fingerprints a still image file.
 * @throws UnreadableMediaError when the file is not an image or cannot be decoded.
 */
export async function fingerprintImage(filePath: string, options: { signal?: AbortSignal } = {}): Promise<ImageFingerprint> {
  const plane = lumaPlaneOf(await decodeImage(filePath, options.signal));
  const everyUniformLine = edgesOf(findBars(plane));
  const candidates = [{ ...NO_BARS }, edgesOf(findBars(plane, { oneColourPerEdge: true })), everyUniformLine];
  const trims = candidates.filter((bars, index) => candidates.findIndex((other) => EDGES.every((edge) => other[edge] === bars[edge])) === index);
  return {
    frames: trims.flatMap((bars) => hashFrameRegions(plane, bars, 0)),
    sampledFrames: 1,
    crop: { ...everyUniformLine, width: plane.width - everyUniformLine.left - everyUniformLine.right, height: plane.height - everyUniformLine.top - everyUniformLine.bottom },
    trims,
  };
}

/** Just the four edges of what findBars found (nothing for a flat picture). */
function edgesOf(found: Bars | null): Bars {
  return found ? { top: found.top, bottom: found.bottom, left: found.left, right: found.right } : { ...NO_BARS };
}
