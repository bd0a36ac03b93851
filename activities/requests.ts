/** Recording a request (and its source image), ending it, and publishing its video. */
import { ApplicationFailure } from '@temporalio/activity';
import type { ClipPipelineInput, RecordActivities, SourceImageRef } from '../contracts';
import { sourceImageKey, sourceImageOriginalKey, type MediaStore } from '../db/media-store';
import { sendNotification } from '../db/queries/notifications';
import { attachSourceImage } from '../db/queries/source-images';
import { sha256Hex } from '../policies/content-hash';
import { clipSpecProblems, promptInputProblem } from '../policies/generation';
import { SOURCE_IMAGE_TYPES } from '../policies/source-image';
import type { ActivityDeps } from './deps';

/**
 * The problem with a source image a workflow input names, or null when the media store holds exactly
 * that object: its key is the one its hash and format give, and its size is the stated one. The
 * submission checked the image's content; this guards against other clients starting the workflow.
 */
async function sourceImageProblem(media: MediaStore, image: SourceImageRef): Promise<string | null> {
  // Workflow inputs arrive as JSON from any client, so the format is checked, not trusted to the type.
  if (!Object.hasOwn(SOURCE_IMAGE_TYPES, image.mimeType) || !/^[0-9a-f]{64}$/.test(image.sha256)) {
    return 'The source image must name a PNG, JPEG or WebP image by its SHA-256.';
  }
  if (image.storageKey !== sourceImageKey(image.sha256, SOURCE_IMAGE_TYPES[image.mimeType].extension)) {
    return `The source image's storage key ${image.storageKey} is not the one its hash and format give.`;
  }
  if (!(await media.exists(image.storageKey))) return `The source image ${image.storageKey} is not in the media store; upload it first.`;
  const size = await media.size(image.storageKey);
  if (size !== image.byteSize) return `The source image ${image.storageKey} is ${size} bytes in the media store, not the stated ${image.byteSize}.`;
  if (image.original) {
    // The upload as it arrived (it carried a C2PA manifest store): held to the same rules.
    const { original } = image;
    if (!/^[0-9a-f]{64}$/.test(original.sha256)) return 'The source image\'s original upload must be named by its SHA-256.';
    if (original.storageKey !== sourceImageOriginalKey(original.sha256, SOURCE_IMAGE_TYPES[image.mimeType].extension)) {
      return `The original upload's storage key ${original.storageKey} is not the one its hash and format give.`;
    }
    if (!(await media.exists(original.storageKey))) return `The original upload ${original.storageKey} is not in the media store; upload it first.`;
    const originalSize = await media.size(original.storageKey);
    if (originalSize !== original.byteSize) return `The original upload ${original.storageKey} is ${originalSize} bytes in the media store, not the stated ${original.byteSize}.`;
  }
  return null;
}

