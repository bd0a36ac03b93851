/**
 * When a detected face box needs a second look before it counts as a face.
 *
 * The face detector (BlazeFace) reports square boxes, enlarged around the face and cut at the
 * image's edges, so a box's longer side is the side of the square it was cut from. A square larger
 * than the image is either a real face bigger than the frame (an image-to-video clip made from a
 * head-and-shoulders photo fills a portrait frame with the face: 554-640 px boxes in 360 × 640
 * frames) or a blob the detector took for a face in an abstract picture (the procedural stand-in
 * generator's lights and skies: 386-637 px boxes). Measured: all 12 such real-face frames were found
 * again, square and with FaceMesh confidence 1.00, when the frame was put inside a larger black
 * canvas (activities/faces/engine.ts does this); 11 of 15 blob frames were not found again and one
 * more scored under MIN_FACE_MESH_CONFIDENCE, so three blob frames of one procedural scene ("a snowy
 * village at night") still pass as faces. A tight crop (the box is the whole image) is a face as it
 * is, so cropping a photo to the face does not hide it from the checks.
 */
import type { FaceBox } from './types';

/** Pixels of slack when comparing a box with the image's edges (boxes are rounded to whole pixels). */
const EDGE_SLACK_PX = 1;

/**
 * True when `box`, found in an image of `width` × `height` pixels, was cut from a square larger than
 * the image and is not the whole image: a face bigger than the frame, or a blob, which the engine
 * tells apart by looking again on a padded canvas. Pure; never throws.
 */
export function isOversizeFaceBox(box: FaceBox, width: number, height: number): boolean {
  const spansWidth = box.x <= EDGE_SLACK_PX && box.x + box.width >= width - EDGE_SLACK_PX;
  const spansHeight = box.y <= EDGE_SLACK_PX && box.y + box.height >= height - EDGE_SLACK_PX;
  if (spansWidth && spansHeight) return false;
  const side = Math.max(box.width, box.height);
  return side > width + EDGE_SLACK_PX || side > height + EDGE_SLACK_PX;
}
