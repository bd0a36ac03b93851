/**
 * Claims on review items: "Start reviewing" hands out distinct items under exclusive leases,
 * leases expire back into the pool, renew, hold past their lease and go to a named colleague;
 * deciding requires holding the lease (or nobody holding one), and of two reviewers deciding one
 * item exactly one wins while the other gets the conflict sentence.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { claimItem, handOver, holdLease, leaseOf, renewLease, startReviewing } from '../../db/queries/review-leases';
import {
  callerAs, connectTestContext, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext,
} from '../support/fixtures';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
let queueId: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  // A queue of this file's own, so items other test files leave open never interfere.
  queueId = `test_leases_${randomUUID().slice(0, 8)}`;
  await ctx.db.insertInto('review_queues').values({ id: queueId, name: 'Lease test queue', sla_seconds: 3600, escalation_queue_id: null, allowed_roles: JSON.stringify(['reviewer', 'senior_reviewer', 'admin']) }).execute();
});
afterAll(async () => ctx.close());

/** Plain open items in the test queue (rows only: the lease mechanics do not need a workflow). */
async function seedItems(count: number, dueOffsetsSeconds: number[] = []) {
  const creator = await createCreator(ctx.db);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const requestId = randomUUID();
    await ctx.db.insertInto('generation_requests').values({
      id: requestId, creator_id: creator.id, prompt: `lease test ${i}`, prompt_sha256: 'x', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'prompt_review',
    }).execute();
    const id = randomUUID();
    await ctx.db.insertInto('review_items').values({
      id, request_id: requestId, kind: 'prompt', queue_id: queueId, state: 'open', flag_reasons: JSON.stringify(['test']),
      due_at: sql<Date>`now() + make_interval(secs => ${dueOffsetsSeconds[i] ?? 600 + i})`,
    }).execute();
    ids.push(id);
  }
  return ids;
}

async function clearQueue() {
  await ctx.db.updateTable('review_items').set({ state: 'cancelled' }).where('queue_id', '=', queueId).execute();
}

describe('leases', () => {
  it('hands two reviewers who start at the same moment different items, earliest due first', async () => {
    await clearQueue();
    const ids = await seedItems(3, [300, 100, 200]);
    const [a, b] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'reviewer')]);
    const [first, second] = await Promise.all([
      startReviewing(ctx.db, a, { queueId }),
      startReviewing(ctx.db, b, { queueId }),
    ]);
    expect(first?.itemId).toBeTruthy();
    expect(second?.itemId).toBeTruthy();
    expect(first!.itemId).not.toBe(second!.itemId);
    // The two most urgent items went out; the least urgent is still in the pool.
    expect(new Set([first!.itemId, second!.itemId])).toEqual(new Set([ids[1], ids[2]]));
    // Starting again returns the item you already hold instead of taking another.
    expect(await startReviewing(ctx.db, a, { queueId })).toEqual({ itemId: first!.itemId, resumed: true });
    // Others see who holds it.
    expect((await leaseOf(ctx.db, first!.itemId))?.staffEmail).toBe(a.email);
  });

  it('returns an expired lease to the pool, and a renewed one stays with its reviewer', async () => {
    await clearQueue();
    const [itemId] = await seedItems(1);
    const [a, b] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'reviewer')]);
    await claimItem(ctx.db, a, itemId!, 1);
    await expect(claimItem(ctx.db, b, itemId!)).rejects.toThrow(new RegExp(`${a.email} is reviewing this item`));
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await leaseOf(ctx.db, itemId!)).toBeNull();
    await expect(renewLease(ctx.db, a, itemId!)).rejects.toThrow(/do not hold a claim/);
    expect(await startReviewing(ctx.db, b, { queueId })).toEqual({ itemId, resumed: false });

    const renewed = await renewLease(ctx.db, b, itemId!, 120);
    expect(renewed!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 100_000);
    await expect(renewLease(ctx.db, a, itemId!)).rejects.toThrow(new RegExp(`${b.email} holds this item now`));
  });

  it('holds an item past its lease and sends it to a named colleague', async () => {
    await clearQueue();
    const [itemId] = await seedItems(1);
    const [a, b, auditor] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'senior_reviewer'), createStaff(ctx.db, 'auditor')]);
    await claimItem(ctx.db, a, itemId!, 1);
    const held = await holdLease(ctx.db, a, itemId!);
    expect(held).toMatchObject({ held: true, staffId: a.id });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Past the original one-second lease, the hold keeps it.
    expect((await leaseOf(ctx.db, itemId!))?.staffId).toBe(a.id);
    expect(await startReviewing(ctx.db, b, { queueId })).toBeNull();

    await expect(handOver(ctx.db, a, itemId!, auditor.id)).rejects.toThrow(/may not work the Lease test queue/);
    const handed = await handOver(ctx.db, a, itemId!, b.id);
    expect(handed).toMatchObject({ staffId: b.id, held: true });
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_type', '=', 'review_item').where('subject_id', '=', itemId!).orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual(['review.claim', 'review.hold', 'review.hand_over']);
  });
});

