/**
 * A video's remix switch (issue 15, migration 027): the facts policies/remix.ts decides a remix on,
 * and the owner flipping the switch. The flip and its audit entry commit together, under a row lock,
 * so two flips at once leave the switch and the audit log agreeing.
 */
import type { Kysely } from 'kysely';
import type { RemixParent } from '../../policies/remix';
import { appendAudit } from './audit';
import type { Database } from '../schema';

/** The parent video's facts for decideRemix, or null when there is no video with that id. */
export async function remixParent(db: Kysely<Database>, videoId: string): Promise<RemixParent | null> {
  const row = await db
    .selectFrom('videos')
    .select(['status', 'creator_id', 'remix_allowed'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  return row ? { status: row.status, ownerId: row.creator_id, remixAllowed: row.remix_allowed } : null;
}

/** The switch as it is now, after a flip. */
export interface RemixSetting {
  videoId: string;
  remixAllowed: boolean;
  /** When the owner last flipped it; null when never. */
  changedAt: Date | null;
}

/**
 * Sets the switch of `videoId` if `ownerId` made it; undefined when they have no such video (the
 * caller's 404). A flip to the position it already has changes nothing and logs nothing. Each real
 * flip appends `video.remix_turned_off` or `video.remix_turned_on` to the audit log with the creator's handle as the actor.
 */
export async function setRemixAllowed(
  db: Kysely<Database>,
  input: { videoId: string; ownerId: string; allowed: boolean; via: string },
): Promise<RemixSetting | undefined> {
  return db.transaction().execute(async (trx) => {
    const video = await trx
      .selectFrom('videos')
      .innerJoin('creators', 'creators.id', 'videos.creator_id')
      .select(['videos.id', 'videos.remix_allowed', 'videos.remix_setting_changed_at', 'creators.handle'])
      .where('videos.id', '=', input.videoId)
      .where('videos.creator_id', '=', input.ownerId)
      .forUpdate('videos')
      .executeTakeFirst();
    if (!video) return undefined;
    if (video.remix_allowed === input.allowed) {
      return { videoId: video.id, remixAllowed: video.remix_allowed, changedAt: video.remix_setting_changed_at };
    }
    const changedAt = new Date();
    await trx.updateTable('videos').set({ remix_allowed: input.allowed, remix_setting_changed_at: changedAt }).where('id', '=', video.id).execute();
    await appendAudit(trx, {
      actorStaffId: null,
      actorLabel: `creator @${video.handle} (${input.via})`,
      // Two actions rather than one with a payload: the review screen's timeline shows the action's name.
      action: input.allowed ? 'video.remix_turned_on' : 'video.remix_turned_off',
      subjectType: 'video',
      subjectId: video.id,
      before: { remixAllowed: video.remix_allowed },
      after: { remixAllowed: input.allowed },
    });
    return { videoId: video.id, remixAllowed: input.allowed, changedAt };
  });
}
