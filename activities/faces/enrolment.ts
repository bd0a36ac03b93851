/**
 * The activities of faceEnrolment (contracts/face-enrolment.ts).
 *
 * analyseEnrolmentCapture (media task queue): the capture is read from the media store, its frames
 * sampled (activities/faces/capture-frames.ts) and run through the face engine one by one, with a
 * heartbeat and the enrolment's progress written after each frame; policies/faces/enrolment.ts
 * decides. In one transaction, with the enrolment's row locked: a success stores the chosen
 * embeddings encrypted (subject cameo, source 'enrolment', source_id = the enrolment id), replaces
 * the cameo's earlier enrolment embeddings and marks the cameo verified; a failure records its code
 * and sentence. A success is written to the audit log (actor system, counts only). Then the capture file is deleted from the media store and its key cleared: the
 * capture shows the creator's face and is biometric data too.
 *
 * Idempotent per enrolment: a decided enrolment answers its recorded outcome (and deletes the
 * capture if a crash left it). A cameo deleted while the capture was analysed stores nothing.
 * Embeddings stay in this process's memory until sealed; only counts and codes are returned.
 *
 * notifyFaceEnrolment (pipeline task queue): the creator's notification, once per enrolment.
 * abandonFaceEnrolment (pipeline task queue): an analysis that failed for good is marked failed
 * (`analysis_failed`) and its capture deleted.
 */
import { mkdir } from 'node:fs/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { storeFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import { appendAudit } from '../../db/queries/audit';
import {
  clearEnrolmentCapture, ENROLMENT_SOURCE, getFaceEnrolment, markCameoVerified, markEnrolmentAnalysing, recordEnrolmentOutcome,
  saveEnrolmentProgress,
} from '../../db/queries/face-enrolments';
import { sendNotification } from '../../db/queries/notifications';
import { analysisFailedFailure, cameoDeletedFailure, decideEnrolment, unreadableCaptureFailure, type EnrolmentDecision } from '../../policies/faces/enrolment';
import type { FaceObservation } from '../../policies/faces';
import type { FaceEnrolmentActivities, FaceEnrolmentOutcome } from '../../contracts';
import type { ActivityDeps } from '../deps';
import { UnreadableMediaError } from '../media/probe';
import { sampleCaptureFrames } from './capture-frames';
import { detectFaces, FACE_MODEL_LABEL } from './engine';

type EnrolmentRow = NonNullable<Awaited<ReturnType<typeof getFaceEnrolment>>>;

function recordedOutcome(row: EnrolmentRow, embeddingsStored = 0): FaceEnrolmentOutcome {
  return {
    state: row.state === 'verified' ? 'verified' : 'failed',
    failureCode: (row.failure_code as FaceEnrolmentOutcome['failureCode']) ?? null,
    framesAnalysed: row.frames_analysed,
    embeddingsStored,
  };
}

/** analyseEnrolmentCapture, for the media task queue's worker, bound to its dependencies. */
export function faceEnrolmentAnalysisActivities(deps: ActivityDeps): Pick<FaceEnrolmentActivities, 'analyseEnrolmentCapture'> {
  const { analyseEnrolmentCapture } = faceEnrolmentActivities(deps);
  return { analyseEnrolmentCapture };
}

/** notifyFaceEnrolment and abandonFaceEnrolment, for the pipeline task queue's worker, bound to its dependencies. */
export function faceEnrolmentNoticeActivities(deps: ActivityDeps): Pick<FaceEnrolmentActivities, 'notifyFaceEnrolment' | 'abandonFaceEnrolment'> {
  const { notifyFaceEnrolment, abandonFaceEnrolment } = faceEnrolmentActivities(deps);
  return { notifyFaceEnrolment, abandonFaceEnrolment };
}

