/**
 * Verified enrolment (issue 12): does a live face capture prove that a cameo is its owner's face?
 * Pure. The faceEnrolment workflow's activity samples the capture's frames, runs the face engine on
 * each and hands this function what it saw, frame by frame, in capture order.
 *
 * The rules, read in this order, the first that fails deciding (each failure is a sentence saying
 * what to do, shown to the creator as it is):
 * 1. `no_face`: no frame has a face.
 * 2. `several_faces`: more than one face in view in at least a tenth of the frames (at least one).
 *    A tenth, not any frame: one stray detection in one frame of a long capture (a face-like shadow)
 *    should not fail an honest capture; a second person in view for a moment still does.
 * 3. `face_too_small`: fewer than ENROLMENT_MIN_FRAMES frames with one face whose box's shorter side
 *    is at least MIN_FACE_SIZE_PX, and most frames with a face had it smaller than that.
 * 4. `too_few_frames`: fewer than ENROLMENT_MIN_FRAMES usable frames (one face, big enough).
 * 5. `spoof`: the median anti-spoof score of the usable frames under ANTI_SPOOF_MIN_REAL, or their
 *    median liveness score under LIVENESS_MIN_LIVE. The median, because both models judge single
 *    frames and a frame blurred by the head's turn may score low on its own; a print or a screen
 *    scores low on most frames.
 * 6. `identity_changed`: a usable frame's face further than FACE_MATCH_MAX_DISTANCE (cosine
 *    distance) from the most frontal frame's face: someone else stepped in, or a photo was swapped in.
 * 7. `challenge_not_met`: the head's yaw over the usable frames did not go at least
 *    CHALLENGE_MIN_YAW_DEGREES to the first side and then, later, at least as far to the other side.
 *    "Left" is the person's own left. Yaw sign as measured on the test faces (the engine on
 *    @vladmandic/human's own photos, test/support/face-fixtures.ts): a head turned to the person's
 *    left (the nose towards the right of an unmirrored picture) has NEGATIVE yaw (man-turned: -23°),
 *    to their right positive (man-turned-mirrored: +20°).
 *
 * On success the enrolment keeps up to ENROLMENT_MAX_EMBEDDINGS embeddings spread over the turn
 * (the most frontal frame, the furthest turn each way, then evenly spaced frames), so a cameo is
 * matched from the front and from the side. Thresholds: policies/faces/thresholds.ts (docs/faces.md).
 */
import { cosineDistance } from './distance';
import {
  ANTI_SPOOF_MIN_REAL,
  CHALLENGE_MIN_YAW_DEGREES,
  ENROLMENT_MIN_FRAMES,
  FACE_MATCH_MAX_DISTANCE,
  LIVENESS_MIN_LIVE,
  MIN_FACE_SIZE_PX,
} from './thresholds';
import type { FaceObservation } from './types';

/** The challenges the app may show before a capture (migration 016's CHECK lists the same words). */
export const ENROLMENT_CHALLENGE_KINDS = ['turn_left_then_right', 'turn_right_then_left'] as const;
export type EnrolmentChallengeKind = (typeof ENROLMENT_CHALLENGE_KINDS)[number];

/** The challenge a capture answers. */
export interface EnrolmentChallenge {
  kind: EnrolmentChallengeKind;
}

/** Why an enrolment failed; stored in face_enrolments.failure_code and returned by the API. */
export const ENROLMENT_FAILURE_CODES = [
  'no_face', 'several_faces', 'face_too_small', 'too_few_frames', 'spoof', 'identity_changed', 'challenge_not_met',
  // Decided outside decideEnrolment: a capture ffmpeg cannot read, a cameo deleted during the
  // analysis, an analysis that kept failing on Loupe's side (the engine, a worker).
  'unreadable_capture', 'cameo_deleted', 'analysis_failed',
] as const;
export type EnrolmentFailureCode = (typeof ENROLMENT_FAILURE_CODES)[number];

/** At most this many embeddings are stored per enrolment: enough for front and both sides, few enough to keep the gallery small. */
export const ENROLMENT_MAX_EMBEDDINGS = 5;

