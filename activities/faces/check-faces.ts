/**
 * Faces in what goes in and comes out (issue 12), on the media task queue:
 * - checkSourceImageFaces: the faces in an image-to-video request's source image;
 * - checkKeyframeFaces: the faces in frames of the request's signed draft video, sampled at the
 *   keyframe strip's instants (activities/keyframes.ts) at up to FACE_FRAME_WIDTH px wide, so
 *   "frame 3" on the review screen is frame 3 of the strip; the strip's own 180 px JPEGs are too
 *   small for the face model.
 *
 * Each face is found by the face engine, looked up in the face gallery (enrolled cameos and
 * protected persons' reference faces, activities/faces/face-gallery.ts), and decided by
 * policies/faces/checks.ts with the request's consent: cameos named in it that the consent ledger
 * allowed (consent_checks) and cameos the requester owns. Whether an image is photorealistic is
 * nsfwjs's Drawing + Hentai probability on the whole image, squashed to 224×224, compared with
 * PHOTOREALISTIC_MAX_DRAWING. A clip frame's face also counts as a consented cameo when it is within
 * the cut-off of a source-image face that check accepted as that cameo (the clip is made from it).
 *
 * Every face is recorded in face_check_results (idempotent per request, stage, frame and face). The
 * keyframe faces' embeddings are stored, encrypted, under the video (subject 'video'), so a later
 * likeness complaint can find the videos showing the complainant; only on the run that first
 * recorded the faces, in the same transaction, so a retry stores nothing twice. Results carry
 * names, ids and distances; no embedding leaves this file except into the encrypted store.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { FaceCheckReport, MediaActivities } from '../../contracts';
import { storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { faceCheckResultsOfRequest, recordFaceCheckResults, type NewFaceCheckResult } from '../../db/queries/face-checks';
import { sourceImageOfRequest } from '../../db/queries/source-images';
import type { Database } from '../../db/schema';
import {
  cosineDistance, decideFaceCheck, FACE_MATCH_MAX_DISTANCE, PHOTOREALISTIC_MAX_DRAWING,
  type FaceCheckStage, type FaceMatch, type FaceObservation, type NamedFaceMatch,
} from '../../policies/faces';
import { classifyRgbFrame, NSFW_INPUT_SIZE } from '../classifiers/nsfw';
import { sampleRgbFrames } from '../classifiers/frames';
import type { ActivityDeps } from '../deps';
import { withHeartbeat } from '../heartbeat';
import { KEYFRAME_COUNT } from '../keyframes';
import { decodeImageFile } from './capture-frames';
import { UndecodableImageError } from './decode-image';
import { detectFaces, FACE_MODEL_LABEL, type RgbImage } from './engine';
import { lookupFaces } from './face-gallery';

/** Pixels: the width at which clip frames are decoded for the face engine (the clip's own, if smaller). */
export const FACE_FRAME_WIDTH = 360;
/**
 * Nearest stored subjects looked up per face: enough for the consented cameo or a protected person
 * to be among them when several enrolled subjects look alike (the decision reads every one within
 * the cut-off, not only the nearest).
 */
const MATCHES_PER_FACE = 10;

/** One analysed image: its faces and whether it counts as photorealistic. */
interface AnalysedImage {
  framePosition: number | null;
  faces: FaceObservation[];
  photorealistic: boolean;
}

/** nsfwjs's Drawing + Hentai probability of the whole image, squashed to the model's square input. */
async function drawingProbability(image: RgbImage): Promise<number> {
  const square = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(NSFW_INPUT_SIZE, NSFW_INPUT_SIZE, { fit: 'fill' })
    .raw()
    .toBuffer();
  const scores = await classifyRgbFrame(new Uint8Array(square.buffer, square.byteOffset, square.length));
  return scores.Drawing + scores.Hentai;
}

async function analyse(image: RgbImage, framePosition: number | null): Promise<AnalysedImage> {
  const faces = await detectFaces(image);
  // The classifier only matters when there is a face to judge.
  const photorealistic = faces.length > 0 ? (await drawingProbability(image)) < PHOTOREALISTIC_MAX_DRAWING : false;
  return { framePosition, faces, photorealistic };
}

