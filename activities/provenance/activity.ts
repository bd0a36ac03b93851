/**
 * embedProvenance: burns in the visible watermark, signs a C2PA manifest, reads the signed file
 * back under Loupe's trust anchors and records the draft video with its manifest and validation.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sourceImageOriginalKey, videoKey } from '../../db/media-store';
import { sourceImageOfRequest, sourceImageOriginalOfRequest } from '../../db/queries/source-images';
import { SOURCE_IMAGE_TYPES, type SourceImageMimeType } from '../../policies/source-image';
import { attemptScratchDir } from '../attempt-scratch';
import { withHeartbeat } from '../heartbeat';
import { sha256OfFile } from '../media/content-hash';
import { sha256Hex } from '../../policies/content-hash';
import type { ActivityDeps } from '../deps';
import type { MediaActivities } from '../../contracts';
import type { ProvenanceReport } from '../../contracts/provenance-report';
import { recordSignals, registerFingerprint } from './audit';
import { readProvenance } from './read-provenance';
import { declaredWatermark } from './report-mapping';
import { signClip } from './sign-clip';
import { burnWatermark } from './watermark';

export function provenanceActivities({ db, media, signing, workDir }: ActivityDeps): Pick<MediaActivities, 'embedProvenance'> {
  /**
   * The provenance signals at publication: the fingerprint of the file exactly as published (with
   * its moving watermark), the verification just done, and the watermark the pipeline burned in.
   */
  async function recordInitialSignals(videoId: string, filePath: string, fresh: { report: ProvenanceReport; label: string } | null) {
    const fingerprintFrames = await withHeartbeat(() => registerFingerprint(db, videoId, filePath));
    const report = fresh?.report ?? (await readProvenance(filePath, signing.trustAnchorsPem));
    const label = fresh?.label ?? declaredWatermark(report);
    await recordSignals(db, videoId, report, {
      // Recorded at burn-in: this activity drew the label itself before signing.
      watermarkBurnedIn: label !== null,
      watermarkLabel: label,
      fingerprintFrames,
      filePresent: true,
      error: null,
    });
  }

  return {
    async embedProvenance({ requestId, clip, moderation }) {
      const existing = await db.selectFrom('videos').select(['id', 'validation_state', 'storage_key']).where('request_id', '=', requestId).executeTakeFirst();
      if (existing) {
        // A retry after the row was written: finish the provenance signals if the first attempt could not.
        const hasSignals = await db.selectFrom('provenance_signals').select('video_id').where('video_id', '=', existing.id).executeTakeFirst();
        if (!hasSignals) await recordInitialSignals(existing.id, await media.localPath(existing.storage_key), null);
        return { videoId: existing.id, validationState: existing.validation_state };
      }

      const request = await db
        .updateTable('generation_requests')
        .set({ status: 'signing', updated_at: new Date() })
        .where('id', '=', requestId)
        .returning(['creator_id', 'prompt_sha256', 'remix_of_video_id'])
        .executeTakeFirstOrThrow();
      const creator = await db.selectFrom('creators').select('handle').where('id', '=', request.creator_id).executeTakeFirstOrThrow();
      const screening = await db.selectFrom('prompt_screenings').select('policy_version').where('request_id', '=', requestId).executeTakeFirstOrThrow();
      const parent = request.remix_of_video_id
        ? await db.selectFrom('videos').select(['id', 'storage_key']).where('id', '=', request.remix_of_video_id).executeTakeFirstOrThrow()
        : null;
      const sourceImage = await sourceImageOfRequest(db, requestId);
      // An upload that carried its own Content Credentials was kept as it arrived: the ingredient is
      // made from those bytes, so its manifest and validation results travel into the clip's.
      const originalSha256 = sourceImage ? await sourceImageOriginalOfRequest(db, requestId) : null;
      let credentials: { path: string; mimeType: SourceImageMimeType } | undefined;
      if (sourceImage && originalSha256) {
        const originalKey = sourceImageOriginalKey(originalSha256, SOURCE_IMAGE_TYPES[sourceImage.mime_type].extension);
        // Signing without it would present a clean chain for an image that came with credentials.
        if (!(await media.exists(originalKey))) throw new Error(`The original upload ${originalKey} of request ${requestId}'s source image is missing from the media store.`);
        credentials = { path: await media.localPath(originalKey), mimeType: sourceImage.mime_type };
      }

      // A worker killed mid-signing left its attempt's folder behind; this attempt clears it first.
      const dir = await attemptScratchDir(workDir, requestId, 'sign');
      try {
        const label = `AI-generated · Loupe · @${creator.handle}`;
        const watermarked = path.join(dir, 'watermarked.mp4');
        const signed = path.join(dir, 'signed.mp4');
        const rawPath = await media.localPath(clip.storageKey);
        await withHeartbeat(() => burnWatermark(rawPath, watermarked, label));
        await signClip({
          inputPath: watermarked,
          outputPath: signed,
          material: signing,
          title: `Loupe video for request ${requestId}`,
          generator: { name: clip.generator.name, version: clip.generator.version },
          loupe: {
            requestId,
            policyVersion: screening.policy_version,
            promptSha256: request.prompt_sha256,
            moderationOutcomeId: moderationOutcomeId(moderation),
          },
          watermark: { label },
          parent: parent ? { path: await media.localPath(parent.storage_key), videoId: parent.id, title: `Loupe video ${parent.id}` } : undefined,
          sourceImage: sourceImage
            ? { path: await media.localPath(sourceImage.storage_key), sha256: sourceImage.sha256, mimeType: sourceImage.mime_type, ...(credentials ? { credentials } : {}) }
            : undefined,
        });
        const report = await readProvenance(signed, signing.trustAnchorsPem);
        const sha256 = await sha256OfFile(signed);
        const storageKey = videoKey(sha256);
        await media.putFile(storageKey, signed);
        const { size } = await fs.stat(signed);

        const row = await db
          .insertInto('videos')
          .values({
            id: randomUUID(),
            request_id: requestId,
            creator_id: request.creator_id,
            storage_key: storageKey,
            sha256,
            byte_size: size,
            duration_seconds: clip.durationSeconds,
            width: clip.width,
            height: clip.height,
            generator: JSON.stringify(clip.generator),
            remix_of_video_id: parent?.id ?? null,
            manifest: JSON.stringify(report.manifestStore),
            validation_state: report.validationState,
            validation_codes: JSON.stringify(report.validationCodes),
            moderation: JSON.stringify(moderation),
          })
          .onConflict((oc) => oc.column('request_id').doNothing())
          .returning(['id', 'validation_state'])
          .executeTakeFirst();
        const video = row ?? (await db.selectFrom('videos').select(['id', 'validation_state']).where('request_id', '=', requestId).executeTakeFirstOrThrow());
        await recordInitialSignals(video.id, await media.localPath(storageKey), { report, label });
        return { videoId: video.id, validationState: video.validation_state };
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** "sha256:" + SHA-256 of the moderation outcome exactly as stored in videos.moderation. */
export function moderationOutcomeId(moderation: unknown): string {
  return `sha256:${sha256Hex(JSON.stringify(moderation))}`;
}
