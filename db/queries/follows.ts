/**
 * Creators following creators. Written by the app (a follow is the creator's own state, not
 * pipeline state); read by the consent check, for which two follows both ways make "mutuals".
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** follower follows followee; following again changes nothing. Returns true when the follow is new. */
export async function addFollow(db: Db, followerId: string, followeeId: string): Promise<boolean> {
  const inserted = await db
    .insertInto('creator_follows')
    .values({ follower_id: followerId, followee_id: followeeId })
    .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
    .returning('follower_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Ends a follow; returns true when there was one. */
export async function removeFollow(db: Db, followerId: string, followeeId: string): Promise<boolean> {
  const result = await db.deleteFrom('creator_follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whom a creator follows and who follows them, with handles, and which of them are mutuals. */
export async function listFollows(db: Db, creatorId: string) {
  const [following, followers] = await Promise.all([
    db
      .selectFrom('creator_follows')
      .innerJoin('creators', 'creators.id', 'creator_follows.followee_id')
      .select(['creators.id', 'creators.handle', 'creator_follows.created_at'])
      .where('creator_follows.follower_id', '=', creatorId)
      .orderBy('creators.handle')
      .execute(),
    db
      .selectFrom('creator_follows')
      .innerJoin('creators', 'creators.id', 'creator_follows.follower_id')
      .select(['creators.id', 'creators.handle', 'creator_follows.created_at'])
      .where('creator_follows.followee_id', '=', creatorId)
      .orderBy('creators.handle')
      .execute(),
  ]);
  const followerIds = new Set(followers.map((f) => f.id));
  return { following, followers, mutualIds: following.filter((f) => followerIds.has(f.id)).map((f) => f.id) };
}

/** The subset of `others` who are mutuals of `creatorId` (each follows the other). */
export async function mutualsAmong(db: Db, creatorId: string, others: readonly string[]): Promise<Set<string>> {
  if (others.length === 0) return new Set();
  const rows = await db
    .selectFrom('creator_follows as out')
    .innerJoin('creator_follows as back', (join) =>
      join.onRef('back.follower_id', '=', 'out.followee_id').onRef('back.followee_id', '=', 'out.follower_id'),
    )
    .select('out.followee_id')
    .where('out.follower_id', '=', creatorId)
    .where('out.followee_id', 'in', [...others])
    .execute();
  return new Set(rows.map((row) => row.followee_id));
}
