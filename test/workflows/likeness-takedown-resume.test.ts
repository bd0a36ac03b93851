/**
 * A likeness takedown survives its worker dying halfway: this test runs its own pipeline worker on
 * its own task queues, lets it take the first page of uses down, then makes it die in the middle of
 * the second page, after some videos were removed but before it could report them (the worst
 * moment: the database says done, Temporal does not know). A new worker finishes the takedown;
 * every video is taken down exactly once, every creator told once, and the progress counts each
 * video once.
 */
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import { likenessTakedownActivities } from '../../activities/likeness-takedown';
import { getTakedownProgress } from '../../app/services/likeness-takedowns.server';
import { likenessTakedownWorkflowId, taskQueueNames, type LikenessTakedownActivities, type LikenessTakedownProgress } from '../../contracts';
import { startLikenessTakedown } from '../../app/services/workflow-client.server';
import { installWorkerRuntime, WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';
import { seedUse, type SeededUse } from '../support/likeness-uses';

const PREFIX = 'takedown-resume-test';
const quiet = { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} };

let ctx: TestContext;
let connection: NativeConnection;
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  ctx = await connectTestContext();
  // Loupe's runtime settings (warnings only) before this process's first worker connection.
  installWorkerRuntime();
  connection = await NativeConnection.connect({ address: inject('stack').temporalAddress });
  bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
}, 120_000);
afterAll(async () => {
  await connection?.close();
  await ctx?.close();
});

function pipelineWorker(activities: LikenessTakedownActivities): Promise<Worker> {
  return Worker.create({
    connection, namespace: 'default', taskQueue: taskQueueNames(PREFIX).pipeline, workflowBundle: bundle, activities,
    shutdownGraceTime: '2 seconds',
  });
}

it('finishes a takedown after its worker dies halfway, taking each video down once', async () => {
  const owner = await createCreator(ctx.db);
  const creators = await Promise.all(Array.from({ length: 8 }, () => createCreator(ctx.db)));
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  const uses: SeededUse[] = [];
  for (const creator of creators) uses.push(await seedUse(ctx.db, { creatorId: creator.id, cameoId: cameo.id, status: 'published' }));

  const real = likenessTakedownActivities({ db: ctx.db });
  let calls = 0;
  const dies: { worker?: Worker } = {};
  // From the fifth video on, the first worker removes the video and dies before reporting it.
  const dying: LikenessTakedownActivities = {
    ...real,
    async takeDownForLikeness(input) {
      calls++;
      const outcome = await real.takeDownForLikeness(input);
      if (calls < 5) return outcome;
      if (dies.worker?.getState() === 'RUNNING') dies.worker.shutdown();
      throw new Error('the worker died before it could report this video');
    },
  };
  const first = await pipelineWorker(dying);
  dies.worker = first;
  const firstRun = first.run();

  const { takedownId } = await startLikenessTakedown({ ...ctx, taskQueuePrefix: PREFIX }, {
    trigger: 'cameo_deleted', cameoId: cameo.id, subjectCreatorId: null, videoId: null, ledgerVersion: null,
    requestedBy: { kind: 'creator', id: owner.id }, reason: 'the owner deleted the cameo', pageSize: 3,
  });
  await firstRun;

  // Halfway: the first page's progress is saved, some of the second page's videos are removed, the rest are not.
  const handle = ctx.temporal.workflow.getHandle(likenessTakedownWorkflowId(takedownId));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  const halfway = await ctx.db.selectFrom('likeness_takedowns').selectAll().where('id', '=', takedownId).executeTakeFirstOrThrow();
  expect(halfway).toMatchObject({ state: 'taking_down', found: 3, taken_down: 3 });
  const removedHalfway = await ctx.db.selectFrom('videos').select('id').where('id', 'in', uses.map((u) => u.videoId)).where('status', '=', 'removed').execute();
  expect(removedHalfway.length).toBeGreaterThanOrEqual(5);
  expect(removedHalfway.length).toBeLessThan(8);
  // No worker answers the progress query now: the owner sees the progress saved after the first page.
  expect(await getTakedownProgress(ctx, takedownId, { kind: 'creator', creatorId: owner.id }))
    .toMatchObject({ state: 'taking_down', found: 3, takenDown: 3, alreadyDown: 0, failed: 0, live: false });

  const second = await pipelineWorker(real);
  const progress = await second.runUntil(handle.result() as Promise<LikenessTakedownProgress>);

  expect(progress).toEqual({ state: 'done', found: 8, takenDown: 8, alreadyDown: 0, failed: 0 });
  expect(await getTakedownProgress(ctx, takedownId, { kind: 'creator', creatorId: owner.id }))
    .toMatchObject({ state: 'done', found: 8, takenDown: 8, alreadyDown: 0, failed: 0, live: false });
  const ids = uses.map((u) => u.videoId);
  const statuses = await ctx.db.selectFrom('videos').select('status').where('id', 'in', ids).execute();
  expect(statuses.map((s) => s.status)).toEqual(Array(8).fill('removed'));
  const notices = await ctx.db.selectFrom('notifications').select('request_id')
    .where('kind', '=', 'video_taken_down_consent').where('request_id', 'in', uses.map((u) => u.requestId)).execute();
  expect(notices.map((n) => n.request_id).sort()).toEqual(uses.map((u) => u.requestId).sort());
  const audit = await ctx.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'video.takedown.likeness').where('subject_id', 'in', ids).execute();
  expect(audit.map((a) => a.subject_id).sort()).toEqual([...ids].sort());
  const items = await ctx.db.selectFrom('likeness_takedown_items').select('outcome').where('takedown_id', '=', takedownId).execute();
  expect(items.map((i) => i.outcome)).toEqual(Array(8).fill('taken_down'));
  expect(await ctx.db.selectFrom('likeness_takedowns').select(['state', 'found', 'taken_down', 'already_down', 'failed']).where('id', '=', takedownId).executeTakeFirstOrThrow())
    .toEqual({ state: 'done', found: 8, taken_down: 8, already_down: 0, failed: 0 });

  // The videos the first worker removed without reporting were run again by the second, and found done.
  const history = await handle.fetchHistory();
  const retried = (history.events ?? []).filter((event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  expect(retried.length).toBeGreaterThanOrEqual(1);
}, 180_000);
