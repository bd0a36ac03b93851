/**
 * When a protected person's reference photo can stand for their face (issue 12): it must show
 * exactly one face, and that face must be at least MIN_FACE_SIZE_PX on its shorter side in the
 * analysed image, the size under which the engine's embeddings stop being reliable (thresholds.ts).
 * A photo of a group would make the registry protect whoever else is in it; a tiny face would match
 * strangers. Anything else is refused with a sentence the legal team can act on.
 */
import { MIN_FACE_SIZE_PX } from './thresholds';
import type { FaceBox } from './types';

/** The verdict on a reference photo: the one usable face's index, or the sentence saying what to upload instead. */
export type ReferenceImageVerdict = { ok: true; faceIndex: number } | { ok: false; message: string };

/**
 * Judges the faces found in a reference photo of `personName` (boxes in pixels of the analysed
 * image). Pure; the same input always gives the same sentence.
 */
export function judgeReferenceImage(faces: readonly { box: FaceBox }[], personName: string): ReferenceImageVerdict {
  if (faces.length === 0) {
    return { ok: false, message: `This image shows no face; upload a photo in which ${personName}'s face is clearly visible.` };
  }
  if (faces.length > 1) {
    return { ok: false, message: `This image shows ${faces.length} faces; upload a photo with only ${personName}.` };
  }
  const side = Math.round(Math.min(faces[0]!.box.width, faces[0]!.box.height));
  if (side < MIN_FACE_SIZE_PX) {
    return {
      ok: false,
      message: `The face in this image is only ${side} pixels across; upload a photo in which ${personName}'s face is at least ${MIN_FACE_SIZE_PX} pixels across.`,
    };
  }
  return { ok: true, faceIndex: 0 };
}
