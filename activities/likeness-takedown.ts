/**
 * The likeness takedown's activities (contracts' `LikenessTakedownActivities`, pipeline queue):
 * record the takedown, find a page of the uses that relied on the ended consent, take one video
 * down, save the progress. Each is idempotent: the takedown row and the (takedown, video) item rows
 * (db/queries/likeness-takedowns.ts) carry what was done, so a retried activity or a workflow
 * resumed on another worker repeats nothing.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  findTakedownPage, getLikenessTakedown, insertLikenessTakedown, recordTakedownItem, saveLikenessTakedownCounts, takedownItemOutcome,
} from '../db/queries/likeness-takedowns';
import { InvalidCursor } from '../db/queries/keyset-cursor';
import { takedownScope, TakedownScopeError } from '../policies/consent/takedown-scope';
import { LIKENESS_TAKEDOWN_VIDEO_ATTEMPTS, type LikenessTakedownActivities } from '../contracts';
import type { ActivityDeps } from './deps';
import { takeVideoDown } from './take-down-video';

/** The likeness takedown activities, bound to the worker's database. */
export function likenessTakedownActivities({ db }: Pick<ActivityDeps, 'db'>): LikenessTakedownActivities {
  return {
    async recordLikenessTakedown(input) {
      await insertLikenessTakedown(db, input);
    },

    async findLikenessTakedownPage({ takedownId, cursor, limit }) {
      const takedown = await getLikenessTakedown(db, takedownId);
      if (!takedown) throw ApplicationFailure.nonRetryable(`Unknown likeness takedown ${takedownId}.`, 'NotFound');
      try {
        const scope = takedownScope({
          trigger: takedown.trigger,
          cameoId: takedown.cameo_id,
          ownerId: takedown.cameo_owner_id,
          subjectCreatorId: takedown.subject_creator_id,
          videoId: takedown.video_id,
        });
        return await findTakedownPage(db, scope, cursor, limit);
      } catch (error) {
        // A takedown that names no one, or a cursor Loupe did not write, fails the same way on every retry.
        if (error instanceof TakedownScopeError || error instanceof InvalidCursor) {
          throw ApplicationFailure.nonRetryable(error.message, 'InvalidRequest');
        }
        throw error;
      }
    },

    async takeDownForLikeness({ takedownId, videoId }) {
      try {
        return await db.transaction().execute(async (trx) => {
          const done = await takedownItemOutcome(trx, takedownId, videoId);
          // Already handled by this takedown (an earlier attempt or run): answer what it did, do nothing.
          if (done && done !== 'failed') return done;
          const takedown = await getLikenessTakedown(trx, takedownId);
          if (!takedown) throw ApplicationFailure.nonRetryable(`Unknown likeness takedown ${takedownId}.`, 'NotFound');
          const { outcome } = await takeVideoDown(trx, {
            videoId,
            reason: takedown.reason,
            likeness: { takedownId, requestedBy: { kind: takedown.requested_by_kind, id: takedown.requested_by_id } },
          });
          await recordTakedownItem(trx, takedownId, videoId, outcome);
          return outcome;
        });
      } catch (error) {
        const permanent = error instanceof ApplicationFailure && error.nonRetryable;
        // Transient trouble retries; after the last attempt (or at once for a permanent failure) the
        // video is recorded as failed so the other videos go on, and the console shows it.
        if (!permanent && Context.current().info.attempt < LIKENESS_TAKEDOWN_VIDEO_ATTEMPTS) throw error;
        Context.current().log.warn('likeness takedown could not take a video down', { takedownId, videoId, error: String(error) });
        // An unknown video or takedown has no item row to hold the failure (the row references both).
        if (!(permanent && error.type === 'NotFound')) await recordTakedownItem(db, takedownId, videoId, 'failed');
        return 'failed';
      }
    },

    async saveLikenessTakedownProgress({ takedownId, progress }) {
      await saveLikenessTakedownCounts(db, takedownId, progress);
    },
  };
}
