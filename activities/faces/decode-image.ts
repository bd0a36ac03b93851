/**
 * The error of a still image the face engine cannot be given: sharp could not decode it. Thrown by
 * `decodeImageFile` (activities/faces/capture-frames.ts, the one decoder of stills for the face
 * engine) and caught by the activities that read reference photos, evidence images and source
 * images, which turn it into a non-retryable failure or skip the file.
 */

/** The file is not an image sharp can decode (missing, damaged, not a picture); `message` says so in a sentence. */
export class UndecodableImageError extends Error {
  override name = 'UndecodableImageError';
}