export function requestActivities({ db, media }: ActivityDeps): Pick<RecordActivities, 'recordRequest' | 'finishRequest' | 'publishVideo'> {
  return {
    async recordRequest(input: ClipPipelineInput) {
      // The console validated already; the workflow may also be started by other clients, so check again.
      const problems = [promptInputProblem(input.prompt), ...clipSpecProblems(input)].filter(Boolean);
      if (problems.length > 0) throw ApplicationFailure.nonRetryable(problems.join(' '), 'InvalidRequest');
      const sourceImage = input.sourceImage ?? null;
      const imageProblem = sourceImage ? await sourceImageProblem(media, sourceImage) : null;
      if (imageProblem) throw ApplicationFailure.nonRetryable(imageProblem, 'InvalidRequest');

      await db.transaction().execute(async (trx) => {
        const creator = await trx.selectFrom('creators').select('id').where('id', '=', input.creatorId).executeTakeFirst();
        if (!creator) throw ApplicationFailure.nonRetryable(`Unknown creator ${input.creatorId}.`, 'NotFound');
        if (input.cameoIds.length > 0) {
          const found = await trx.selectFrom('cameos').select('id').where('id', 'in', input.cameoIds).execute();
          const missing = input.cameoIds.filter((id) => !found.some((row) => row.id === id));
          if (missing.length > 0) throw ApplicationFailure.nonRetryable(`Unknown cameo id(s): ${missing.join(', ')}.`, 'NotFound');
        }
        const inserted = await trx
          .insertInto('generation_requests')
          .values({
            id: input.requestId,
            creator_id: input.creatorId,
            prompt: input.prompt,
            prompt_sha256: sha256Hex(input.prompt),
            duration_seconds: input.durationSeconds,
            width: input.width,
            height: input.height,
            seed: input.seed,
            remix_of_video_id: input.remixOfVideoId,
            status: 'screening',
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted && input.cameoIds.length > 0) {
          await trx
            .insertInto('request_cameos')
            .values(input.cameoIds.map((cameoId) => ({ request_id: input.requestId, cameo_id: cameoId })))
            .execute();
        }
        // Issue 11: a remix re-checks consent for every cameo of its parent, so the parent's cameos
        // become the remix's too (marked inherited: the remix's creator did not pick them).
        if (inserted && input.remixOfVideoId) {
          const parentCameos = await trx
            .selectFrom('videos')
            .innerJoin('request_cameos', 'request_cameos.request_id', 'videos.request_id')
            .select('request_cameos.cameo_id')
            .where('videos.id', '=', input.remixOfVideoId)
            .execute();
          const inherited = parentCameos.filter((row) => !input.cameoIds.includes(row.cameo_id));
          if (inherited.length > 0) {
            await trx
              .insertInto('request_cameos')
              .values(inherited.map((row) => ({ request_id: input.requestId, cameo_id: row.cameo_id, inherited: true })))
              .onConflict((oc) => oc.columns(['request_id', 'cameo_id']).doNothing())
              .execute();
          }
        }
        // The request's own rows and its source image's link commit together (single writer: this
        // activity, not the submission). Idempotent, so a retry after a lost reply changes nothing.
        if (sourceImage) {
          await attachSourceImage(trx, input.requestId, {
            sha256: sourceImage.sha256,
            storage_key: sourceImage.storageKey,
            mime_type: sourceImage.mimeType,
            width: sourceImage.width,
            height: sourceImage.height,
            byte_size: sourceImage.byteSize,
          }, sourceImage.original?.sha256 ?? null);
        }
      });
    },

    async finishRequest({ requestId, status, reason }) {
      const request = await db
        .updateTable('generation_requests')
        .set({ status, status_reason: reason, updated_at: new Date() })
        .where('id', '=', requestId)
        .returning(['creator_id'])
        .executeTakeFirstOrThrow();
      const kind = status === 'rejected' ? 'request_rejected' : 'request_blocked';
      const what = status === 'rejected' ? 'was rejected by a reviewer' : status === 'failed' ? 'could not be completed' : 'was blocked';
      await sendNotification(db, {
        recipientId: request.creator_id,
        kind,
        requestId,
        body: `Your video request ${what}: ${reason}`,
        dedupeKey: `${requestId}:finished`,
      });
    },

    async publishVideo({ requestId, videoId }) {
      const owners = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('videos')
          .set({ status: 'published', published_at: new Date() })
          .where('id', '=', videoId)
          .where('status', '=', 'draft')
          .execute();
        const request = await trx
          .updateTable('generation_requests')
          .set({ status: 'published', status_reason: null, updated_at: new Date() })
          .where('id', '=', requestId)
          .returning(['creator_id'])
          .executeTakeFirstOrThrow();
        const cameoOwners = await trx
          .selectFrom('request_cameos')
          .innerJoin('cameos', 'cameos.id', 'request_cameos.cameo_id')
          .select(['cameos.owner_id', 'cameos.display_name', 'cameos.id'])
          .where('request_cameos.request_id', '=', requestId)
          .execute();
        return { creatorId: request.creator_id, cameoOwners };
      });
      await sendNotification(db, {
        recipientId: owners.creatorId,
        kind: 'video_published',
        requestId,
        body: 'Your video is live in the feed.',
        dedupeKey: `${requestId}:published`,
      });
      for (const cameo of owners.cameoOwners) {
        if (cameo.owner_id === owners.creatorId) continue;
        await sendNotification(db, {
          recipientId: cameo.owner_id,
          kind: 'cameo_published',
          requestId,
          body: `A video with your cameo "${cameo.display_name}" was published. You can remove it or revoke the cameo at any time.`,
          dedupeKey: `${requestId}:cameo-published:${cameo.id}`,
        });
      }
    },
  };
}
