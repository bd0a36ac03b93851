/**
 * Face check results (migration 017): every face found in a request's source image or sampled clip
 * frames, with what it matched and what that meant. Written by the clip pipeline's face-check
 * activities only (activities/faces/check-faces.ts); read by the consent decision (the FaceCheck
 * slot), the review screen's "Faces" panel and the request's status.
 *
 * Invariant: one row per (request, stage, frame, face). `recordFaceCheckResults` inserts with ON
 * CONFLICT DO NOTHING and returns how many rows were new, so a retried activity writes nothing twice
 * and knows whether it is the first run (the keyframe embeddings are stored only then).
 */
import type { Kysely, Selectable } from 'kysely';
import type { FaceCheckOutcome, FaceCheckStage } from '../../policies/faces';
import type { Database, FaceCheckResultsTable } from '../schema';

/** One face's result to record. Distances are cosine distances (0..2); `threshold` is the cut-off used. */
export interface NewFaceCheckResult {
  requestId: string;
  stage: FaceCheckStage;
  framePosition: number | null;
  faceIndex: number;
  box: { x: number; y: number; width: number; height: number };
  photorealistic: boolean;
  outcome: FaceCheckOutcome;
  matched: { kind: 'cameo' | 'protected_person'; id: string; name: string } | null;
  distance: number | null;
  threshold: number;
  modelLabel: string;
}

/** Records the results; returns how many rows were new (0 when a previous run recorded them). */
export async function recordFaceCheckResults(db: Kysely<Database>, rows: readonly NewFaceCheckResult[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('face_check_results')
    .values(rows.map((row) => ({
      request_id: row.requestId,
      stage: row.stage,
      frame_position: row.framePosition,
      face_index: row.faceIndex,
      box: JSON.stringify(row.box),
      photorealistic: row.photorealistic,
      outcome: row.outcome,
      matched_subject_kind: row.matched?.kind ?? null,
      matched_subject_id: row.matched?.id ?? null,
      matched_name: row.matched?.name ?? null,
      distance: row.distance,
      threshold: row.threshold,
      model_label: row.modelLabel,
    })))
    .onConflict((oc) => oc.columns(['request_id', 'stage', 'frame_position', 'face_index']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** A recorded face, as the consent decision and the review screen read it. */
export type FaceCheckResult = Omit<Selectable<FaceCheckResultsTable>, 'id'>;

/** The request's recorded faces, source image first ('source_image' sorts after 'keyframe'), then by frame and face; one stage only when given. */
export async function faceCheckResultsOfRequest(db: Kysely<Database>, requestId: string, stage?: FaceCheckStage): Promise<FaceCheckResult[]> {
  let query = db
    .selectFrom('face_check_results')
    .select([
      'request_id', 'stage', 'frame_position', 'face_index', 'box', 'photorealistic', 'outcome', 'matched_subject_kind', 'matched_subject_id',
      'matched_name', 'distance', 'threshold', 'model_label', 'created_at',
    ])
    .where('request_id', '=', requestId);
  if (stage !== undefined) query = query.where('stage', '=', stage);
  return query.orderBy('stage', 'desc').orderBy('frame_position', 'asc').orderBy('face_index', 'asc').execute();
}

