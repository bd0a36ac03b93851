/**
 * The numbers the face decisions compare against: enrolment (liveness, anti-spoof, the head-turn
 * challenge, face size, frame count) and face checks (match distance, photorealism).
 *
 * Each value's source is below and in docs/faces.md ("Thresholds and how they were set"): the
 * method, the tuning split (the "Extracted Faces" grid of @vladmandic/human's
 * screenshot-facematch.jpg) and the held-out split (its screenshot-faceid.jpg and
 * screenshot-facedetect.jpg), and the error rates measured on the held-out split.
 * `scripts/faces/calibrate.ts` reproduces the figures. The test faces are few (107 tuning faces, 6
 * held-out faces of 5 people): the figures are evidence about this model on these photos, not a
 * population error rate. Change a number only with a new measurement, recorded in docs/faces.md.
 */

/**
 * Cosine distance (1 - cos, 0..2, between L2-normalised FaceRes embeddings) at or under which two
 * faces are taken as the same person. Source: the highest 0.01 step below the smallest
 * different-person distance of the tuning split (0.416; no false match on 869 tuning pairs, same
 * person at most 0.37 over 55 pairs). Held out: the man's FaceID still and his facedetect photo at
 * 0.408 (a match); two different women of one photo at 0.32 and 0.40 (false matches, 2 of 14
 * held-out different-person pairs); 3 of 22 same-man pairs across the splits over it (0.42-0.43).
 * FaceRes does not separate look-alikes reliably: a match is a reason to block or review, not proof
 * of identity (docs/faces.md).
 */
export const FACE_MATCH_MAX_DISTANCE = 0.41;

/**
 * The anti-spoof model's score (0..1, high = a real face in front of the camera, low = a print or a
 * screen) under which a capture frame counts as a spoof. Source: the 5th percentile of the tuning
 * split's real faces (0.44) rounded down to 0.05, so at most about 1 real face in 20 is refused
 * (measured: 1/107 tuning, 0/6 held-out). It stops NONE of the spoof fixtures (a photo of a photo, a screen replay:
 * 0.79-0.87, higher than most real photos), so it is a floor against gross failures, not a spoof
 * detector; enrolment also relies on the head-turn challenge (docs/faces.md).
 */
export const ANTI_SPOOF_MIN_REAL = 0.4;

/**
 * The liveness model's score (0..1, high = live) under which a capture frame counts as not live.
 * Source: the 5th percentile of the tuning split's real faces (0.45, already a 0.05 step): 6/107
 * tuning and 0/6 held-out real faces under it. It stops none of the spoof fixtures (0.63-0.97).
 */
export const LIVENESS_MIN_LIVE = 0.45;

/**
 * Degrees of yaw the head must turn away from frontal each way (left and right) for the
 * "turn your head left, then right" challenge to pass. Source: set inside the measured gap between
 * a still face in a capture (|yaw| at most 2°) and the man's clearly turned photo (18-23° in every
 * frame of the turn capture); above the median |yaw| of people facing the camera in the tuning
 * photos (9°) but not their 95th percentile (21°), which is why a turn must reach it on BOTH sides,
 * in order. Not measured on real head-turn captures (none with a licence to use were available).
 */
export const CHALLENGE_MIN_YAW_DEGREES = 15;

/**
 * Pixels: the shorter side of a face box under which a face is too small to enrol or to match
 * reliably. Source: shrinking a held-out face, its embedding moves 0.06 from its full-size self at
 * a 63 px box (15% of FACE_MATCH_MAX_DISTANCE), 0.12 at 42 px (30%), 0.03 at 79 px and above.
 */
export const MIN_FACE_SIZE_PX = 64;

/**
 * Frames of a capture with exactly one usable face that an enrolment needs. Not a measurement: a
 * design choice so a short capture (4 frames per second over about 3 s gives 12) holds the face
 * for over a second, in front and turned, and one odd frame cannot decide it (docs/faces.md).
 */
export const ENROLMENT_MIN_FRAMES = 5;

/**
 * nsfwjs Drawing + Hentai probability (0..1) under which an image counts as photorealistic, so a
 * face in it is taken as a real person's. Source: 24 photos of faces all score 0.00; but so do an
 * anime avatar's head and two 3D renders (the whole anime figure 0.20), so nsfwjs does not tell
 * rendered faces from photos here, and this cut-off (the classes' "more likely than not") treats
 * such faces as photorealistic: the check errs towards blocking (docs/faces.md).
 */
export const PHOTOREALISTIC_MAX_DRAWING = 0.5;

/**
 * FaceMesh's confidence (0..1) that the detected region holds a face, under which a detection is
 * dropped as not a face. Source: the 48 fixture faces (docs/faces.md) all score at least 0.97
 * (median 1.00); six false faces the detector found in 96 frames of abstract procedural clips
 * scored 0.53-1.00, so this gate removes only some of them (see isOversizeFaceBox for the rest).
 */
export const MIN_FACE_MESH_CONFIDENCE = 0.9;

/**
 * Cosine distance from the typical face embedding (policies/faces/typical-face.ts, the mean of the
 * tuning split's 107 faces) beyond which a detection is not a face. Source: the 107 tuning faces lie
 * within 0.48 of the mean of an earlier probe, the 10 named fixtures within 0.30-0.39 of this one;
 * the ten blobs the detector still boxed in 180 abstract procedural frames (after the mesh gate and
 * the second look) lay 0.63-0.76 from it. 0.6 keeps a margin of 0.12 above every real face measured,
 * because dropping a real face would hide it from every check; faces unlike the tuning photos (other
 * ages and lighting) have not been measured, so docs/faces.md lists this as a limit.
 */
export const MAX_DISTANCE_FROM_TYPICAL_FACE = 0.6;