/** Display names of the matched subjects, and which matched cameos the requester owns. */
async function namesOf(db: Kysely<Database>, matches: readonly FaceMatch[], requesterId: string) {
  const cameoIds = [...new Set(matches.filter((m) => m.subject.kind === 'cameo').map((m) => m.subject.id))];
  const personIds = [...new Set(matches.filter((m) => m.subject.kind === 'protected_person').map((m) => m.subject.id))];
  const names = new Map<string, string>();
  const owned = new Set<string>();
  if (cameoIds.length > 0) {
    for (const cameo of await db.selectFrom('cameos').select(['id', 'display_name', 'owner_id']).where('id', 'in', cameoIds).execute()) {
      names.set(`cameo:${cameo.id}`, cameo.display_name);
      if (cameo.owner_id === requesterId) owned.add(cameo.id);
    }
  }
  if (personIds.length > 0) {
    for (const person of await db.selectFrom('public_figures').select(['id', 'name']).where('id', 'in', personIds).execute()) {
      names.set(`protected_person:${person.id}`, person.name);
    }
  }
  return { names, owned };
}

/** The request's consent as the face decision needs it: cameos named, and those allowed. */
async function consentOf(db: Kysely<Database>, requestId: string) {
  const request = await db.selectFrom('generation_requests').select(['creator_id']).where('id', '=', requestId).executeTakeFirst();
  if (!request) throw ApplicationFailure.nonRetryable(`No request ${requestId}.`, 'NotFound');
  const named = await db
    .selectFrom('request_cameos')
    .leftJoin('consent_checks', (join) => join.onRef('consent_checks.request_id', '=', 'request_cameos.request_id').onRef('consent_checks.cameo_id', '=', 'request_cameos.cameo_id'))
    .select(['request_cameos.cameo_id', 'consent_checks.allowed'])
    .where('request_cameos.request_id', '=', requestId)
    .execute();
  return {
    requesterId: request.creator_id,
    requestCameoIds: named.map((row) => row.cameo_id),
    allowedCameoIds: named.filter((row) => row.allowed === true).map((row) => row.cameo_id),
  };
}

/** A face of the request's source image that the source-image check accepted as a consented cameo. */
interface ConsentedSourceFace {
  embedding: Float32Array;
  cameo: { id: string; name: string };
}

/**
 * A clip frame's face compared with the source image's consented faces: an image-to-video clip is
 * made from that photo, and the generator's zoom and lights move a face's embedding away from the
 * cameo's enrolment more than from the photo it was rendered from. A frame face within the cut-off
 * of a consented source face is that cameo (the distance recorded is the one to the source face).
 */
function sourceFaceMatches(embedding: Float32Array, sourceFaces: readonly ConsentedSourceFace[]): NamedFaceMatch[] {
  return sourceFaces.map((source) => ({ subject: { kind: 'cameo', id: source.cameo.id }, name: source.cameo.name, distance: cosineDistance(embedding, source.embedding) }));
}

/**
 * The source image's faces that its check recorded as consented cameos, found again in the image
 * (by face index, the engine's order being deterministic); none for text-to-video.
 */
async function consentedSourceFacesOf(deps: Pick<ActivityDeps, 'db' | 'media'>, requestId: string): Promise<ConsentedSourceFace[]> {
  const recorded = (await faceCheckResultsOfRequest(deps.db, requestId, 'source_image'))
    .filter((row) => row.outcome === 'consented_cameo' && row.matched_subject_id !== null);
  if (recorded.length === 0) return [];
  const source = await sourceImageOfRequest(deps.db, requestId);
  if (!source) return [];
  const faces = await detectFaces(await decodeImageFile(await deps.media.localPath(source.storage_key)));
  return recorded.flatMap((row) => {
    const face = faces[row.face_index];
    return face ? [{ embedding: face.embedding, cameo: { id: row.matched_subject_id!, name: row.matched_name ?? '' } }] : [];
  });
}

/**
 * Looks up, decides and records the faces of the analysed images; for keyframes also stores their
 * embeddings under `videoId`. Returns the report the workflow reads.
 */