function faceEnrolmentActivities({ db, media, biometricKey, workDir }: ActivityDeps): FaceEnrolmentActivities {
  /** Deletes the enrolment's capture file, if still stored, and forgets its key. */
  async function discardCapture(enrolmentId: string, key: string | null): Promise<void> {
    if (key === null) return;
    await media.remove(key);
    await clearEnrolmentCapture(db, enrolmentId);
  }

  return {
    async analyseEnrolmentCapture({ enrolmentId }) {
      const enrolment = await getFaceEnrolment(db, enrolmentId);
      if (!enrolment) throw ApplicationFailure.nonRetryable(`Unknown face enrolment ${enrolmentId}.`, 'NotFound');
      if (enrolment.state === 'verified' || enrolment.state === 'failed') {
        await discardCapture(enrolmentId, enrolment.capture_storage_key);
        return recordedOutcome(enrolment);
      }

      let decision: EnrolmentDecision;
      let framesAnalysed = 0;
      const key = enrolment.capture_storage_key;
      if (enrolment.cameo_deleted_at !== null) {
        decision = cameoDeletedFailure();
      } else if (key === null || !(await media.exists(key))) {
        throw ApplicationFailure.nonRetryable(`The capture of face enrolment ${enrolmentId} is missing from the media store.`, 'NotFound');
      } else {
        await markEnrolmentAnalysing(db, enrolmentId, FACE_MODEL_LABEL);
        await mkdir(workDir, { recursive: true });
        const context = Context.current();
        context.heartbeat();
        let frames;
        try {
          frames = await sampleCaptureFrames(await media.localPath(key), { signal: context.cancellationSignal, workDir });
        } catch (error) {
          // Not a video, damaged, no frames: the creator's to fix. Anything else (ffmpeg missing) retries.
          if (!(error instanceof UnreadableMediaError)) throw error;
          frames = null;
        }
        if (frames === null || frames.length === 0) {
          decision = unreadableCaptureFailure();
        } else {
          const observations: FaceObservation[][] = [];
          for (const frame of frames) {
            observations.push(await detectFaces(frame));
            framesAnalysed += 1;
            context.heartbeat();
            // The last few percent are the decision and the commit.
            await saveEnrolmentProgress(db, enrolmentId, (framesAnalysed / frames.length) * 95, framesAnalysed);
          }
          decision = decideEnrolment(observations, { kind: enrolment.challenge_kind });
        }
      }

      const outcome = await db.transaction().execute(async (trx): Promise<FaceEnrolmentOutcome> => {
        const locked = await getFaceEnrolment(trx, enrolmentId, { lock: true });
        if (!locked) throw ApplicationFailure.nonRetryable(`Unknown face enrolment ${enrolmentId}.`, 'NotFound');
        // Decided while the engine ran (a second attempt finished first): that decision stands.
        if (locked.state === 'verified' || locked.state === 'failed') return recordedOutcome(locked);
        if (decision.ok && locked.cameo_deleted_at !== null) {
          decision = cameoDeletedFailure();
        }
        if (!decision.ok) {
          await recordEnrolmentOutcome(trx, enrolmentId, { state: 'failed', framesAnalysed, code: decision.code, message: decision.message });
          return { state: 'failed', failureCode: decision.code, framesAnalysed, embeddingsStored: 0 };
        }
        const stored = await storeFaceEmbeddings(trx, biometricKey, decision.embeddings.map((embedding) => ({
          subject: { kind: 'cameo' as const, id: locked.cameo_id },
          source: ENROLMENT_SOURCE,
          sourceId: enrolmentId,
          embedding,
          modelLabel: FACE_MODEL_LABEL,
        })));
        const replaced = await markCameoVerified(trx, locked.cameo_id, enrolmentId);
        await recordEnrolmentOutcome(trx, enrolmentId, { state: 'verified', framesAnalysed });
        // Biometric data collected is on the record, as its deletion will be (counts only).
        await appendAudit(trx, {
          actorStaffId: null, actorLabel: 'system', action: 'biometrics.enrolled', subjectType: 'cameo', subjectId: locked.cameo_id,
          after: { enrolmentId, embeddingsStored: stored.length, embeddingsReplaced: replaced, modelLabel: FACE_MODEL_LABEL },
        });
        return { state: 'verified', failureCode: null, framesAnalysed, embeddingsStored: stored.length };
      });
      await discardCapture(enrolmentId, key);
      return outcome;
    },

    async abandonFaceEnrolment({ enrolmentId }) {
      const outcome = await db.transaction().execute(async (trx): Promise<FaceEnrolmentOutcome | null> => {
        const locked = await getFaceEnrolment(trx, enrolmentId, { lock: true });
        if (!locked) return null;
        if (locked.state === 'verified' || locked.state === 'failed') return recordedOutcome(locked);
        const failure = analysisFailedFailure();
        await recordEnrolmentOutcome(trx, enrolmentId, { state: 'failed', framesAnalysed: locked.frames_analysed, code: failure.code, message: failure.message });
        return { state: 'failed', failureCode: failure.code, framesAnalysed: locked.frames_analysed, embeddingsStored: 0 };
      });
      const row = await getFaceEnrolment(db, enrolmentId);
      if (!row || !outcome) throw ApplicationFailure.nonRetryable(`Unknown face enrolment ${enrolmentId}.`, 'NotFound');
      await discardCapture(enrolmentId, row.capture_storage_key);
      return outcome;
    },

    async notifyFaceEnrolment({ enrolmentId }) {
      const enrolment = await getFaceEnrolment(db, enrolmentId);
      if (!enrolment) throw ApplicationFailure.nonRetryable(`Unknown face enrolment ${enrolmentId}.`, 'NotFound');
      if (enrolment.state !== 'verified' && enrolment.state !== 'failed') return;
      const cameo = await db.selectFrom('cameos').select('display_name').where('id', '=', enrolment.cameo_id).executeTakeFirstOrThrow();
      await sendNotification(db, enrolment.state === 'verified'
        ? {
          recipientId: enrolment.creator_id, kind: 'cameo_verified', requestId: null, dedupeKey: `face-enrolment-${enrolmentId}`,
          body: `Your cameo "${cameo.display_name}" is verified: the face capture showed you, live.`,
        }
        : {
          recipientId: enrolment.creator_id, kind: 'cameo_verification_failed', requestId: null, dedupeKey: `face-enrolment-${enrolmentId}`,
          body: `Your cameo "${cameo.display_name}" was not verified. ${enrolment.failure_message ?? ''}`.trim(),
        });
    },
  };
}
