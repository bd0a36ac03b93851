/**
 * Creators following creators, for "mutuals" (two follows both ways). The app writes these: they
 * are the creator's own state, not pipeline state. Each function takes the acting creator first.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { addFollow, listFollows as listFollowRows, removeFollow } from '../../db/queries/follows';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

type Deps = { db: Kysely<Database> };

export const followInput = z.object({ followeeId: z.uuid({ message: 'followeeId must be a creator id (UUID)' }) });

/** Follows a creator; following again changes nothing. Refuses BAD_REQUEST (oneself), NOT_FOUND (no such creator). */
export async function follow(deps: Deps, creatorId: string, rawInput: z.input<typeof followInput>): Promise<{ following: true; added: boolean }> {
  const { followeeId } = followInput.parse(rawInput);
  if (followeeId === creatorId) throw new ServiceRefusal('BAD_REQUEST', 'You cannot follow yourself.');
  const exists = await deps.db.selectFrom('creators').select('id').where('id', '=', followeeId).executeTakeFirst();
  if (!exists) throw new ServiceRefusal('NOT_FOUND', 'There is no creator with that id to follow.');
  return { following: true, added: await addFollow(deps.db, creatorId, followeeId) };
}

export const unfollowInput = followInput;

/** Stops following a creator. Refuses NOT_FOUND when the creator was not followed. */
export async function unfollow(deps: Deps, creatorId: string, rawInput: z.input<typeof unfollowInput>): Promise<{ following: false }> {
  const { followeeId } = unfollowInput.parse(rawInput);
  if (!(await removeFollow(deps.db, creatorId, followeeId))) throw new ServiceRefusal('NOT_FOUND', 'You do not follow that creator.');
  return { following: false };
}

/** Whom the creator follows, who follows them, and which of those are mutuals (by creator id). */
export async function listFollows(deps: Deps, creatorId: string) {
  const { following, followers, mutualIds } = await listFollowRows(deps.db, creatorId);
  const shape = (row: { id: string; handle: string; created_at: Date }) => ({ creatorId: row.id, handle: row.handle, since: row.created_at.toISOString() });
  return { following: following.map(shape), followers: followers.map(shape), mutualIds };
}
