/**
 * The one "take a video down" of Loupe (contracts' `TakeDownVideoInput`): a reviewer upholding
 * reports, an upheld likeness complaint and a likeness takedown all remove a video through this
 * function, inside the caller's transaction, so the status change, the audit entry and the
 * creator's notification commit together or not at all.
 *
 * Two kinds of removal, told apart by the input:
 * - a staff decision (`staffId`): the video is removed, its open reports upheld, its creator gets a
 *   strike and a `video_removed` notification saying they may appeal (the behaviour report review
 *   has always had, unchanged);
 * - a likeness takedown (`likeness`): consent to a likeness in the video ended. The video is removed
 *   and its creator gets a `video_taken_down_consent` notification, but no strike: the use was
 *   allowed when it was made. Reports are left as they are (they were about something else). A
 *   video already removed is left untouched and answers `already_down`, so a second takedown
 *   neither rewrites the first removal's reason nor notifies again.
 * - a copyright removal (`copyright`, issue 13): a hash bank match whose entity's rule is block (a
 *   rescan acting by rule, no `staffId`) or a reviewer rejecting a queued match (`staffId`). The
 *   video is removed and its creator gets a `video_taken_down_copyright` notification naming the
 *   dispute route. No strike when the video was created before the claimed work became known
 *   (`copyright.claimedAt`): a rescan of the back catalogue finds videos made in good faith; a
 *   video made after it is struck like any other removal. The match row is marked `taken_down`.
 *   A video already removed is left untouched (`already_down`).
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import { appendAudit } from '../db/queries/audit';
import { sendNotification } from '../db/queries/notifications';
import type { Database } from '../db/schema';
import type { TakeDownVideoInput, TakeDownVideoResult } from '../contracts';

/**
 * Removes one video (see the header for the two kinds). Throws a non-retryable `ApplicationFailure`
 * of type `InvalidRequest` when the input names neither a staff member nor a likeness takedown, and
 * of type `NotFound` when the video does not exist; database errors propagate (the activity retries).
 */
export async function takeVideoDown(trx: Transaction<Database>, input: TakeDownVideoInput): Promise<TakeDownVideoResult> {
  if (input.likeness) return takeDownForConsent(trx, input, input.likeness);
  if (input.copyright) return takeDownForCopyright(trx, input, input.copyright);
  if (!input.staffId) {
    throw ApplicationFailure.nonRetryable('takeDownVideo needs the deciding staff member (staffId), a likeness takedown or a copyright match.', 'InvalidRequest');
  }
  return takeDownByStaff(trx, input, input.staffId);
}

async function takeDownByStaff(trx: Transaction<Database>, { videoId, reason, cause }: TakeDownVideoInput, staffId: string): Promise<TakeDownVideoResult> {
  const before = await trx.selectFrom('videos').select('status').where('id', '=', videoId).forUpdate().executeTakeFirst();
  if (!before) throw ApplicationFailure.nonRetryable(`Unknown video ${videoId}.`, 'NotFound');
  const video = await trx
    .updateTable('videos')
    .set({ status: 'removed', removed_reason: reason, removed_at: new Date() })
    .where('id', '=', videoId)
    .returning(['creator_id', 'request_id'])
    .executeTakeFirstOrThrow();
  await trx.updateTable('video_reports').set({ status: 'upheld' }).where('video_id', '=', videoId).where('status', '=', 'open').execute();
  await trx
    .insertInto('creator_strikes')
    .values({ creator_id: video.creator_id, request_id: video.request_id, reason: `Video taken down: ${reason}`, dedupe_key: `${videoId}:takedown` })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  const staff = await trx.selectFrom('staff').select('email').where('id', '=', staffId).executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actorStaffId: staffId, actorLabel: staff.email, action: 'video.takedown', subjectType: 'video', subjectId: videoId,
    before: { status: 'published' }, after: { status: 'removed', reason },
  });
  await sendNotification(trx, {
    recipientId: video.creator_id,
    kind: 'video_removed',
    requestId: video.request_id,
    body: cause === 'likeness_complaint'
      ? `Your video was removed: ${reason}. You can appeal this decision.`
      : `Your video was removed after user reports: ${reason}. You can appeal this decision.`,
    dedupeKey: `${videoId}:removed`,
  });
  return { outcome: before.status === 'removed' ? 'already_down' : 'taken_down' };
}

