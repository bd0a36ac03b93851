/**
 * Whether a detected face box can be a face at all, before anyone compares it with anything.
 *
 * The face detector (BlazeFace) reports square boxes, enlarged around the face and cut at the
 * image's edges, so a box's longer side is the side of the square it was cut from. On abstract
 * pictures (the procedural stand-in generator's lights and skies) it sometimes reports one large
 * blob as a face: measured on 336 frames of 20 procedural clips (two seeds) plus 16 more, eight such
 * boxes, every one cut from a square larger than the frame is wide (414-541 px in 360 px frames),
 * while all 66 real fixture faces came from squares that fit inside their image, or, cropped
 * tightly, were the whole image. So a box from a square larger than the image, other than the whole
 * image itself, is a blob, not a face. A face filling the whole picture stays a face, so cropping a
 * photo to the face does not hide it from the checks.
 *
 * Known cost: an extreme close-up whose face is wider than the frame (but does not fill it) is
 * dropped for that frame; a clip's other keyframes usually show the face whole.
 */
import type { FaceBox } from './types';

/** Pixels of slack when comparing a box with the image's edges (boxes are rounded to whole pixels). */
const EDGE_SLACK_PX = 1;

/**
 * True when `box` may be a face in an image of `width` × `height` pixels: the box is the whole image,
 * or the square it was cut from (side = its longer side) fits in the image. Pure; never throws.
 */
export function isPlausibleFaceBox(box: FaceBox, width: number, height: number): boolean {
  const spansWidth = box.x <= EDGE_SLACK_PX && box.x + box.width >= width - EDGE_SLACK_PX;
  const spansHeight = box.y <= EDGE_SLACK_PX && box.y + box.height >= height - EDGE_SLACK_PX;
  if (spansWidth && spansHeight) return true;
  const side = Math.max(box.width, box.height);
  return side <= width + EDGE_SLACK_PX && side <= height + EDGE_SLACK_PX;
}
