/**
 * Faces in what goes in and comes out (issue 12): what a face found in an image-to-video request's
 * source image, or in a sampled frame of a generated clip, means for the request. Pure.
 *
 * Per face, only matches at or under FACE_MATCH_MAX_DISTANCE (policies/faces/thresholds.ts) count,
 * and they are read in this order, the first that applies deciding:
 * 1. a protected person (the registry's reference faces): `protected_person`; the request is
 *    blocked, whatever consent it holds for cameos, because the registry is the legal team's list of
 *    people whose likeness is never generated;
 * 2. a cameo the request has consent for (named in the request and allowed by the consent ledger,
 *    or owned by the requester): `consented_cameo`; the face is fine;
 * 3. any other cameo: `unconsented_cameo`; the request is blocked, saying whose face it is and what
 *    to do (name the cameo so its owner's consent is checked, or ask the owner);
 * 4. no match, and the image is photorealistic (nsfwjs's Drawing + Hentai probability under
 *    PHOTOREALISTIC_MAX_DRAWING): `unmatched_photorealistic`; a source image is blocked (the app's
 *    launch rule: a photo of a real person needs that person's verified cameo and its owner's
 *    consent), a generated frame sends the clip to review (a generator can invent a realistic face
 *    that is nobody's; a person decides);
 * 5. no match in a drawing or cartoon: `unmatched_not_photorealistic`; allowed.
 *
 * The request's verdict is the strictest of its faces'. An image without faces is allowed. Faces of
 * every size are decided (MIN_FACE_SIZE_PX is an enrolment rule): a small face matches less
 * reliably, and an unmatched photorealistic face blocks a source image, so a small face can cost a
 * request its match but never lets an unknown person through.
 *
 * The consent ledger's FaceCheck slot (policies/consent/decide.ts) is filled by `faceCheckForCameo`
 * from the source image's recorded faces: see its comment for when a cameo is a 'match' or a
 * 'mismatch'.
 */
import type { FaceCheck } from '../consent/decide';
import { FACE_MATCH_MAX_DISTANCE } from './thresholds';
import type { FaceMatch, FaceSubject } from './types';

/** Where a face was found: the request's source image, or a sampled frame of the generated clip. */
export const FACE_CHECK_STAGES = ['source_image', 'keyframe'] as const;
export type FaceCheckStage = (typeof FACE_CHECK_STAGES)[number];

/** What one face means for the request (migration 017's CHECK lists the same words). */
export const FACE_CHECK_OUTCOMES = [
  'consented_cameo', 'protected_person', 'unconsented_cameo', 'unmatched_photorealistic', 'unmatched_not_photorealistic',
] as const;
export type FaceCheckOutcome = (typeof FACE_CHECK_OUTCOMES)[number];

/** A stored face close to the observed one, with the subject's display name at the time of the check. */
export interface NamedFaceMatch extends FaceMatch {
  name: string;
}

/** One face found in one image, as the decision needs it: no embedding, only its matches. */
export interface FaceToDecide {
  /** The nearest stored faces (any order; the decision sorts), from the face gallery. */
  matches: readonly NamedFaceMatch[];
  /** The image the face is in counts as photorealistic (see the module comment). */
  photorealistic: boolean;
  /** For the reasons: null for the source image, the keyframe strip's index for a frame. */
  framePosition: number | null;
}

/** Everything the decision needs about one request's faces at one stage. */
export interface FaceCheckInput {
  stage: FaceCheckStage;
  faces: readonly FaceToDecide[];
  /** Cameos named in the request (request_cameos). */
  requestCameoIds: readonly string[];
  /** Cameos the request may show: named and allowed by the consent ledger, or owned by the requester. */
  consentedCameoIds: readonly string[];
  /** The cut-off; FACE_MATCH_MAX_DISTANCE unless a test or an evaluation passes another. */
  maxDistance?: number;
}

/** One face's outcome and the match that decided it (null when nothing matched). */
export interface FaceDecision {
  outcome: FaceCheckOutcome;
  match: NamedFaceMatch | null;
  /** One sentence for the requester and the reviewer. */
  reason: string;
}

/** The request's verdict at this stage, with each face's decision in the order given. */
export interface FaceCheckVerdict {
  verdict: 'allow' | 'review' | 'block';
  faces: FaceDecision[];
  /** One sentence per face that needs attention (block or review), without repeats. */
  reasons: string[];
  /** One sentence for the requester: the reasons joined, or that every face is fine. */
  summary: string;
}

/** "0.312 (at most 0.55 counts as a match)": a distance the way reasons and the review screen show it. */
export function describeFaceDistance(distance: number, maxDistance: number = FACE_MATCH_MAX_DISTANCE): string {
  return `distance ${distance.toFixed(3)}, at most ${maxDistance} counts as a match`;
}

function whereFound(stage: FaceCheckStage, framePosition: number | null): string {
  return stage === 'source_image' ? 'The source image' : `Frame ${(framePosition ?? 0) + 1} of the generated clip`;
}

const sameSubject = (a: FaceSubject, kind: FaceSubject['kind'], id?: string) => a.kind === kind && (id === undefined || a.id === id);

