/**
 * The words of face checks, shared by the face engine (activities/faces), the enrolment and
 * pipeline decisions (policies/faces) and the stores (db/biometrics). Pure types: no I/O.
 *
 * An embedding is biometric data. It lives only in worker memory and, encrypted, in
 * `face_embeddings`; no API, page, log line or workflow history ever holds one (workflow inputs and
 * activity results carry ids and distances, never vectors).
 */

/** A face box in pixels of the image it was found in (origin top-left). */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One face the engine found in one image or frame, with everything the decisions read.
 * Scores are the models' outputs in 0..1; angles are degrees. Yaw: NEGATIVE when the nose points
 * to the right of the (unmirrored) image, i.e. the person turned to their own left; positive the
 * other way; mirroring the image flips the sign (measured on the test faces, see
 * activities/faces/engine.ts and test/activities/faces/engine.test.ts).
 */
export interface FaceObservation {
  box: FaceBox;
  /** The detector's confidence that this is a face (BlazeFace), 0..1. */
  detectionScore: number;
  /** The anti-spoof model's score, 0..1: high = a real face, low = a photo, print or screen. */
  realScore: number;
  /** The liveness model's score, 0..1: high = live. */
  liveScore: number;
  yawDegrees: number;
  pitchDegrees: number;
  rollDegrees: number;
  /** The face description model's embedding (FaceRes, 1024 values), L2-normalised. Biometric data. */
  embedding: Float32Array;
}

/** Whose face a stored embedding is: a creator's verified cameo, or a protected person's reference image. */
export type FaceSubject = { kind: 'cameo'; id: string } | { kind: 'protected_person'; id: string };

/** A stored face close to an observed one: cosine distance in 0..2 (0 = the same direction). */
export interface FaceMatch {
  subject: FaceSubject;
  distance: number;
}
