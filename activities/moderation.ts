/**
 * moderateClip: checks the rendered file is what was asked for, then routes it (auto-publish or
 * human review) with policies/review. Visual and audio classifiers join these checks in a later
 * issue; until then the console names the classifier panel a placeholder.
 */
import { probeVideo } from './media/ffmpeg';
import { effectiveQaSampleRate, routeClip } from '../policies/review';
import type { ActivityDeps } from './deps';
import type { MediaActivities, ModerationOutcome } from './types';

export function moderationActivities({ db, media, qaSampleRate }: ActivityDeps): Pick<MediaActivities, 'moderateClip'> {
  return {
    async moderateClip({ requestId, clip, promptWasReviewed }): Promise<ModerationOutcome> {
      const request = await db
        .updateTable('generation_requests')
        .set({ status: 'moderating', updated_at: new Date() })
        .where('id', '=', requestId)
        .returning(['creator_id', 'duration_seconds', 'width', 'height', 'remix_of_video_id'])
        .executeTakeFirstOrThrow();
      const cameoOwners = await db
        .selectFrom('request_cameos')
        .innerJoin('cameos', 'cameos.id', 'request_cameos.cameo_id')
        .select('cameos.owner_id')
        .where('request_cameos.request_id', '=', requestId)
        .where('cameos.owner_id', '!=', request.creator_id)
        .execute();

      const probe = await probeVideo(await media.localPath(clip.storageKey));
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
      const routing = routeClip({
        requestId,
        promptWasReviewed,
        cameoOwnersOtherThanCreator: new Set(cameoOwners.map((row) => row.owner_id)).size,
        isRemix: request.remix_of_video_id !== null,
        failedTechnicalChecks: checks.filter((check) => !check.passed).map((check) => check.name),
        // The console's setting (admin, app_meta 'qa_sample') wins over the worker's default when set.
        qaSampleRate: effectiveQaSampleRate(
          (await db.selectFrom('app_meta').select('value').where('key', '=', 'qa_sample').executeTakeFirst())?.value.rate,
          qaSampleRate,
        ),
      });
      return { verdict: routing.verdict, reasons: routing.reasons, checks };
    },
  };
}
