/**
 * policies/faces/enrolment.ts with synthetic face observations: each rule fails a capture built to
 * break it and only it, and a good capture passes with embeddings spread over the turn. Values are
 * derived from the thresholds, so a recalibration keeps the cases meaning what they say.
 */
import {
  ANTI_SPOOF_MIN_REAL,
  CHALLENGE_MIN_YAW_DEGREES,
  challengeInstruction,
  cosineDistance,
  decideEnrolment,
  ENROLMENT_MAX_EMBEDDINGS,
  ENROLMENT_MIN_FRAMES,
  FACE_MATCH_MAX_DISTANCE,
  LIVENESS_MIN_LIVE,
  MIN_FACE_SIZE_PX,
  normaliseEmbedding,
  type EnrolmentChallengeKind,
  type FaceObservation,
} from '../../policies/faces';

/** A person's face direction: a unit vector built from a seed. People with other seeds are far apart. */
function person(seed: number): Float32Array {
  return normaliseEmbedding(Array.from({ length: 64 }, (_, i) => Math.sin((i + 1) * (seed * 12.9898 + 78.233)) * 43758.5453 % 1));
}
/** The same person seen again: their vector nudged a little (a distance far below the match threshold). */
function again(base: Float32Array, nudge: number): Float32Array {
  return normaliseEmbedding(Array.from(base, (value, i) => value + 0.02 * Math.sin(i * 7 + nudge)));
}

const ALICE = person(1);
const BOB = person(2);
const TURN = CHALLENGE_MIN_YAW_DEGREES + 10;
const BIG = MIN_FACE_SIZE_PX * 3;

function face(yaw: number, overrides: Partial<FaceObservation> = {}): FaceObservation {
  return {
    box: { x: 100, y: 80, width: BIG, height: BIG },
    detectionScore: 0.95,
    realScore: Math.min(1, ANTI_SPOOF_MIN_REAL + 0.3),
    liveScore: Math.min(1, LIVENESS_MIN_LIVE + 0.3),
    yawDegrees: yaw,
    pitchDegrees: 0,
    rollDegrees: 0,
    embedding: again(ALICE, yaw),
    ...overrides,
  };
}

/** A capture's yaws: front, to the person's left (negative, as measured), front, to the right (positive), front. */
const LEFT_THEN_RIGHT = [0, -5, -TURN / 2, -TURN, -TURN / 2, 0, TURN / 2, TURN, TURN / 2, 0];
const RIGHT_THEN_LEFT = LEFT_THEN_RIGHT.map((yaw) => -yaw);
const frames = (yaws: number[], make: (yaw: number, index: number) => FaceObservation[] = (yaw) => [face(yaw)]) => yaws.map(make);

const leftThenRight = { kind: 'turn_left_then_right' as const };

it('verifies a capture that turns left then right, keeping up to five embeddings of the same face spread over the turn', () => {
  const decision = decideEnrolment(frames(LEFT_THEN_RIGHT), leftThenRight);
  expect(decision.ok).toBe(true);
  if (!decision.ok) return;
  expect(decision.embeddings.length).toBe(Math.min(ENROLMENT_MAX_EMBEDDINGS, LEFT_THEN_RIGHT.length));
  expect(decision.frameIndexes).toContain(LEFT_THEN_RIGHT.indexOf(TURN));
  expect(decision.frameIndexes).toContain(LEFT_THEN_RIGHT.indexOf(-TURN));
  expect(decision.frameIndexes).toContain(0);
  expect([...decision.frameIndexes].sort((a, b) => a - b)).toEqual(decision.frameIndexes);
  for (const embedding of decision.embeddings) expect(cosineDistance(embedding, ALICE)).toBeLessThan(FACE_MATCH_MAX_DISTANCE);
});

it('verifies the mirror challenge with the mirror turn, and refuses each turn for the other challenge', () => {
  expect(decideEnrolment(frames(RIGHT_THEN_LEFT), { kind: 'turn_right_then_left' }).ok).toBe(true);
  const wrongWay = decideEnrolment(frames(RIGHT_THEN_LEFT), leftThenRight);
  expect(wrongWay).toMatchObject({ ok: false, code: 'challenge_not_met', message: expect.stringMatching(/to your left first, then to your right/) });
});