async function takeDownForConsent(
  trx: Transaction<Database>,
  { videoId, reason }: TakeDownVideoInput,
  likeness: NonNullable<TakeDownVideoInput['likeness']>,
): Promise<TakeDownVideoResult> {
  // Locked so two takedowns reaching one video at once agree on which of them removed it.
  const video = await trx.selectFrom('videos').select(['status', 'creator_id', 'request_id']).where('id', '=', videoId).forUpdate().executeTakeFirst();
  if (!video) throw ApplicationFailure.nonRetryable(`Unknown video ${videoId}.`, 'NotFound');
  if (video.status === 'removed') return { outcome: 'already_down' };
  await trx.updateTable('videos').set({ status: 'removed', removed_reason: reason, removed_at: new Date() }).where('id', '=', videoId).execute();
  const { requestedBy, takedownId } = likeness;
  const staff = requestedBy.kind === 'staff'
    ? await trx.selectFrom('staff').select('email').where('id', '=', requestedBy.id).executeTakeFirst()
    : undefined;
  await appendAudit(trx, {
    actorStaffId: requestedBy.kind === 'staff' ? requestedBy.id : null,
    // A creator's request reaches Loupe through the app; the label names them and the takedown.
    actorLabel: staff?.email ?? `creator ${requestedBy.id} (likeness takedown)`,
    action: 'video.takedown.likeness',
    subjectType: 'video',
    subjectId: videoId,
    before: { status: video.status },
    after: { status: 'removed', reason, takedownId },
  });
  await sendNotification(trx, {
    recipientId: video.creator_id,
    kind: 'video_taken_down_consent',
    requestId: video.request_id,
    body: `Your ${video.status === 'draft' ? 'draft' : 'video'} was taken down because consent to a likeness in it ended: ${reason}. This is not a strike against you.`,
    // Per video: a video is taken down for consent at most once, whichever takedown reaches it first.
    dedupeKey: `${videoId}:consent-takedown`,
  });
  return { outcome: 'taken_down' };
}

async function takeDownForCopyright(
  trx: Transaction<Database>,
  { videoId, reason, staffId }: TakeDownVideoInput,
  copyright: NonNullable<TakeDownVideoInput['copyright']>,
): Promise<TakeDownVideoResult> {
  const video = await trx
    .selectFrom('videos')
    .select(['status', 'creator_id', 'request_id', 'created_at'])
    .where('id', '=', videoId)
    .forUpdate()
    .executeTakeFirst();
  if (!video) throw ApplicationFailure.nonRetryable(`Unknown video ${videoId}.`, 'NotFound');
  if (video.status === 'removed') return { outcome: 'already_down' };
  await trx.updateTable('videos').set({ status: 'removed', removed_reason: reason, removed_at: new Date() }).where('id', '=', videoId).execute();
  await trx.updateTable('copyright_matches').set({ action: 'taken_down', updated_at: new Date() }).where('id', '=', copyright.matchId).execute();
  const claimedAt = copyright.claimedAt ? new Date(copyright.claimedAt) : null;
  // Made after the work was claimed: the creator could have known, so the removal is a strike.
  const strike = claimedAt !== null && video.created_at.getTime() >= claimedAt.getTime();
  if (strike) {
    await trx
      .insertInto('creator_strikes')
      .values({ creator_id: video.creator_id, request_id: video.request_id, reason: `Video taken down for copyright: ${reason}`, dedupe_key: `${videoId}:takedown` })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
  const staff = staffId ? await trx.selectFrom('staff').select('email').where('id', '=', staffId).executeTakeFirstOrThrow() : undefined;
  await appendAudit(trx, {
    actorStaffId: staffId ?? null,
    actorLabel: staff?.email ?? `system (copyright rescan ${copyright.rescanId ?? 'unknown'})`,
    action: 'video.takedown.copyright',
    subjectType: 'video',
    subjectId: videoId,
    before: { status: video.status },
    after: { status: 'removed', reason, matchId: copyright.matchId, rescanId: copyright.rescanId, strike },
  });
  await sendNotification(trx, {
    recipientId: video.creator_id,
    kind: 'video_taken_down_copyright',
    requestId: video.request_id,
    body: `Your video was taken down because it matches a copyrighted work: ${reason}. ${strike ? 'This counts as a strike.' : 'This is not a strike against you.'} If you have the rights to it, you can dispute the takedown.`,
    // Per video: taken down for copyright at most once, whichever rescan or review reaches it first.
    dedupeKey: `${videoId}:copyright-takedown`,
  });
  return { outcome: 'taken_down' };
}