/** Share of frames with more than one face at which a capture fails (see rule 2). */
const SEVERAL_FACES_MIN_SHARE = 0.1;

/**
 * The outcome: the embeddings to store (biometric data: they stay in the worker) with the indexes
 * of the frames they came from, or a failure with its code and the sentence to show.
 */
export type EnrolmentDecision =
  | { ok: true; embeddings: Float32Array[]; frameIndexes: number[] }
  | EnrolmentFailure;

/** A failed enrolment: why, and the sentence to show the creator. */
export interface EnrolmentFailure {
  ok: false;
  code: EnrolmentFailureCode;
  message: string;
}

/** The sentence the app shows before recording, for a challenge: what to do, in order. */
export function challengeInstruction(kind: EnrolmentChallengeKind): string {
  const [first, second] = kind === 'turn_left_then_right' ? ['left', 'right'] : ['right', 'left'];
  return `Face the camera in good light, alone, then slowly turn your head to your ${first}, then to your ${second}, and back to the camera; about 3 to 5 seconds in all.`;
}

/** The sentence of a failure that happened outside this decision (a capture ffmpeg cannot read). */
export function unreadableCaptureFailure(): EnrolmentFailure {
  return { ok: false, code: 'unreadable_capture', message: 'Loupe could not read the capture as a video: record it again with the phone\'s camera and upload the file as it is (MP4, WebM or MOV).' };
}

/** The failure of an enrolment whose cameo was deleted before the capture was decided: nothing is stored. */
export function cameoDeletedFailure(): EnrolmentFailure {
  return { ok: false, code: 'cameo_deleted', message: 'This cameo was deleted, so it cannot be verified.' };
}

/** The failure of an enrolment whose analysis kept failing on Loupe's side: the creator can only try again. */
export function analysisFailedFailure(): EnrolmentFailure {
  return { ok: false, code: 'analysis_failed', message: 'Loupe could not analyse this capture because of a problem on its side: ask for a new challenge and try again later.' };
}

const fail = (code: EnrolmentFailureCode, message: string): EnrolmentDecision => ({ ok: false, code, message });

const shorterSide = (face: FaceObservation) => Math.min(face.box.width, face.box.height);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Decides an enrolment from the faces found in each sampled frame of the capture (`frames[i]` =
 * the faces of frame i, in capture order) and the challenge the app showed. See the module comment
 * for the rules. Never throws.
 */
export function decideEnrolment(frames: readonly (readonly FaceObservation[])[], challenge: EnrolmentChallenge): EnrolmentDecision {
  const framesWithFace = frames.filter((faces) => faces.length > 0);
  if (framesWithFace.length === 0) return fail('no_face', 'Loupe could not see a face: face the camera in good light.');

  const severalFaces = frames.filter((faces) => faces.length > 1).length;
  if (severalFaces >= Math.max(1, Math.ceil(frames.length * SEVERAL_FACES_MIN_SHARE))) {
    return fail('several_faces', 'Only one face may be in view: record the capture alone, with nobody else and no photos or screens showing faces behind you.');
  }

  const usable: { index: number; face: FaceObservation }[] = [];
  let tooSmall = 0;
  frames.forEach((faces, index) => {
    if (faces.length !== 1) return;
    if (shorterSide(faces[0]!) >= MIN_FACE_SIZE_PX) usable.push({ index, face: faces[0]! });
    else tooSmall += 1;
  });
  if (usable.length < ENROLMENT_MIN_FRAMES && tooSmall * 2 > framesWithFace.length) {
    return fail('face_too_small', 'Your face is too small in the picture: move closer to the camera so that your face fills about a third of it.');
  }
  if (usable.length < ENROLMENT_MIN_FRAMES) {
    return fail('too_few_frames', `Loupe saw your face clearly in only ${usable.length} of ${frames.length} frames (it needs ${ENROLMENT_MIN_FRAMES}): record for 3 to 5 seconds, keeping your whole face in view and the camera steady.`);
  }

  const realScore = median(usable.map(({ face }) => face.realScore));
  const liveScore = median(usable.map(({ face }) => face.liveScore));
  if (realScore < ANTI_SPOOF_MIN_REAL || liveScore < LIVENESS_MIN_LIVE) {
    return fail('spoof', 'This looks like a photo or a screen, not a live face: record yourself directly with the camera, not a picture or a video of someone.');
  }

  const frontal = usable.reduce((best, frame) => (Math.abs(frame.face.yawDegrees) < Math.abs(best.face.yawDegrees) ? frame : best));
  if (usable.some(({ face }) => cosineDistance(face.embedding, frontal.face.embedding) > FACE_MATCH_MAX_DISTANCE)) {
    return fail('identity_changed', 'The face changed during the capture: only you may be in it, from the start to the end, with nothing held in front of your face.');
  }

  const challengeFailure = checkChallenge(usable.map(({ face }) => face.yawDegrees), challenge.kind);
  if (challengeFailure) return fail('challenge_not_met', challengeFailure);

  const chosen = chooseFrames(usable.map(({ index, face }) => ({ index, yaw: face.yawDegrees })), frontal.index);
  const byIndex = new Map(usable.map(({ index, face }) => [index, face]));
  return { ok: true, embeddings: chosen.map((index) => byIndex.get(index)!.embedding), frameIndexes: chosen };
}

