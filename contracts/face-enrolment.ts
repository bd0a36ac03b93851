/**
 * Verified cameos (issue 12): the faceEnrolment workflow analyses one face capture on the media task
 * queue and records whether it verifies the cameo; the biometricDeletion workflow deletes a deleted
 * cameo's face embeddings and capture files after the retention period, with a durable timer.
 *
 * Who writes what: the app writes the enrolment's row in state `pending` with its challenge marked
 * used, and stores the capture file (staff/worker-only media); the workflow's activities write the
 * outcome (state, progress, failure, the cameo's verified state, the embeddings). Only ids, counts,
 * states and sentences cross Temporal: never an embedding, never the capture's bytes.
 */
import type { EnrolmentFailureCode } from '../policies/faces/enrolment';

/** The workflow type names the app starts and the worker registers. */
export const FACE_ENROLMENT_WORKFLOW = 'faceEnrolment';
export const BIOMETRIC_DELETION_WORKFLOW = 'biometricDeletion';

/** Workflow id of one enrolment: one per enrolment id, so a repeated start is harmless. */
export function faceEnrolmentWorkflowId(enrolmentId: string): string {
  return `face-enrolment-${enrolmentId}`;
}

/** Workflow id of a deleted cameo's biometric deletion: one per cameo. */
export function biometricDeletionWorkflowId(cameoId: string): string {
  return `biometric-deletion-cameo-${cameoId}`;
}

/** Input of faceEnrolment: the face_enrolments row (state `pending`) to analyse. */
export interface FaceEnrolmentInput {
  enrolmentId: string;
}

/** What an enrolment decided. `failureCode` is null when verified. */
export interface FaceEnrolmentOutcome {
  state: 'verified' | 'failed';
  failureCode: EnrolmentFailureCode | null;
  framesAnalysed: number;
  /** Embeddings stored for the cameo (0 when failed). */
  embeddingsStored: number;
}

/** The activities of faceEnrolment. */
export interface FaceEnrolmentActivities {
  /**
   * Media task queue: samples the capture's frames, runs the face engine on each (heartbeating and
   * writing progress), decides (policies/faces/enrolment.ts), stores the embeddings encrypted and
   * marks the enrolment and the cameo; then deletes the capture file. Idempotent per enrolment:
   * a decided enrolment answers its recorded outcome (and deletes a capture file still there).
   */
  analyseEnrolmentCapture(input: FaceEnrolmentInput): Promise<FaceEnrolmentOutcome>;
  /** Pipeline task queue: tells the creator the outcome (once per enrolment). */
  notifyFaceEnrolment(input: FaceEnrolmentInput): Promise<void>;
  /**
   * Pipeline task queue: the analysis failed for good (retries spent, on Loupe's side): the
   * enrolment is marked failed with a sentence (`analysis_failed`) unless already decided, and its
   * capture file is deleted, so a broken analysis never leaves biometric data behind.
   */
  abandonFaceEnrolment(input: FaceEnrolmentInput): Promise<FaceEnrolmentOutcome>;
}

/** The longest retention a biometric deletion accepts: 30 days, as LOUPE_BIOMETRIC_RETENTION_DAYS allows. */
export const MAX_BIOMETRIC_RETENTION_SECONDS = 30 * 24 * 3600;
/** The retention when the input names none: the maximum, 30 days. */
export const DEFAULT_BIOMETRIC_RETENTION_SECONDS = MAX_BIOMETRIC_RETENTION_SECONDS;

/** Input of biometricDeletion. Workflow id = biometricDeletionWorkflowId(cameoId). */
export interface BiometricDeletionInput {
  cameoId: string;
  /** When the cameo was deleted (ISO 8601); the deletion is due `retentionSeconds` later. */
  requestedAt: string;
  /** LOUPE_BIOMETRIC_RETENTION_DAYS in seconds; tests pass a few seconds. At most MAX_BIOMETRIC_RETENTION_SECONDS. */
  retentionSeconds?: number;
}

/** What a biometric deletion deleted: counts only. */
export interface BiometricDeletionOutcome {
  embeddingsDeleted: number;
  capturesDeleted: number;
}

/** The activities of biometricDeletion (pipeline task queue). */
export interface BiometricDeletionActivities {
  /** Records the deletion as requested and when it is due (biometric_deletions); a second call changes nothing. */
  recordBiometricDeletion(input: { cameoId: string; requestedAt: string; dueAt: string }): Promise<void>;
  /**
   * Deletes the cameo's face embeddings and any capture files still stored, marks the deletion done
   * and writes the audit log row (actor: system) with the counts. A second call finds nothing more
   * to delete and answers the first call's counts.
   */
  deleteCameoBiometrics(input: { cameoId: string }): Promise<BiometricDeletionOutcome>;
}