const failures: [string, () => ReturnType<typeof decideEnrolment>, string, RegExp][] = [
  ['no frame has a face', () => decideEnrolment(frames(LEFT_THEN_RIGHT, () => []), leftThenRight), 'no_face', /^Loupe could not see a face: face the camera in good light\.$/],
  ['no frames at all', () => decideEnrolment([], leftThenRight), 'no_face', /could not see a face/],
  [
    'a second face in a tenth of the frames',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT, (yaw, i) => (i === 3 ? [face(yaw), face(0, { embedding: BOB })] : [face(yaw)])), leftThenRight),
    'several_faces',
    /^Only one face may be in view: /,
  ],
  [
    'faces smaller than the minimum',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT, (yaw) => [face(yaw, { box: { x: 0, y: 0, width: MIN_FACE_SIZE_PX - 1, height: BIG } })]), leftThenRight),
    'face_too_small',
    /Move closer|move closer/,
  ],
  [
    'too few usable frames',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT.slice(0, ENROLMENT_MIN_FRAMES - 1)), leftThenRight),
    'too_few_frames',
    new RegExp(`only ${ENROLMENT_MIN_FRAMES - 1} of ${ENROLMENT_MIN_FRAMES - 1} frames`),
  ],
  [
    'a low anti-spoof score (a print or a screen)',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT, (yaw) => [face(yaw, { realScore: ANTI_SPOOF_MIN_REAL / 2 })]), leftThenRight),
    'spoof',
    /^This looks like a photo or a screen, not a live face: /,
  ],
  [
    'a low liveness score',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT, (yaw) => [face(yaw, { liveScore: LIVENESS_MIN_LIVE / 2 })]), leftThenRight),
    'spoof',
    /photo or a screen/,
  ],
  [
    'another person half way through',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT, (yaw, i) => [face(yaw, i >= 6 ? { embedding: again(BOB, yaw) } : {})]), leftThenRight),
    'identity_changed',
    /^The face changed during the capture/,
  ],
  [
    'a turn to the left that stops short',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT.map((yaw) => (yaw < 0 ? Math.max(yaw, -(CHALLENGE_MIN_YAW_DEGREES - 1)) : yaw))), leftThenRight),
    'challenge_not_met',
    new RegExp(`^Turn your head further to your left \\(at least ${CHALLENGE_MIN_YAW_DEGREES} degrees\\), then to your right`),
  ],
  [
    'no turn to the right after the left',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT.map((yaw) => Math.min(yaw, 0))), leftThenRight),
    'challenge_not_met',
    /^Turn your head further to your right .* after turning to your left/,
  ],
  [
    'no turn at all',
    () => decideEnrolment(frames(LEFT_THEN_RIGHT.map(() => 0)), leftThenRight),
    'challenge_not_met',
    /^Turn your head further to your left/,
  ],
];

it.each(failures)('fails when %s, with a sentence saying what to do', (_label, decide, code, message) => {
  const decision = decide();
  expect(decision.ok).toBe(false);
  if (decision.ok) return;
  expect(decision.code).toBe(code);
  expect(decision.message).toMatch(message);
});

it('tolerates one stray second face in a long capture (under a tenth of the frames)', () => {
  const long = [...LEFT_THEN_RIGHT, ...LEFT_THEN_RIGHT];
  const decision = decideEnrolment(frames(long, (yaw, i) => (i === 4 ? [face(yaw), face(0, { embedding: BOB, box: { x: 0, y: 0, width: 10, height: 10 } })] : [face(yaw)])), leftThenRight);
  expect(decision.ok).toBe(true);
});

it('judges spoofing by the median frame, so a few blurred frames with low scores do not fail a live capture', () => {
  const decision = decideEnrolment(frames(LEFT_THEN_RIGHT, (yaw, i) => [face(yaw, i % 4 === 3 ? { realScore: 0, liveScore: 0 } : {})]), leftThenRight);
  expect(decision.ok).toBe(true);
});

it.each(['turn_left_then_right', 'turn_right_then_left'] as EnrolmentChallengeKind[])('says in the instruction for %s which way to turn first', (kind) => {
  const [first, second] = kind === 'turn_left_then_right' ? ['left', 'right'] : ['right', 'left'];
  expect(challengeInstruction(kind)).toMatch(new RegExp(`to your ${first}, then to your ${second}`));
});