/** The sentence saying how the turn fell short, or null when the yaws (in capture order) meet the challenge. */
function checkChallenge(yaws: number[], kind: EnrolmentChallengeKind): string | null {
  // Negative yaw = the person's left (measured; see the module comment).
  const [firstSide, secondSide, firstSign] = kind === 'turn_left_then_right' ? ['left', 'right', -1] as const : ['right', 'left', 1] as const;
  const turnedFirst = (yaw: number) => yaw * firstSign >= CHALLENGE_MIN_YAW_DEGREES;
  const turnedSecond = (yaw: number) => -yaw * firstSign >= CHALLENGE_MIN_YAW_DEGREES;
  const degrees = CHALLENGE_MIN_YAW_DEGREES;
  const firstAt = yaws.findIndex(turnedFirst);
  if (firstAt === -1) {
    // Barely moved towards the first side (under a third of the turn) but turned the other way: the order was wrong.
    const towardsFirst = Math.max(0, ...yaws.map((yaw) => yaw * firstSign));
    const otherWayRound = yaws.some(turnedSecond) && towardsFirst < degrees / 3;
    return otherWayRound
      ? `Turn your head to your ${firstSide} first, then to your ${secondSide}, as the challenge asks: this capture turned only to the ${secondSide}.`
      : `Turn your head further to your ${firstSide} (at least ${degrees} degrees), then to your ${secondSide}, as the challenge asks.`;
  }
  if (!yaws.slice(firstAt + 1).some(turnedSecond)) {
    const wrongOrder = yaws.slice(0, firstAt).some(turnedSecond);
    return wrongOrder
      ? `Turn your head to your ${firstSide} first, then to your ${secondSide}, as the challenge asks: this capture turned the other way round.`
      : `Turn your head further to your ${secondSide} (at least ${degrees} degrees) after turning to your ${firstSide}, as the challenge asks.`;
  }
  return null;
}

/** Up to ENROLMENT_MAX_EMBEDDINGS frame indexes: the frontal one, the furthest turn each way, then evenly spaced ones; in capture order. */
function chooseFrames(frames: { index: number; yaw: number }[], frontalIndex: number): number[] {
  const chosen = new Set<number>([frontalIndex]);
  const mostOneWay = frames.reduce((best, frame) => (frame.yaw > best.yaw ? frame : best));
  const mostOtherWay = frames.reduce((best, frame) => (frame.yaw < best.yaw ? frame : best));
  chosen.add(mostOneWay.index).add(mostOtherWay.index);
  const slots = ENROLMENT_MAX_EMBEDDINGS;
  // Evenly spaced over the capture, then any others, until the set is full.
  for (let k = 0; k < slots && chosen.size < slots; k += 1) chosen.add(frames[Math.round((k * (frames.length - 1)) / (slots - 1))]!.index);
  for (const frame of frames) {
    if (chosen.size >= slots) break;
    chosen.add(frame.index);
  }
  return [...chosen].sort((a, b) => a - b);
}
