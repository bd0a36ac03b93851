/**
 * The one "publish a taken-down video again" of Loupe, the inverse of take-down-video.ts: a copyright
 * dispute that releases the claim (issue 13) puts the video back through this function, inside the
 * caller's transaction, so the status change, the audit entry and the creator's notification commit
 * together or not at all.
 *
 * The video becomes `published` again (its original `published_at` kept when it has one, so it
 * returns to its place in the feed; now otherwise), its removal reason and time are cleared, and a
 * strike its copyright takedown gave (creator_strikes dedupe key `<videoId>:takedown` with a
 * copyright reason, activities/take-down-video.ts) is withdrawn: the removal did not stand.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import { appendAudit } from '../db/queries/audit';
import { sendNotification } from '../db/queries/notifications';
import type { Database } from '../db/schema';

/** Who reinstates: a staff member (legal), or the system acting on a dispute's outcome (no staff id). */
export interface ReinstateVideoInput {
  videoId: string;
  /** Why, in words for the video's creator (it goes into the notification and the audit log). */
  reason: string;
  staffId: string | null;
  /** What this reinstatement carries out, for the audit and the notification's dedupe key (e.g. `copyright_dispute:<id>`). */
  cause: string;
}

/**
 * Publishes a removed video again (see the header). Answers `reinstated`, or `not_removed` for a
 * video that is not removed (published or a draft: left untouched, nobody notified). Throws a
 * non-retryable `ApplicationFailure` of type `NotFound` for an unknown video; database errors propagate.
 */
export async function reinstateVideo(trx: Transaction<Database>, input: ReinstateVideoInput): Promise<{ outcome: 'reinstated' | 'not_removed' }> {
  const video = await trx
    .selectFrom('videos')
    .select(['status', 'creator_id', 'request_id', 'published_at', 'removed_reason'])
    .where('id', '=', input.videoId)
    .forUpdate()
    .executeTakeFirst();
  if (!video) throw ApplicationFailure.nonRetryable(`Unknown video ${input.videoId}.`, 'NotFound');
  if (video.status !== 'removed') return { outcome: 'not_removed' };
  await trx
    .updateTable('videos')
    .set({ status: 'published', published_at: video.published_at ?? new Date(), removed_reason: null, removed_at: null })
    .where('id', '=', input.videoId)
    .execute();
  const strikes = await trx
    .deleteFrom('creator_strikes')
    .where('dedupe_key', '=', `${input.videoId}:takedown`)
    .where('reason', 'like', 'Video taken down for copyright:%')
    .executeTakeFirst();
  const staff = input.staffId ? await trx.selectFrom('staff').select('email').where('id', '=', input.staffId).executeTakeFirstOrThrow() : undefined;
  await appendAudit(trx, {
    actorStaffId: input.staffId,
    actorLabel: staff?.email ?? `system (${input.cause})`,
    action: 'video.reinstate',
    subjectType: 'video',
    subjectId: input.videoId,
    before: { status: 'removed', reason: video.removed_reason },
    after: { status: 'published', reason: input.reason, cause: input.cause, strikeWithdrawn: Number(strikes.numDeletedRows) > 0 },
  });
  await sendNotification(trx, {
    recipientId: video.creator_id,
    kind: 'video_reinstated',
    requestId: video.request_id,
    body: `Your video is published again: ${input.reason}`,
    dedupeKey: `${input.videoId}:reinstated:${input.cause}`,
  });
  return { outcome: 'reinstated' };
}
