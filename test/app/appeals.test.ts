/**
 * Appeals: a creator contests a block or a rejection through the API; the appeal waits in the
 * appeals queue; overturning resumes the pipeline (generation happens then) and publishes,
 * upholding ends it with the reason sent to the creator.
 */
import {
  callerAs, connectTestContext, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext,
} from '../support/fixtures';
import { appealWorkflowId } from '../../contracts';

const BLOCKED = 'Explicit porn scene, two naked people having sex';
const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

async function waitForAppealItem(requestId: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'queue_id', 'state']).where('request_id', '=', requestId).where('kind', '=', 'appeal').executeTakeFirst();
    if (item) return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The appeal never reached the appeals queue.');
}

it('overturning an appeal of a blocked prompt generates and publishes the video', async () => {
  const creator = await createCreator(ctx.db);
  const [admin, senior] = await Promise.all([createStaff(ctx.db, 'admin'), createStaff(ctx.db, 'senior_reviewer')]);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: BLOCKED });
  expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('blocked');

  await expect(callerAs(ctx, admin).appeals.submit({ requestId, creatorId: creator.id, statement: 'short' })).rejects.toThrow(/at least 10 characters/);
  await callerAs(ctx, admin).appeals.submit({ requestId, creatorId: creator.id, statement: 'This is a medical education clip, not pornography.' });
  await expect(
    callerAs(ctx, admin).appeals.submit({ requestId, creatorId: creator.id, statement: 'Appealing a second time, please.' }),
  ).rejects.toThrow(/already been appealed/);
  const item = await waitForAppealItem(requestId);
  expect(item).toMatchObject({ queue_id: 'appeals', state: 'open' });
  // The request stays blocked while the appeal waits.
  expect((await ctx.db.selectFrom('generation_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('blocked');

  await callerAs(ctx, senior).review.decide({ itemId: item.id, decision: 'approve', reason: 'False positive of the prompt rules', expectedVersion: item.version });
  const outcome = await ctx.temporal.workflow.getHandle(appealWorkflowId(requestId)).result();
  expect(outcome).toMatchObject({ appeal: 'overturned', request: { status: 'published' } });
  const video = await ctx.db.selectFrom('videos').select(['id', 'status']).where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(video.status).toBe('published');
  const appeal = await ctx.db.selectFrom('appeals').select(['status', 'outcome_reason']).where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(appeal).toEqual({ status: 'overturned', outcome_reason: 'False positive of the prompt rules' });
  const notices = await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', creator.id).orderBy('id').execute();
  expect(notices.map((n) => n.kind)).toEqual(['request_blocked', 'appeal_received', 'appeal_overturned', 'video_published']);
});

it('upholding an appeal of a rejected prompt ends it and tells the creator why', async () => {
  const creator = await createCreator(ctx.db);
  const [admin, reviewer, senior] = await Promise.all([createStaff(ctx.db, 'admin'), createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'senior_reviewer')]);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const promptItem = await openItemFor(ctx.db, requestId, 'prompt');
  await callerAs(ctx, reviewer).review.decide({ itemId: promptItem.id, decision: 'reject', reason: 'Misinformation', expectedVersion: promptItem.version });
  await ctx.temporal.workflow.getHandle(requestId).result();

  await callerAs(ctx, admin).appeals.submit({ requestId, creatorId: creator.id, statement: 'It is obviously a fictional film scene.' });
  const item = await waitForAppealItem(requestId);
  // Reviewers do not work the appeals queue.
  await expect(
    callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version }),
  ).rejects.toThrow(/Appeals queue is worked by/);
  await callerAs(ctx, senior).review.decide({ itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version });
  const outcome = await ctx.temporal.workflow.getHandle(appealWorkflowId(requestId)).result();
  expect(outcome).toMatchObject({ appeal: 'upheld', request: { status: 'rejected' } });
  const last = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', creator.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(last).toEqual({ kind: 'appeal_upheld', body: 'Your appeal was declined: Misinformation' });
  expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
});

it('refuses to appeal a request that was published', async () => {
  const creator = await createCreator(ctx.db);
  const admin = await createStaff(ctx.db, 'admin');
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A paper boat drifting down a rainy street at dusk' });
  await ctx.temporal.workflow.getHandle(requestId).result();
  await expect(
    callerAs(ctx, admin).appeals.submit({ requestId, creatorId: creator.id, statement: 'Nothing wrong here, just testing.' }),
  ).rejects.toThrow(/Only blocked or rejected requests can be appealed; this one is published/);
});
