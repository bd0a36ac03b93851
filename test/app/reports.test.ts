/**
 * User reports: reports of one video gather into one item; a takedown unpublishes the video at once
 * (never again on a public route) and records why; a reporter whose reports keep being rejected is muted.
 */
import { reportWorkflowId } from '../../contracts';
import { callerAs, createCreator, createStaff, submit, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

async function publishedVideo(prompt: string) {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  return { creator, requestId, videoId: result.videoId! };
}

async function openReportItem(requestId: string, minVersion = 1) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'queue_id', 'state']).where('request_id', '=', requestId).where('kind', '=', 'report').executeTakeFirst();
    if (item && item.state === 'open' && item.version >= minVersion) return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No open report item appeared.');
}

it('groups reports per video and a takedown removes it from every public route at once', async () => {
  const { creator, requestId, videoId } = await publishedVideo('Neon jellyfish floating through a night city');
  const [admin, reviewer] = await Promise.all([createStaff(ctx.db, 'admin'), createStaff(ctx.db, 'reviewer')]);
  const [r1, r2] = await Promise.all([createCreator(ctx.db), createCreator(ctx.db)]);
  await callerAs(ctx, admin).reports.submit({ videoId, reporterId: r1.id, reason: 'Violence', details: 'looks violent' });
  await callerAs(ctx, admin).reports.submit({ videoId, reporterId: r2.id, reason: 'Harassment' });
  const item = await openReportItem(requestId);
  expect(item.queue_id).toBe('user_reports');
  const deadline = Date.now() + 15_000;
  while ((await ctx.db.selectFrom('video_reports').select('id').where('video_id', '=', videoId).execute()).length < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).where('kind', '=', 'report').execute()).toHaveLength(1);

  expect((await fetch(`${server.url}/media/${videoId}.mp4`)).status).toBe(200);
  await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Graphic violence', expectedVersion: item.version });
  expect(await ctx.temporal.workflow.getHandle(reportWorkflowId(requestId)).result()).toEqual({ outcome: 'removed', reason: 'Graphic violence' });

  const video = await ctx.db.selectFrom('videos').select(['status', 'removed_reason']).where('id', '=', videoId).executeTakeFirstOrThrow();
  expect(video).toEqual({ status: 'removed', removed_reason: 'Graphic violence' });
  expect((await fetch(`${server.url}/media/${videoId}.mp4`)).status).toBe(404);
  const feed = (await (await fetch(`${server.url}/api/feed?limit=50`)).json()) as { items: { id: string }[] };
  expect(feed.items.map((i) => i.id)).not.toContain(videoId);
  const reports = await ctx.db.selectFrom('video_reports').select('status').where('video_id', '=', videoId).execute();
  expect(reports.map((r) => r.status)).toEqual(['upheld', 'upheld']);
  expect(await ctx.db.selectFrom('creator_strikes').select('reason').where('creator_id', '=', creator.id).execute()).toEqual([{ reason: 'Video taken down: Graphic violence' }]);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_type', '=', 'video').where('subject_id', '=', videoId).execute();
  expect(audit).toEqual([{ action: 'video.takedown', actor_staff_id: reviewer.id }]);
  await expect(callerAs(ctx, admin).reports.submit({ videoId, reporterId: r1.id, reason: 'Violence' })).rejects.toThrow(/Only published videos can be reported/);
});

it('mutes a reporter whose reports are repeatedly rejected', async () => {
  const { requestId, videoId } = await publishedVideo('Origami cranes taking flight from an open book');
  const [admin, reviewer] = await Promise.all([createStaff(ctx.db, 'admin'), createStaff(ctx.db, 'reviewer')]);
  const reporter = await createCreator(ctx.db);
  for (let round = 1; round <= 3; round++) {
    await callerAs(ctx, admin).reports.submit({ videoId, reporterId: reporter.id, reason: 'Spam' });
    const item = await openReportItem(requestId, round);
    await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'reject', reason: 'Complies with policy', expectedVersion: item.version });
    expect((await ctx.temporal.workflow.getHandle(reportWorkflowId(requestId)).result()).outcome).toBe('dismissed');
  }
  const muted = await ctx.db.selectFrom('creators').select('reports_muted_at').where('id', '=', reporter.id).executeTakeFirstOrThrow();
  expect(muted.reports_muted_at).not.toBeNull();
  // A muted reporter's report is kept but queues nothing.
  await callerAs(ctx, admin).reports.submit({ videoId, reporterId: reporter.id, reason: 'Spam' });
  expect(await ctx.temporal.workflow.getHandle(reportWorkflowId(requestId)).result()).toMatchObject({ outcome: 'nothing_to_review' });
  const statuses = await ctx.db.selectFrom('video_reports').select('status').where('reporter_id', '=', reporter.id).orderBy('id').execute();
  expect(statuses.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'muted']);
});
