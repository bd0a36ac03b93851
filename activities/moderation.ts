/**
 * moderateClip: checks the rendered file is what was asked for, scores sampled frames with the
 * visual classifier (activities/classifiers/nsfw.ts; scores stored per frame in
 * clip_classifier_scores), then routes the clip (auto-publish or human review) with
 * policies/review. There is no audio classifier yet: sound is not judged by any model.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { probeVideo } from './media/probe';
import { effectiveQaSampleRate, routeClip } from '../policies/review';
import { summariseFrameScores, type FrameScores } from '../policies/visual-classifier';
import type { Database } from '../db/schema';
import { classifyRgbFrame, NSFW_INPUT_SIZE, NSFW_MODEL_LABEL } from './classifiers/nsfw';
import { sampleRgbFrames } from './classifiers/frames';
import { KEYFRAME_COUNT } from './keyframes';
import { withHeartbeat } from './heartbeat';
import type { ActivityDeps } from './deps';
import type { GeneratedMedia, MediaActivities, ModerationOutcome } from '../contracts';
import { readOrgSetting } from '../db/queries/org-settings';

/** Scores the clip's frames at the keyframe strip's instants (one per strip frame). */
async function scoreClipFrames(clipPath: string, clip: GeneratedMedia, scratchDir: string): Promise<FrameScores[]> {
  const frames = await sampleRgbFrames(clipPath, clip.durationSeconds, {
    count: KEYFRAME_COUNT, size: NSFW_INPUT_SIZE, scratchDir, signal: Context.current().cancellationSignal,
  });
  const scored: FrameScores[] = [];
  for (const frame of frames) scored.push({ position: frame.position, atSeconds: frame.atSeconds, scores: await classifyRgbFrame(frame.rgb) });
  return scored;
}

/**
 * Replaces the request's stored scores with this attempt's (none when the classifier failed), in one
 * transaction: whichever attempt's result the workflow records, the rows are the ones it routed on.
 */
async function storeFrameScores(db: Kysely<Database>, requestId: string, scored: readonly FrameScores[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('clip_classifier_scores').where('request_id', '=', requestId).execute();
    if (scored.length === 0) return;
    await tx
      .insertInto('clip_classifier_scores')
      .values(scored.map((frame) => ({
        request_id: requestId, frame_position: frame.position, at_seconds: frame.atSeconds, model: NSFW_MODEL_LABEL,
        porn: frame.scores.Porn, hentai: frame.scores.Hentai, sexy: frame.scores.Sexy, neutral: frame.scores.Neutral, drawing: frame.scores.Drawing,
      })))
      .execute();
  });
}

export function moderationActivities({ db, media, qaSampleRate, workDir }: ActivityDeps): Pick<MediaActivities, 'moderateClip'> {
  return {
    async moderateClip({ requestId, clip, promptWasReviewed }): Promise<ModerationOutcome> {
      const request = await db
        .updateTable('generation_requests')
        .set({ status: 'moderating', updated_at: new Date() })
        .where('id', '=', requestId)
        .returning(['creator_id', 'duration_seconds', 'width', 'height', 'remix_of_video_id'])
        .executeTakeFirstOrThrow();
      const creator = await db.selectFrom('creators').select('age_band').where('id', '=', request.creator_id).executeTakeFirstOrThrow();
      const cameoOwners = await db
        .selectFrom('request_cameos')
        .innerJoin('cameos', 'cameos.id', 'request_cameos.cameo_id')
        .select('cameos.owner_id')
        .where('request_cameos.request_id', '=', requestId)
        .where('cameos.owner_id', '!=', request.creator_id)
        .execute();

      const clipPath = await media.localPath(clip.storageKey);
      const probe = await probeVideo(clipPath);
      const checks = [
        { name: 'video codec', passed: probe.videoCodec === 'h264', detail: `video is ${probe.videoCodec}` },
        { name: 'audio track', passed: probe.audioCodec === 'aac', detail: `audio is ${probe.audioCodec ?? 'missing'}` },
        {
          name: 'duration',
          passed: Math.abs(probe.durationSeconds - request.duration_seconds) <= 0.5,
          detail: `${probe.durationSeconds.toFixed(2)} s rendered for ${request.duration_seconds} s requested`,
        },
        {
          name: 'frame size',
          passed: probe.width === request.width && probe.height === request.height,
          detail: `${probe.width}x${probe.height} rendered for ${request.width}x${request.height} requested`,
        },
      ];

      // Fail closed: a clip the classifier could not score goes to a person (routeClip says so), it
      // is not published unscored. Cancellation is not a classifier failure and ends the attempt;
      // a failed database write is not one either and fails the attempt (Temporal retries it).
      let scored: FrameScores[] = [];
      const started = performance.now();
      try {
        const scratchDir = path.join(workDir, requestId);
        await mkdir(scratchDir, { recursive: true });
        scored = await withHeartbeat(() => scoreClipFrames(clipPath, clip, scratchDir));
        Context.current().log.info('visual classifier scored the clip', {
          requestId, model: NSFW_MODEL_LABEL, frames: scored.length, classifyMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        if (Context.current().cancellationSignal.aborted) throw error;
        Context.current().log.warn('visual classifier failed; the clip goes to review', { requestId, error: String(error) });
      }
      await storeFrameScores(db, requestId, scored);
      const visual = summariseFrameScores(NSFW_MODEL_LABEL, scored);

      const routing = routeClip({
        requestId,
        promptWasReviewed,
        cameoOwnersOtherThanCreator: new Set(cameoOwners.map((row) => row.owner_id)).size,
        isRemix: request.remix_of_video_id !== null,
        failedTechnicalChecks: checks.filter((check) => !check.passed).map((check) => check.name),
        creatorIsTeen: creator.age_band === 'teen',
        visual,
        // The console's setting (admin page, org setting 'qa_sample') wins over the worker's default when set.
        qaSampleRate: effectiveQaSampleRate(
          ((await readOrgSetting(db, 'qa_sample')) as { rate?: unknown } | undefined)?.rate,
          qaSampleRate,
        ),
      });
      return { verdict: routing.verdict, reasons: routing.reasons, checks };
    },
  };
}
