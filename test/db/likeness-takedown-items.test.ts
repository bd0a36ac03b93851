/**
 * The likeness takedown's per-video activity against PostgreSQL, attempt by attempt: a video
 * removed by someone else counts as already down and nobody is told; a transient failure retries
 * until the last attempt, which records the video as failed so the takedown goes on; a later run
 * that succeeds replaces the failure; an unknown video fails without an item row.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Kysely } from 'kysely';
import { likenessTakedownActivities } from '../../activities/likeness-takedown';
import { LIKENESS_TAKEDOWN_VIDEO_ATTEMPTS } from '../../contracts';
import type { Database } from '../../db/schema';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';
import { seedUse } from '../support/likeness-uses';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** The database, except that every transaction fails as a dropped connection would. */
function dbWithoutTransactions(db: Kysely<Database>): Kysely<Database> {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') return () => { throw new Error('the connection to the database dropped'); };
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function recordedTakedown() {
  const owner = await createCreator(ctx.db);
  const fan = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  const takedownId = randomUUID();
  await likenessTakedownActivities(ctx).recordLikenessTakedown({
    takedownId, trigger: 'cameo_deleted', cameoId: cameo.id, subjectCreatorId: null, videoId: null, ledgerVersion: null,
    requestedBy: { kind: 'creator', id: owner.id }, reason: 'the owner deleted the cameo',
  });
  return { takedownId, owner, fan, cameo };
}

const itemOf = (takedownId: string, videoId: string) =>
  ctx.db.selectFrom('likeness_takedown_items').select('outcome').where('takedown_id', '=', takedownId).where('video_id', '=', videoId).executeTakeFirst();

it('counts a video removed by someone else as already down, and tells nobody', async () => {
  const { takedownId, fan, cameo } = await recordedTakedown();
  const use = await seedUse(ctx.db, { creatorId: fan.id, cameoId: cameo.id, status: 'removed' });
  const outcome = await new MockActivityEnvironment().run(likenessTakedownActivities(ctx).takeDownForLikeness, { takedownId, videoId: use.videoId });
  expect(outcome).toBe('already_down');
  expect(await itemOf(takedownId, use.videoId)).toEqual({ outcome: 'already_down' });
  const notices = await ctx.db.selectFrom('notifications').select('id').where('request_id', '=', use.requestId).execute();
  expect(notices).toEqual([]);
  const video = await ctx.db.selectFrom('videos').select('removed_reason').where('id', '=', use.videoId).executeTakeFirstOrThrow();
  expect(video.removed_reason).toBe('removed before the takedown');
});

it('retries a transient failure, records the video as failed on the last attempt, and lets a later run take it down', async () => {
  const { takedownId, fan, cameo } = await recordedTakedown();
  const use = await seedUse(ctx.db, { creatorId: fan.id, cameoId: cameo.id, status: 'published' });
  const broken = likenessTakedownActivities({ db: dbWithoutTransactions(ctx.db) });

  await expect(new MockActivityEnvironment({ attempt: 1 }).run(broken.takeDownForLikeness, { takedownId, videoId: use.videoId }))
    .rejects.toThrow(/connection to the database dropped/);
  expect(await itemOf(takedownId, use.videoId)).toBeUndefined();

  const last = await new MockActivityEnvironment({ attempt: LIKENESS_TAKEDOWN_VIDEO_ATTEMPTS })
    .run(broken.takeDownForLikeness, { takedownId, videoId: use.videoId });
  expect(last).toBe('failed');
  expect(await itemOf(takedownId, use.videoId)).toEqual({ outcome: 'failed' });

  const retried = await new MockActivityEnvironment().run(likenessTakedownActivities(ctx).takeDownForLikeness, { takedownId, videoId: use.videoId });
  expect(retried).toBe('taken_down');
  expect(await itemOf(takedownId, use.videoId)).toEqual({ outcome: 'taken_down' });
  // Once taken down, a further attempt answers the recorded outcome and does nothing again.
  expect(await new MockActivityEnvironment().run(likenessTakedownActivities(ctx).takeDownForLikeness, { takedownId, videoId: use.videoId })).toBe('taken_down');
  const notices = await ctx.db.selectFrom('notifications').select('kind').where('request_id', '=', use.requestId).execute();
  expect(notices).toEqual([{ kind: 'video_taken_down_consent' }]);
});

it('fails an unknown video at once, without an item row', async () => {
  const { takedownId } = await recordedTakedown();
  const videoId = randomUUID();
  expect(await new MockActivityEnvironment({ attempt: 1 }).run(likenessTakedownActivities(ctx).takeDownForLikeness, { takedownId, videoId })).toBe('failed');
  expect(await itemOf(takedownId, videoId)).toBeUndefined();
});
