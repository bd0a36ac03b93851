/**
 * Provenance audit activities (media task queue): verify a stored published video and record each
 * signal in its own column, raise or resolve its alert in the provenance_alerts queue, walk the
 * catalogue in batches for reverifyCatalogue, and inspect uploads for /api/verify.
 *
 * Single writer: provenance_signals, provenance_audit_runs and review items of kind 'provenance'
 * are written here (and by embedProvenance) only.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit';
import { countVideoFingerprint, saveVideoFingerprint } from '../../db/queries/fingerprints';
import type { Database } from '../../db/schema';
import type { ActivityDeps } from '../deps';
import { fingerprintVideo } from '../fingerprint/video';
import type { ProvenanceAuditActivities, VideoVerification } from '../../contracts';
import type { ProvenanceReport } from '../../contracts/provenance-report';
import { MediaContainerError } from './container-error';
import { inspectFile, NothingToCheckError } from './inspect-file';
import { readProvenance } from './read-provenance';
import { declaredWatermark } from './report-mapping';
import { explainValidationCode } from '../../policies/provenance-status-codes';

export const PROVENANCE_ALERT_QUEUE = 'provenance_alerts';

/** Fingerprints a stored video and saves the hashes; idempotent. Returns the number of saved hashes. */
export async function registerFingerprint(db: Kysely<Database>, videoId: string, filePath: string): Promise<number> {
  const existing = await countVideoFingerprint(db, videoId);
  if (existing > 0) return existing;
  const fingerprint = await fingerprintVideo(filePath);
  await saveVideoFingerprint(
    db,
    videoId,
    fingerprint.frames.map((frame) => ({ frameIndex: frame.frameIndex, region: frame.region, hash: frame.hash, quality: frame.quality })),
  );
  return fingerprint.frames.length;
}

/** Writes the signals row of a video from a fresh report (insert or replace). */
export async function recordSignals(
  db: Kysely<Database>,
  videoId: string,
  report: ProvenanceReport | null,
  extra: { watermarkBurnedIn?: boolean; watermarkLabel?: string | null; fingerprintFrames: number; filePresent: boolean; error: string | null },
): Promise<void> {
  const values = {
    manifest_present: report?.manifestPresent ?? false,
    signature_valid: report?.manifestPresent ? report.validationState === 'Valid' || report.validationState === 'Trusted' : null,
    signer_trusted: report?.manifestPresent ? report.validationState === 'Trusted' : null,
    validation_state: report?.validationState ?? null,
    validation_codes: JSON.stringify(report?.validationCodes ?? []),
    signer_common_name: report?.signer?.commonName ?? null,
    watermark_declared: report?.manifestPresent ? declaredWatermark(report) !== null : null,
    fingerprint_registered: extra.fingerprintFrames > 0,
    fingerprint_frames: extra.fingerprintFrames,
    file_present: extra.filePresent,
    last_error: extra.error,
    last_verified_at: new Date(),
  };
  await db
    .insertInto('provenance_signals')
    .values({
      video_id: videoId,
      ...values,
      watermark_burned_in: extra.watermarkBurnedIn ?? false,
      watermark_label: extra.watermarkLabel ?? null,
    })
    .onConflict((oc) =>
      oc.column('video_id').doUpdateSet({
        ...values,
        // What the pipeline recorded at burn-in is kept; re-verification cannot un-burn a label.
        ...(extra.watermarkBurnedIn !== undefined ? { watermark_burned_in: extra.watermarkBurnedIn, watermark_label: extra.watermarkLabel ?? null } : {}),
      }),
    )
    .execute();
}

/** Why a verified file is failing, in sentences; empty when it passes. */
function problemsOf(report: ProvenanceReport | null, filePresent: boolean, fingerprintFrames: number, error: string | null): string[] {
  if (!filePresent) return ['The stored file is missing from media storage.'];
  if (!report) return [`The stored file could not be read: ${error ?? 'unknown error'}.`];
  const problems: string[] = [];
  if (!report.manifestPresent) problems.push('The stored file has lost its C2PA manifest (Content Credentials).');
  else if (report.validationState === 'Invalid') {
    const failures = report.validationCodes.filter((code) => code.kind === 'failure').map((code) => `${code.code}: ${explainValidationCode(code.code, 'failure')}`);
    problems.push(`The stored file no longer verifies. ${failures.join(' ')}`.trim());
  } else if (report.validationState !== 'Trusted') {
    problems.push('The signature is intact but its signer is no longer trusted: it chains to none of the configured trust anchors.');
  }
  if (fingerprintFrames === 0) problems.push('No fingerprint is registered for this video, so stripped copies of it cannot be recognised.');
  return problems;
}

