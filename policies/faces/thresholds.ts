/**
 * The numbers the face decisions compare against: enrolment (liveness, anti-spoof, the head-turn
 * challenge, face size, frame count) and face checks (match distance, photorealism).
 *
 * Every value is calibrated in docs/faces.md ("Thresholds and how they were set"): the method, the
 * tuning and held-out splits of the test faces, and the error rates measured on the held-out split.
 * `scripts/faces/calibrate.ts` reproduces the figures. Change a number only with a new measurement.
 */

/**
 * Cosine distance (1 - cos, 0..2, between L2-normalised FaceRes embeddings) at or under which two
 * faces are taken as the same person. Calibrated in docs/faces.md.
 */
export const FACE_MATCH_MAX_DISTANCE = 0.55;

/**
 * The anti-spoof model's score (0..1, high = a real face in front of the camera, low = a print or a
 * screen) under which a capture frame counts as a spoof. Calibrated in docs/faces.md.
 */
export const ANTI_SPOOF_MIN_REAL = 0.5;

/** The liveness model's score (0..1, high = live) under which a capture frame counts as not live. Calibrated in docs/faces.md. */
export const LIVENESS_MIN_LIVE = 0.5;

/**
 * Degrees of yaw the head must turn away from frontal each way (left and right) for the
 * "turn your head left, then right" challenge to pass. Calibrated in docs/faces.md.
 */
export const CHALLENGE_MIN_YAW_DEGREES = 15;

/** Pixels: the shorter side of a face box under which a face is too small to enrol or to match reliably. Calibrated in docs/faces.md. */
export const MIN_FACE_SIZE_PX = 64;

/** Frames of a capture with exactly one usable face that an enrolment needs. Calibrated in docs/faces.md. */
export const ENROLMENT_MIN_FRAMES = 5;

/**
 * nsfwjs Drawing + Hentai probability (0..1) under which an image counts as photorealistic, so a
 * face in it is taken as a real person's. Calibrated in docs/faces.md.
 */
export const PHOTOREALISTIC_MAX_DRAWING = 0.5;
