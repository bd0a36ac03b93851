/**
 * A review decision carries a policy reason: tRPC refuses a missing or blank one with a sentence,
 * before anything reaches the workflow, so the item stays open and nothing is recorded.
 */
import { TRPCError } from '@trpc/server';
import { pipelineStatusQuery } from '../../contracts';
import { callerAs, connectTestContext, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext } from '../support/fixtures';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

it('refuses decide and bulkDecide without a policy reason and records nothing', async () => {
  const creator = await createCreator(ctx.db);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  const review = callerAs(ctx, reviewer).review;

  const attempts = [
    review.decide({ itemId: item.id, decision: 'approve', expectedVersion: item.version } as never),
    review.decide({ itemId: item.id, decision: 'reject', reason: '', expectedVersion: item.version }),
    review.decide({ itemId: item.id, decision: 'reject', reason: '   ', expectedVersion: item.version }),
    review.bulkDecide({ items: [{ itemId: item.id, expectedVersion: item.version }], decision: 'reject', reason: '' }),
  ];
  for (const attempt of attempts) {
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt).rejects.toThrow(/choose the policy reason for this decision/);
    // One sentence, not the length rule repeated for an empty reason.
    await expect(attempt).rejects.not.toThrow(/at least 3 characters/);
  }

  expect(await openItemFor(ctx.db, requestId, 'prompt')).toMatchObject({ state: 'open', version: item.version });
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', item.id).execute();
  expect(audit.filter((entry) => entry.action.startsWith('review.'))).toEqual([]);
  const batches = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'review.bulk').where('actor_label', '=', reviewer.email).execute();
  expect(batches).toEqual([]);
  const status = await ctx.temporal.workflow.getHandle(requestId).query(pipelineStatusQuery);
  expect(status).toMatchObject({ stage: 'prompt_review', pendingReview: { itemId: item.id } });

  // With a reason the same call goes through (so the refusals above were about the reason).
  await review.decide({ itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version });
  expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('rejected');
});