export function provenanceAuditActivities({ db, media, signing }: ActivityDeps): ProvenanceAuditActivities {
  async function verifyStoredVideo(input: { videoId: string; trigger: 'schedule' | 'staff' | 'pipeline'; requestedBy?: string }): Promise<VideoVerification> {
    const video = await db
      .selectFrom('videos')
      .select(['id', 'request_id', 'storage_key', 'status'])
      .where('id', '=', input.videoId)
      .executeTakeFirst();
    if (!video) throw new Error(`There is no video ${input.videoId} to verify.`);

    let report: ProvenanceReport | null = null;
    let error: string | null = null;
    // A row whose key the media store refuses (written by hand or by an import) is a video whose file
    // cannot be found: an alert for that video, not a failure that stops the whole catalogue run.
    const filePresent = await media.exists(video.storage_key).catch((caught: unknown) => {
      error = `The stored media key is not one the media store accepts (${(caught as Error).message}).`;
      return false;
    });
    let fingerprintFrames = await countVideoFingerprint(db, video.id);
    if (filePresent) {
      const filePath = await media.localPath(video.storage_key);
      try {
        report = await readProvenance(filePath, signing.trustAnchorsPem);
      } catch (caught) {
        error = (caught as Error).message;
      }
      if (fingerprintFrames === 0) {
        // A video published before fingerprints existed (or whose registration failed) gets one now.
        fingerprintFrames = await registerFingerprint(db, video.id, filePath).catch(() => 0);
      }
    }
    const hasSignals = await db.selectFrom('provenance_signals').select('video_id').where('video_id', '=', video.id).executeTakeFirst();
    // A video published before signals were recorded: the label the pipeline declared in the
    // signed manifest at burn-in is the only record of the watermark there is.
    const declared = !hasSignals && report?.manifestPresent ? declaredWatermark(report) : null;
    await recordSignals(db, video.id, report, {
      fingerprintFrames,
      filePresent,
      error,
      ...(hasSignals ? {} : { watermarkBurnedIn: declared !== null, watermarkLabel: declared }),
    });
    const problems = problemsOf(report, filePresent, fingerprintFrames, error);
    const alert = await syncAlert(db, video.request_id, video.id, problems, input.trigger);
    return { videoId: video.id, passing: problems.length === 0, validationState: report?.validationState ?? null, problems, alert };
  }

  return {
    verifyStoredVideo,

    async reverifyBatch({ runId, afterVideoId, limit }) {
      if (afterVideoId === null) {
        const total = await db.selectFrom('videos').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
        await db
          .insertInto('provenance_audit_runs')
          .values({ run_id: runId, total: Number(total.n) })
          .onConflict((oc) => oc.column('run_id').doNothing())
          .execute();
      }
      let query = db.selectFrom('videos').select('id').where('status', '=', 'published').orderBy('id').limit(limit);
      if (afterVideoId) query = query.where('id', '>', afterVideoId);
      const batch = await query.execute();
      let failing = 0;
      let alertsRaised = 0;
      for (const [i, { id }] of batch.entries()) {
        Context.current().heartbeat({ afterVideoId, done: i });
        const result = await verifyStoredVideo({ videoId: id, trigger: 'schedule' });
        if (!result.passing) failing++;
        if (result.alert === 'raised') alertsRaised++;
      }
      const lastVideoId = batch.length > 0 ? batch[batch.length - 1]!.id : afterVideoId;
      const run = await db
        .updateTable('provenance_audit_runs')
        .set((eb) => ({
          verified: eb('verified', '+', batch.length),
          failing: eb('failing', '+', failing),
          alerts_raised: eb('alerts_raised', '+', alertsRaised),
          cursor_video_id: lastVideoId,
          updated_at: new Date(),
        }))
        .where('run_id', '=', runId)
        .returning('total')
        .executeTakeFirst();
      return { processed: batch.length, failing, alertsRaised, lastVideoId, done: batch.length < limit, total: run?.total ?? 0 };
    },

    async finishAuditRun({ runId }) {
      await db.updateTable('provenance_audit_runs').set({ finished_at: new Date(), updated_at: new Date() }).where('run_id', '=', runId).where('finished_at', 'is', null).execute();
    },

    async inspectUpload(input) {
      if ('videoId' in input) {
        const video = await db.selectFrom('videos').select('storage_key').where('id', '=', input.videoId).executeTakeFirst();
        if (!video) throw ApplicationFailure.nonRetryable(`There is no video ${input.videoId}.`, 'NotFound');
        return inspectFile(db, await media.localPath(video.storage_key), signing.trustAnchorsPem);
      }
      const { storageKey } = input;
      if (!storageKey.startsWith('uploads/')) throw ApplicationFailure.nonRetryable('Only files under uploads/ can be inspected.', 'InvalidRequest');
      const filePath = await media.localPath(storageKey);
      try {
        return await inspectFile(db, filePath, signing.trustAnchorsPem);
      } catch (error) {
        // Refusals carry Loupe's own sentence only: a tool's or library's output never reaches the visitor.
        if (error instanceof MediaContainerError) {
          throw ApplicationFailure.nonRetryable(error.message, error.problem === 'unsupported' ? 'UnsupportedMedia' : 'MalformedMedia');
        }
        if (error instanceof NothingToCheckError) throw ApplicationFailure.nonRetryable(error.message, 'MalformedMedia');
        throw error;
      } finally {
        // The upload is the visitor's file, kept only as long as it takes to check it.
        await fs.rm(filePath, { force: true });
      }
    },
  };
}