/** Decides one face; see the module comment for the order. */
export function decideFace(face: FaceToDecide, input: Omit<FaceCheckInput, 'faces'>): FaceDecision {
  const maxDistance = input.maxDistance ?? FACE_MATCH_MAX_DISTANCE;
  const where = whereFound(input.stage, face.framePosition);
  const close = [...face.matches].filter((match) => match.distance <= maxDistance).sort((a, b) => a.distance - b.distance);
  const protectedPerson = close.find((match) => sameSubject(match.subject, 'protected_person'));
  if (protectedPerson) {
    return {
      outcome: 'protected_person',
      match: protectedPerson,
      reason: `${where} shows a face matching ${protectedPerson.name}, who is in the protected-persons registry (${describeFaceDistance(protectedPerson.distance, maxDistance)}); their likeness is not generated.`,
    };
  }
  const consented = close.find((match) => sameSubject(match.subject, 'cameo') && input.consentedCameoIds.includes(match.subject.id));
  if (consented) {
    return {
      outcome: 'consented_cameo',
      match: consented,
      reason: `${where} shows the face of the cameo "${consented.name}", which this request has consent for (${describeFaceDistance(consented.distance, maxDistance)}).`,
    };
  }
  const cameo = close.find((match) => sameSubject(match.subject, 'cameo'));
  if (cameo) {
    const named = input.requestCameoIds.includes(cameo.subject.id);
    return {
      outcome: 'unconsented_cameo',
      match: cameo,
      reason: named
        ? `${where} shows the face of the cameo "${cameo.name}" and its owner has not allowed you to use it (${describeFaceDistance(cameo.distance, maxDistance)}).`
        : `${where} shows the face of the cameo "${cameo.name}", which this request does not name (${describeFaceDistance(cameo.distance, maxDistance)}); add the cameo to the request so its owner's consent is checked.`,
    };
  }
  if (face.photorealistic) {
    return {
      outcome: 'unmatched_photorealistic',
      match: null,
      reason: input.stage === 'source_image'
        ? `${where} shows a photorealistic face that matches no cameo this request has consent for; a photo of a real person can only be used through their verified cameo, with its owner's consent.`
        : `${where} shows a photorealistic face that matches no cameo this request has consent for, so a reviewer checks whose face it is.`,
    };
  }
  return { outcome: 'unmatched_not_photorealistic', match: null, reason: `${where} shows a drawn or cartoon face that matches no cameo.` };
}

/** What each outcome does to the request at each stage. */
function severityOf(outcome: FaceCheckOutcome, stage: FaceCheckStage): 'allow' | 'review' | 'block' {
  switch (outcome) {
    case 'protected_person':
    case 'unconsented_cameo':
      return 'block';
    case 'unmatched_photorealistic':
      return stage === 'source_image' ? 'block' : 'review';
    case 'consented_cameo':
    case 'unmatched_not_photorealistic':
      return 'allow';
  }
}

const RANK = { allow: 0, review: 1, block: 2 } as const;

/** Decides every face of one stage and the request's verdict (the strictest face's). */
export function decideFaceCheck(input: FaceCheckInput): FaceCheckVerdict {
  const faces = input.faces.map((face) => decideFace(face, input));
  let verdict: FaceCheckVerdict['verdict'] = 'allow';
  const reasons: string[] = [];
  for (const face of faces) {
    const severity = severityOf(face.outcome, input.stage);
    if (RANK[severity] > RANK[verdict]) verdict = severity;
    if (severity !== 'allow' && !reasons.includes(face.reason)) reasons.push(face.reason);
  }
  const where = input.stage === 'source_image' ? 'the source image' : 'the generated clip';
  const summary = reasons.length > 0
    ? reasons.join(' ')
    : faces.length === 0
      ? `No faces were found in ${where}.`
      : `Every face in ${where} is a cameo this request has consent for, or not a real person's.`;
  return { verdict, faces, reasons, summary };
}

/** One recorded source-image face, as faceCheckForCameo reads it (face_check_results rows). */
export interface RecordedFace {
  outcome: FaceCheckOutcome;
  matchedSubject: FaceSubject | null;
  distance: number | null;
}

/**
 * The consent decision's FaceCheck for one cameo named in a request, from the faces recorded for the
 * request's source image:
 * - 'not_run' when the source image was not checked (no source image, or older requests), or it has
 *   no face of a real person to compare (no face, or only drawn ones), unless one of them matched;
 * - 'match' when a face matched this cameo (the closest distance in the detail);
 * - 'mismatch' when the cameo is verified (it has enrolled face embeddings), no face matched it, and
 *   the source image shows a real person's face that is not another cameo the request has consent
 *   for (an unknown photorealistic face, a protected person, a cameo without consent): the request
 *   says it shows this cameo and the picture shows someone else. A picture of another consented
 *   cameo only is not a mismatch (this cameo is simply not in the picture), and an unverified cameo
 *   cannot mismatch: there is no face to compare with.
 * `recorded` is undefined when no check ran; an empty array means it ran and found no faces.
 */
export function faceCheckForCameo(
  cameo: { id: string; verified: boolean },
  recorded: readonly RecordedFace[] | undefined,
  maxDistance: number = FACE_MATCH_MAX_DISTANCE,
): FaceCheck {
  if (recorded === undefined) return { status: 'not_run' };
  const ofThisCameo = recorded
    .filter((face) => face.matchedSubject !== null && sameSubject(face.matchedSubject, 'cameo', cameo.id) && face.distance !== null)
    .sort((a, b) => (a.distance ?? 0) - (b.distance ?? 0));
  const best = ofThisCameo[0];
  if (best) return { status: 'match', detail: `the source image shows this cameo's face (${describeFaceDistance(best.distance ?? 0, maxDistance)}).` };
  const realFaces = recorded.filter((face) => face.outcome !== 'unmatched_not_photorealistic' && face.outcome !== 'consented_cameo');
  if (cameo.verified && realFaces.length > 0) {
    return {
      status: 'mismatch',
      detail: `the source image shows ${realFaces.length === 1 ? 'a face' : 'faces'} of someone else, not this cameo's verified face.`,
    };
  }
  return { status: 'not_run' };
}
