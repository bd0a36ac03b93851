/**
 * A bulk decision's audit records what happened (issue 10, section 3 item 10): the decided item's
 * own entry carries the batch id, refused items get no decision entry, and the one batch entry,
 * written after the last item, lists what was decided and what was refused with its sentence.
 */
import { randomUUID } from 'node:crypto';
import { callerAs, connectTestContext, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext, seedOpenAppealItem } from '../support/fixtures';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** An open item in a queue of its own that only seniors work (rows only: it is refused before any workflow is asked). */
async function seniorsOnlyItem(): Promise<string> {
  const queueId = `test_bulk_${randomUUID().slice(0, 8)}`;
  await ctx.db.insertInto('review_queues').values({
    id: queueId, name: 'Bulk audit seniors queue', sla_seconds: 3600, escalation_queue_id: null, allowed_roles: JSON.stringify(['senior_reviewer', 'admin']),
  }).execute();
  return seedOpenAppealItem(ctx.db, queueId, 'bulk audit test');
}

it('records each item as decided or refused, after the fact, and never a decision that did not happen', async () => {
  const creator = await createCreator(ctx.db);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const decidable = await openItemFor(ctx.db, requestId, 'prompt');
  const forbidden = await seniorsOnlyItem();
  const missing = randomUUID();

  const result = await callerAs(ctx, reviewer).review.bulkDecide({
    items: [
      { itemId: decidable.id, expectedVersion: decidable.version },
      { itemId: forbidden, expectedVersion: 1 },
      { itemId: missing, expectedVersion: 1 },
    ],
    decision: 'reject', reason: 'Misinformation',
  });
  expect(result.results).toEqual([
    { itemId: decidable.id, ok: true, outcome: 'decided', message: null },
    { itemId: forbidden, ok: false, outcome: 'refused', message: expect.stringMatching(/worked by senior_reviewer, admin; your role is reviewer/) },
    { itemId: missing, ok: false, outcome: 'refused', message: 'There is no review item with that id.' },
  ]);

  // Only the decided item has a decision entry, with the batch id.
  const decisions = await ctx.db.selectFrom('audit_log').select(['id', 'subject_id', 'after'])
    .where('subject_id', 'in', [decidable.id, forbidden, missing]).where('action', 'in', ['review.reject', 'review.approve']).execute();
  expect(decisions.map((d) => d.subject_id)).toEqual([decidable.id]);
  expect((decisions[0]!.after as { batchId: string }).batchId).toBe(result.batchId);

  // One batch entry, written after the item's own entry, saying what happened to each.
  const batch = await ctx.db.selectFrom('audit_log').select(['id', 'action', 'actor_label', 'after'])
    .where('subject_type', '=', 'batch').where('subject_id', '=', result.batchId).execute();
  expect(batch).toHaveLength(1);
  expect(batch[0]).toMatchObject({
    action: 'review.bulk', actor_label: reviewer.email,
    after: {
      decision: 'reject', reason: 'Misinformation', items: [decidable.id, forbidden, missing], decided: [decidable.id], failed: [],
      refused: [
        { itemId: forbidden, refusal: expect.stringMatching(/worked by senior_reviewer, admin/) },
        { itemId: missing, refusal: 'There is no review item with that id.' },
      ],
    },
  });
  expect(Number(batch[0]!.id)).toBeGreaterThan(Number(decisions[0]!.id));
  await ctx.temporal.workflow.getHandle(requestId).result();
});

it('records a batch in which every item was refused as refused, with no decision entries', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const forbidden = await seniorsOnlyItem();
  const result = await callerAs(ctx, reviewer).review.bulkDecide({ items: [{ itemId: forbidden, expectedVersion: 1 }], decision: 'approve', reason: 'Complies with policy' });
  expect(result.results.map((r) => r.outcome)).toEqual(['refused']);
  const entries = await ctx.db.selectFrom('audit_log').select(['action', 'subject_id', 'after']).where('subject_id', 'in', [forbidden, result.batchId]).execute();
  expect(entries.map((e) => e.action)).toEqual(['review.bulk']);
  expect(entries[0]!.after).toMatchObject({ decided: [], refused: [{ itemId: forbidden }] });
});