describe('which items "Start reviewing" hands out', () => {
  it('hands out every kind a review gate waits on (likeness complaints and the copyright kinds too), and not a provenance alert', async () => {
    await clearQueue();
    const [promptItem] = await seedItems(1, [100]);
    const requestId = (await ctx.db.selectFrom('review_items').select('request_id').where('id', '=', promptItem!).executeTakeFirstOrThrow()).request_id!;
    const kinds = ['likeness_complaint', 'copyright_match', 'copyright_dispute', 'provenance'] as const;
    const ids: Record<string, string> = {};
    for (const [i, kind] of kinds.entries()) {
      ids[kind] = randomUUID();
      await ctx.db.insertInto('review_items').values({
        id: ids[kind]!, request_id: requestId, kind, queue_id: queueId, state: 'open', flag_reasons: JSON.stringify(['test']),
        due_at: sql<Date>`now() + make_interval(secs => ${10 + i})`,
      }).execute();
    }
    const handedOut: string[] = [];
    for (let i = 0; i < 5; i++) {
      const next = await startReviewing(ctx.db, await createStaff(ctx.db, 'reviewer'), { queueId });
      if (next) handedOut.push(next.itemId);
    }
    expect(handedOut.slice(0, 3)).toEqual([ids.likeness_complaint, ids.copyright_match, ids.copyright_dispute]);
    expect(handedOut).toContain(promptItem);
    expect(handedOut).not.toContain(ids.provenance);
  });
});

describe('deciding under claims (through the workflow)', () => {
  it('refuses a decision from someone not holding the lease, and of two racing decisions exactly one wins', async () => {
    const creator = await createCreator(ctx.db);
    const [a, b] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'reviewer')]);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
    await waitForStatus(ctx.db, requestId, ['prompt_review']);
    const item = await openItemFor(ctx.db, requestId, 'prompt');

    await callerAs(ctx, a).review.claim({ itemId: item.id });
    await expect(
      callerAs(ctx, b).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version }),
    ).rejects.toThrow(new RegExp(`${a.email} is reviewing this item`));
    await callerAs(ctx, a).review.release({ itemId: item.id });

    // Nobody holds it now: both decide at once; the workflow's validator lets exactly one through.
    const outcomes = await Promise.allSettled([
      callerAs(ctx, a).review.decide({ itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version }),
      callerAs(ctx, b).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(String(lost[0]!.reason.message)).toMatch(/deciding this item right now|already decided|already (approved|rejected)|changed since you opened it/);
    const decided = await ctx.db.selectFrom('review_items').select(['state', 'version']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(decided.version).toBe(item.version + 1);
    // The winner's decision is what the pipeline acted on: a reject ends it, an approve moves it on
    // to clip review (a reviewed prompt's clip is always checked), where it would wait for a human.
    const winner = decided.state === 'rejected' ? 'rejected' : 'clip_review';
    expect(decided.state).toBe(winner === 'rejected' ? 'rejected' : 'approved');
    await waitForStatus(ctx.db, requestId, [winner]);
    if (winner === 'clip_review') await ctx.temporal.workflow.getHandle(requestId).terminate('test finished');
  });

  it('lets a reviewer escalate an item to senior review through the workflow', async () => {
    const creator = await createCreator(ctx.db);
    const [reviewer, senior] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'senior_reviewer')]);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
    await waitForStatus(ctx.db, requestId, ['prompt_review']);
    const item = await openItemFor(ctx.db, requestId, 'prompt');
    await callerAs(ctx, reviewer).review.claim({ itemId: item.id });
    const escalated = await callerAs(ctx, reviewer).review.escalate({ itemId: item.id, reason: 'Possible legal issue', expectedVersion: item.version });
    expect(escalated).toMatchObject({ queueId: 'senior_review', version: item.version + 1 });
    const row = await ctx.db.selectFrom('review_items').select(['queue_id', 'escalated_by', 'escalation_reason']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ queue_id: 'senior_review', escalated_by: reviewer.id, escalation_reason: 'Possible legal issue' });
    // The reviewer's claim ended with the move, and their role cannot decide in the senior queue.
    expect(await leaseOf(ctx.db, item.id)).toBeNull();
    await expect(
      callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version + 1 }),
    ).rejects.toThrow(/Senior review .* is worked by/);
    await expect(
      callerAs(ctx, senior).review.escalate({ itemId: item.id, reason: 'again', expectedVersion: item.version + 1 }),
    ).rejects.toThrow(/last escalation queue/);
    await callerAs(ctx, senior).review.decide({
      itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version + 1, creatorNote: 'Depicting fake election fraud is not allowed.',
    });
    expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('rejected');
    const notices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', creator.id).orderBy('id').execute();
    expect(notices.map((n) => n.kind)).toEqual(['review_note', 'request_rejected']);
    const strikes = await ctx.db.selectFrom('creator_strikes').select('reason').where('creator_id', '=', creator.id).execute();
    expect(strikes).toEqual([{ reason: 'Misinformation' }]);
  });
});