async function decideAndRecord(
  deps: Pick<ActivityDeps, 'db' | 'biometricKey'>,
  requestId: string,
  stage: FaceCheckStage,
  images: readonly AnalysedImage[],
  videoId: string | null,
  consentedSourceFaces: readonly ConsentedSourceFace[] = [],
): Promise<FaceCheckReport> {
  const { db } = deps;
  const consent = await consentOf(db, requestId);
  const looked: { image: AnalysedImage; face: FaceObservation; faceIndex: number; matches: FaceMatch[] }[] = [];
  for (const image of images) {
    for (const [faceIndex, face] of image.faces.entries()) {
      looked.push({ image, face, faceIndex, matches: await lookupFaces(deps, face.embedding, MATCHES_PER_FACE) });
    }
  }
  const { names, owned } = await namesOf(db, looked.flatMap((entry) => entry.matches), consent.requesterId);
  const named = (match: FaceMatch): NamedFaceMatch[] => {
    const name = names.get(`${match.subject.kind}:${match.subject.id}`);
    // A subject deleted between the lookup and now has no name: it no longer counts.
    return name === undefined ? [] : [{ ...match, name }];
  };
  const verdict = decideFaceCheck({
    stage,
    faces: looked.map((entry) => ({
      matches: [...entry.matches.flatMap(named), ...sourceFaceMatches(entry.face.embedding, consentedSourceFaces)],
      photorealistic: entry.image.photorealistic,
      framePosition: entry.image.framePosition,
    })),
    requestCameoIds: consent.requestCameoIds,
    consentedCameoIds: [...new Set([...consent.allowedCameoIds, ...owned])],
  });

  const rows: NewFaceCheckResult[] = looked.map((entry, index) => {
    const decision = verdict.faces[index]!;
    const nearest = [...entry.matches].sort((a, b) => a.distance - b.distance)[0];
    const { x, y, width, height } = entry.face.box;
    return {
      requestId,
      stage,
      framePosition: entry.image.framePosition,
      faceIndex: entry.faceIndex,
      box: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
      photorealistic: entry.image.photorealistic,
      outcome: decision.outcome,
      matched: decision.match ? { kind: decision.match.subject.kind, id: decision.match.subject.id, name: decision.match.name } : null,
      // Unmatched faces keep the nearest distance, so a reviewer sees how far the closest stored face was.
      distance: decision.match?.distance ?? nearest?.distance ?? null,
      threshold: FACE_MATCH_MAX_DISTANCE,
      modelLabel: FACE_MODEL_LABEL,
    };
  });
  await db.transaction().execute(async (trx) => {
    const fresh = await recordFaceCheckResults(trx, rows);
    if (fresh > 0 && videoId !== null && looked.length > 0) {
      await storeFaceEmbeddings(trx, deps.biometricKey, looked.map((entry) => ({
        subject: { kind: 'video', id: videoId },
        source: 'keyframe',
        sourceId: `${requestId}:${entry.image.framePosition ?? 0}:${entry.faceIndex}`,
        embedding: entry.face.embedding,
        modelLabel: FACE_MODEL_LABEL,
      })));
    }
  });
  return { verdict: verdict.verdict, reasons: verdict.reasons, summary: verdict.summary, faces: looked.length };
}

/** The activities; `deps.biometricKey` seals the keyframe embeddings. */
export function faceCheckActivities(deps: ActivityDeps): Pick<MediaActivities, 'checkSourceImageFaces' | 'checkKeyframeFaces'> {
  const { db, media, workDir } = deps;
  return {
    async checkSourceImageFaces({ requestId }) {
      const source = await sourceImageOfRequest(db, requestId);
      if (!source) return { verdict: 'allow', reasons: [], summary: 'The request has no source image.', faces: 0 };
      return withHeartbeat(async () => {
        let image: RgbImage;
        try {
          image = await decodeImageFile(await media.localPath(source.storage_key));
        } catch (error) {
          // The upload check accepted it, so this is a damaged store: nothing a retry mends.
          if (error instanceof UndecodableImageError) throw ApplicationFailure.nonRetryable(`The source image of request ${requestId} cannot be decoded for the face check.`, 'UnsupportedMedia');
          throw error;
        }
        return decideAndRecord(deps, requestId, 'source_image', [await analyse(image, null)], null);
      });
    },

    async checkKeyframeFaces({ requestId }) {
      const video = await db
        .selectFrom('videos')
        .select(['id', 'storage_key', 'duration_seconds', 'width', 'height'])
        .where('request_id', '=', requestId)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!video) throw ApplicationFailure.nonRetryable(`Request ${requestId} has no signed video to check for faces.`, 'NotFound');
      return withHeartbeat(async () => {
        const scratchDir = path.join(workDir, requestId);
        await mkdir(scratchDir, { recursive: true });
        const width = Math.min(FACE_FRAME_WIDTH, video.width) & ~1;
        const height = Math.max(2, Math.round((video.height * width) / video.width) & ~1);
        const frames = await sampleRgbFrames(await media.localPath(video.storage_key), video.duration_seconds, {
          count: KEYFRAME_COUNT, size: width, height, scratchDir,
        });
        const images: AnalysedImage[] = [];
        for (const frame of frames) images.push(await analyse({ data: frame.rgb, width: frame.width, height: frame.height }, frame.position));
        return decideAndRecord(deps, requestId, 'keyframe', images, video.id, await consentedSourceFacesOf(deps, requestId));
      });
    },
  };
}
