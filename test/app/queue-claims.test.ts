/**
 * Claims respect who works a queue (issue 10, section 3 item 1): a reviewer cannot claim, hold or
 * start reviewing items of a queue worked by seniors (as Appeals is), a claim whose holder no
 * longer works the queue blocks nobody, and an admin can end anyone's claim, audited.
 */
import { randomUUID } from 'node:crypto';
import { leaseOf } from '../../db/queries/review-leases';
import { callerAs, connectTestContext, createStaff, seedOpenAppealItem, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let queueId: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  // A queue of this file's own with the Appeals queue's roles (migration 004), so no other test's
  // "Start reviewing" hands out these items.
  queueId = `test_claims_${randomUUID().slice(0, 8)}`;
  await ctx.db.insertInto('review_queues').values({
    id: queueId, name: 'Seniors-only test queue', sla_seconds: 3600, escalation_queue_id: null,
    allowed_roles: JSON.stringify(['senior_reviewer', 'admin']),
  }).execute();
});
afterAll(async () => ctx.close());

/** One open appeal item in the test queue (rows only: claims need no workflow). */
async function seedAppealItem(): Promise<string> {
  return seedOpenAppealItem(ctx.db, queueId, 'claims test');
}

async function auditOf(itemId: string) {
  return ctx.db.selectFrom('audit_log').select(['action', 'actor_label', 'before']).where('subject_type', '=', 'review_item').where('subject_id', '=', itemId).orderBy('id').execute();
}

it('refuses a reviewer claiming, holding or starting on items of a queue worked by seniors, and leaves no claim behind', async () => {
  const itemId = await seedAppealItem();
  const [reviewer, senior] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'senior_reviewer')]);
  const asReviewer = callerAs(ctx, reviewer).review;
  await expect(asReviewer.claim({ itemId })).rejects.toMatchObject({
    code: 'FORBIDDEN', message: 'The Seniors-only test queue queue is worked by senior_reviewer, admin; your role (reviewer) may not claim its items.',
  });
  await expect(asReviewer.hold({ itemId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(asReviewer.renew({ itemId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(asReviewer.start({ queueId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  expect(await leaseOf(ctx.db, itemId)).toBeNull();
  expect(await auditOf(itemId)).toEqual([]);

  // The queue's own people are not blocked by the attempt.
  await expect(callerAs(ctx, senior).review.claim({ itemId })).resolves.toMatchObject({ staffId: senior.id });
  await expect(callerAs(ctx, senior).review.hold({ itemId })).resolves.toMatchObject({ staffId: senior.id, held: true });
});

it('refuses handing an item to a colleague whose role does not work its queue', async () => {
  const itemId = await seedAppealItem();
  const [senior, reviewer] = await Promise.all([createStaff(ctx.db, 'senior_reviewer'), createStaff(ctx.db, 'reviewer')]);
  await callerAs(ctx, senior).review.claim({ itemId });
  await expect(callerAs(ctx, senior).review.handOver({ itemId, colleagueId: reviewer.id })).rejects.toMatchObject({
    code: 'FORBIDDEN', message: expect.stringMatching(/may not work the Seniors-only test queue queue/),
  });
  expect((await leaseOf(ctx.db, itemId))?.staffId).toBe(senior.id);
});

it('lets nobody be blocked by a claim whose holder no longer works the queue (re-roled since)', async () => {
  const itemId = await seedAppealItem();
  const [former, senior] = await Promise.all([createStaff(ctx.db, 'senior_reviewer'), createStaff(ctx.db, 'senior_reviewer')]);
  await callerAs(ctx, former).review.claim({ itemId });
  await callerAs(ctx, former).review.hold({ itemId });
  await ctx.db.updateTable('staff').set({ role: 'reviewer' }).where('id', '=', former.id).execute();
  const demoted = { ...former, role: 'reviewer' as const };

  // The left-over row no longer counts: nobody is shown as holding it, and a senior can take it.
  expect(await leaseOf(ctx.db, itemId)).toBeNull();
  const rows = await callerAs(ctx, senior).review.list({ queueId, claim: 'claimed' });
  expect(rows.rows.map((r) => r.id)).not.toContain(itemId);
  await expect(callerAs(ctx, senior).review.claim({ itemId })).resolves.toMatchObject({ staffId: senior.id });
  // ...and the former holder can neither hold it again nor release the senior's claim.
  await expect(callerAs(ctx, demoted).review.hold({ itemId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, demoted).review.release({ itemId })).rejects.toMatchObject({ code: 'CONFLICT' });
});

it('lets an admin end anyone’s claim, audited with whose claim it was; others may not', async () => {
  const itemId = await seedAppealItem();
  const [senior, admin, otherSenior] = await Promise.all([createStaff(ctx.db, 'senior_reviewer'), createStaff(ctx.db, 'admin'), createStaff(ctx.db, 'senior_reviewer')]);
  await callerAs(ctx, senior).review.claim({ itemId });
  await callerAs(ctx, senior).review.hold({ itemId });

  await expect(callerAs(ctx, otherSenior).review.forceRelease({ itemId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, otherSenior).review.claim({ itemId })).rejects.toMatchObject({ code: 'CONFLICT' });

  await callerAs(ctx, admin).review.forceRelease({ itemId });
  expect(await leaseOf(ctx.db, itemId)).toBeNull();
  const audit = await auditOf(itemId);
  expect(audit.map((a) => a.action)).toEqual(['review.claim', 'review.hold', 'review.force_release']);
  expect(audit[2]).toMatchObject({ actor_label: admin.email, before: { holder: senior.email, holderRole: 'senior_reviewer', held: true } });

  await expect(callerAs(ctx, otherSenior).review.claim({ itemId })).resolves.toMatchObject({ staffId: otherSenior.id });
  await callerAs(ctx, otherSenior).review.release({ itemId });
  await expect(callerAs(ctx, admin).review.forceRelease({ itemId })).rejects.toMatchObject({
    code: 'CONFLICT', message: 'Nobody holds a claim on this item; there is nothing to release.',
  });
});
