/** The hash-bank activities (contracts/copyright-banks.ts) on the media task queue. */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { CopyrightBankActivities } from '../../contracts';
import { saveVideoFingerprint } from '../../db/queries/fingerprints';
import type { ActivityDeps } from '../deps';
import { fingerprintVideo } from '../fingerprint/video';
import { withHeartbeat } from '../heartbeat';
import { checkFramesAgainstBanks } from './bank-check';
import { hashReferenceMediaIntoBank } from './reference-media';

export function copyrightBankActivities({ db, media }: ActivityDeps): CopyrightBankActivities {
  return {
    async hashReferenceMediaIntoBank(input) {
      return withHeartbeat(() => hashReferenceMediaIntoBank(db, media, input, Context.current().cancellationSignal));
    },

    async checkClipAgainstBanks({ requestId }) {
      const video = await db
        .selectFrom('videos')
        .select(['id', 'storage_key'])
        .where('request_id', '=', requestId)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!video) throw ApplicationFailure.nonRetryable(`Request ${requestId} has no signed video to check against the hash banks.`, 'NotFound');
      return withHeartbeat(async () => {
        const fingerprint = await fingerprintVideo(await media.localPath(video.storage_key), { signal: Context.current().cancellationSignal });
        // Kept as the video's stored fingerprint: rescans, likeness complaints and the provenance
        // audit then read these hashes instead of decoding the file again (idempotent on retry).
        await saveVideoFingerprint(db, video.id, fingerprint.frames.map(({ frameIndex, region, hash, quality }) => ({ frameIndex, region, hash, quality })));
        return checkFramesAgainstBanks(db, { requestId, videoId: video.id, frames: fingerprint.frames });
      });
    },
  };
}