/**
 * Opens, updates or resolves the video's alert in the provenance_alerts queue (one item per
 * video, keyed like every review item by request and kind).
 */
async function syncAlert(
  db: Kysely<Database>,
  requestId: string,
  videoId: string,
  problems: string[],
  trigger: string,
): Promise<VideoVerification['alert']> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('review_items')
      .select(['id', 'state', 'version'])
      .where('request_id', '=', requestId)
      .where('kind', '=', 'provenance')
      .forUpdate()
      .executeTakeFirst();
    if (problems.length === 0) {
      if (!existing || existing.state !== 'open') return 'none';
      await trx
        .updateTable('review_items')
        .set({ state: 'cancelled', version: existing.version + 1, decision_reason: 'Re-verification passed: every provenance signal holds again.', decided_at: new Date() })
        .where('id', '=', existing.id)
        .execute();
      await appendAudit(trx, { actorStaffId: null, actorLabel: `system (provenance ${trigger})`, action: 'provenance.alert_resolved', subjectType: 'video', subjectId: videoId, before: { itemId: existing.id } });
      return 'resolved';
    }
    const queue = await trx.selectFrom('review_queues').select('sla_seconds').where('id', '=', PROVENANCE_ALERT_QUEUE).executeTakeFirstOrThrow();
    if (existing?.state === 'open') {
      await trx.updateTable('review_items').set({ flag_reasons: JSON.stringify(problems) }).where('id', '=', existing.id).execute();
      return 'still_open';
    }
    if (existing) {
      await trx
        .updateTable('review_items')
        .set({
          state: 'open',
          version: existing.version + 1,
          flag_reasons: JSON.stringify(problems),
          decision_reason: null,
          decision_note: null,
          decided_by: null,
          decided_at: null,
          due_at: sql<Date>`now() + make_interval(secs => ${queue.sla_seconds})`,
        })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('review_items')
        .values({
          id: randomUUID(),
          request_id: requestId,
          kind: 'provenance',
          queue_id: PROVENANCE_ALERT_QUEUE,
          state: 'open',
          flag_reasons: JSON.stringify(problems),
          due_at: sql<Date>`now() + make_interval(secs => ${queue.sla_seconds})`,
        })
        .execute();
    }
    await appendAudit(trx, { actorStaffId: null, actorLabel: `system (provenance ${trigger})`, action: 'provenance.alert_raised', subjectType: 'video', subjectId: videoId, after: { problems } });
    return 'raised';
  });
}
