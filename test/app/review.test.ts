/**
 * The review console's reads and writes beyond claims: keyset pages with filters and sorting,
 * bulk decisions stamped with one batch id, the QA sample queue with an org-configurable share,
 * the review screen's keyframes, lineage, creator history and timeline, and wellness preferences.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { callerAs, connectTestContext, createCameo, createCreator, createStaff, openItemFor, submit, waitForStatus, type TestContext } from '../support/fixtures';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

it('pages a filtered queue with a keyset cursor, in either direction, without repeats', async () => {
  const queueId = `test_pages_${randomUUID().slice(0, 8)}`;
  await ctx.db.insertInto('review_queues').values({ id: queueId, name: 'Paging test', sla_seconds: 3600, escalation_queue_id: null, allowed_roles: JSON.stringify(['reviewer']) }).execute();
  const creator = await createCreator(ctx.db);
  for (let i = 0; i < 7; i++) {
    const requestId = randomUUID();
    await ctx.db.insertInto('generation_requests').values({ id: requestId, creator_id: creator.id, prompt: `page ${i}`, prompt_sha256: 'x', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'prompt_review' }).execute();
    await ctx.db.insertInto('review_items').values({
      id: randomUUID(), request_id: requestId, kind: i % 2 === 0 ? 'prompt' : 'clip', queue_id: queueId, state: 'open', flag_reasons: '[]',
      // Two items share a due time: the id breaks the tie, so no row is skipped or repeated.
      due_at: sql<Date>`now() + make_interval(mins => ${i === 3 ? 2 : i})`,
    }).execute();
  }
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const trpc = callerAs(ctx, reviewer).review;
  for (const direction of ['asc', 'desc'] as const) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof trpc.list>> = await trpc.list({ queueId, sort: 'due_at', direction, limit: 3, cursor });
      seen.push(...page.rows.map((r) => r.prompt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const dues = seen.map((p) => Number(p.split(' ')[1]));
    expect(dues[0]).toBe(direction === 'asc' ? 0 : 6);
  }
  const clips = await trpc.list({ queueId, kind: 'clip', limit: 50 });
  expect(clips.rows.map((r) => r.kind)).toEqual(['clip', 'clip', 'clip']);
  await expect(trpc.list({ queueId, cursor: 'garbage' })).rejects.toThrow(/cursor is not valid/);
});

it('bulk decisions carry one batch id on every item’s audit entry', async () => {
  const creator = await createCreator(ctx.db);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const requests = await Promise.all([0, 1].map(() => submit(ctx, { creatorId: creator.id, prompt: FLAGGED })));
  for (const r of requests) await waitForStatus(ctx.db, r.requestId, ['prompt_review']);
  const items = await Promise.all(requests.map((r) => openItemFor(ctx.db, r.requestId, 'prompt')));
  const result = await callerAs(ctx, reviewer).review.bulkDecide({
    items: items.map((i) => ({ itemId: i.id, expectedVersion: i.version })), decision: 'reject', reason: 'Misinformation',
  });
  expect(result.results.every((r) => r.ok)).toBe(true);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('subject_id', 'in', items.map((i) => i.id)).where('action', '=', 'review.reject').execute();
  expect(audit).toHaveLength(2);
  expect(audit.map((a) => (a.after as { batchId: string }).batchId)).toEqual([result.batchId, result.batchId]);
  const batch = await ctx.db.selectFrom('audit_log').select('after').where('subject_type', '=', 'batch').where('subject_id', '=', result.batchId).executeTakeFirstOrThrow();
  expect((batch.after as { items: string[] }).items).toHaveLength(2);
  for (const r of requests) await ctx.temporal.workflow.getHandle(r.requestId).result();
});

it('samples a configurable share of auto-approved clips into the QA queue', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  await callerAs(ctx, admin).review.setQaSampleRate({ rate: 1 });
  try {
    const creator = await createCreator(ctx.db);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'Time-lapse of a sunflower field under rolling clouds' });
    await waitForStatus(ctx.db, requestId, ['clip_review']);
    const item = await openItemFor(ctx.db, requestId, 'clip');
    expect(item.queue_id).toBe('qa_sample');
    await callerAs(ctx, admin).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
    expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('published');
  } finally {
    await callerAs(ctx, admin).review.setQaSampleRate({ rate: null });
  }
});

it('gives the review screen keyframes, remix lineage, creator history and a full timeline', async () => {
  const owner = await createCreator(ctx.db);
  const creator = await createCreator(ctx.db);
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const parent = await submit(ctx, { creatorId: owner.id, prompt: 'Lanterns rising over a calm lake at night' });
  const parentVideo = (await ctx.temporal.workflow.getHandle(parent.requestId).result()).videoId!;
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'The lanterns drifting into the stars', cameoIds: [cameo.id], remixOfVideoId: parentVideo });
  await waitForStatus(ctx.db, requestId, ['clip_review']);
  const item = await openItemFor(ctx.db, requestId, 'clip');
  await callerAs(ctx, reviewer).review.claim({ itemId: item.id });

  const detail = await callerAs(ctx, reviewer).review.item({ itemId: item.id });
  expect(detail.keyframes.length).toBeGreaterThanOrEqual(4);
  for (const frame of detail.keyframes) expect(await ctx.media.exists(frame.storage_key)).toBe(true);
  expect(detail.lineage.ancestors).toEqual([expect.objectContaining({ id: parentVideo, handle: owner.handle })]);
  expect(detail.creator).toMatchObject({ strikes: 0 });
  expect(detail.lease).toMatchObject({ staffEmail: reviewer.email });
  const whats = detail.timeline.map((e) => e.what);
  expect(whats[0]).toBe('request submitted');
  expect(whats).toEqual(expect.arrayContaining([expect.stringMatching(/^prompt screened: allow/), 'clip review item opened in clip_review', 'review.claim']));
  await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
  await ctx.temporal.workflow.getHandle(requestId).result();
});

it('applies org wellness defaults unless a reviewer sets their own', async () => {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const trpc = callerAs(ctx, reviewer).review;
  const initial = await trpc.wellness();
  expect(initial.effective).toEqual(initial.defaults);
  expect(initial.defaults).toMatchObject({ greyscale: true, muted: true });
  const saved = await trpc.saveWellness({ blurPx: 12, greyscale: null, muted: false });
  expect(saved.effective).toEqual({ blurPx: 12, greyscale: initial.defaults.greyscale, muted: false });
  await expect(trpc.setOrgWellness({ blurPx: 1, greyscale: false, muted: false })).rejects.toThrow(/may not do this/);
});
