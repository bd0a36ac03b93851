/**
 * A decision that arrives while the workflow is still registering its review item waits for the
 * registration instead of being refused.
 *
 * The openReviewItem activity commits the review_items row before the workflow hears back from it,
 * so for a moment the console shows an open item whose workflow has not yet learnt its result. This
 * file runs its own pipeline worker (own task-queue prefix) whose openReviewItem really writes the
 * row and then holds its result until the test lets it go, which makes that moment as long as the
 * test needs. Updates go straight through the Temporal client: no console, no retries.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities';
import type { RecordActivities } from '../../contracts';
import { submitRequest } from '../../app/services/submit-request.server';
import { loadConfig } from '../../config/env';
import { buildActivityDeps } from '../../scripts/stack/activity-deps';
import { installWorkerRuntime, WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { decideReviewUpdate, escalateReviewUpdate, taskQueueNames, type ReviewDecisionInput } from '../../contracts';
import { callerAs, connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';

const PREFIX = 'review-registration-test';
const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

/** Requests whose openReviewItem result is held back, and the functions that let each one go. */
const held = new Map<string, () => void>();

let ctx: TestContext;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  ctx = await connectTestContext();
  const stack = inject('stack');
  installWorkerRuntime();
  connection = await NativeConnection.connect({ address: stack.temporalAddress });
  // The test stack's data folder (media, signing CA) and no QA sampling, as its workers have.
  const config = loadConfig({ LOUPE_DATA_DIR: stack.dataDir, LOUPE_QA_SAMPLE_RATE: '0' });
  const { pipeline } = createActivities(
    await buildActivityDeps(config, ctx.db, { workDir: await fs.mkdtemp(path.join(stack.dataDir, 'registration-')) }),
  );
  const openReviewItem: RecordActivities['openReviewItem'] = async (input) => {
    const opened = await pipeline.openReviewItem(input); // the row is committed here
    // Issue 13: an item is about a request or a copyright claim; these tests hold request items.
    const subject = input.requestId ?? input.copyrightClaimId;
    await new Promise<void>((release) => {
      if (held.has(subject)) held.set(subject, release);
      else release();
    });
    return opened;
  };
  worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: taskQueueNames(PREFIX).pipeline,
    workflowsPath: WORKFLOWS_PATH,
    activities: { ...pipeline, openReviewItem },
  });
  running = worker.run();
});

afterAll(async () => {
  for (const release of held.values()) release();
  worker?.shutdown();
  await running;
  await connection?.close();
  await ctx.close();
});

/** Starts a flagged request whose prompt item will be written but not yet known to its workflow. */
async function requestWithHeldItem() {
  const creator = await createCreator(ctx.db);
  const requestId = randomUUID();
  held.set(requestId, () => {});
  await submitRequest({ ...ctx, taskQueuePrefix: PREFIX }, { creatorId: creator.id, prompt: FLAGGED, durationSeconds: 2, seed: 42 }, { requestId });
  // Polled tightly: the point is to act the moment the row exists.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const item = await ctx.db
      .selectFrom('review_items').select(['id', 'version', 'state'])
      .where('request_id', '=', requestId).where('kind', '=', 'prompt').executeTakeFirst();
    if (item) {
      expect(item.state).toBe('open');
      return { requestId, item, handle: ctx.temporal.workflow.getHandle(requestId), release: () => held.get(requestId)!() };
    }
    if (Date.now() > deadline) throw new Error(`Request ${requestId} never opened a prompt review item.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

const refusal = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((error as WorkflowUpdateFailedError).cause as Error).message;
};

describe('a review item that is still being registered', () => {
  it('accepts a decision sent the moment its row appears, holds it until the item is registered, then records it', async () => {
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const { requestId, item, handle, release } = await requestWithHeldItem();
    const decision: ReviewDecisionInput = {
      itemId: item.id, decision: 'reject', reason: 'Misinformation', note: null, reviewerId: reviewer.id, expectedVersion: item.version,
    };

    const update = await handle.startUpdate(decideReviewUpdate, { args: [decision], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const result = update.result();
    // Accepted but not acted on: the workflow waits for its item before deciding it.
    expect(await settledWithin(result, 500)).toBe(false);
    expect((await ctx.db.selectFrom('review_items').select('state').where('id', '=', item.id).executeTakeFirstOrThrow()).state).toBe('open');

    release();
    expect(await result).toEqual({ itemId: item.id, state: 'rejected', version: item.version + 1 });
    expect(await handle.result()).toMatchObject({ status: 'rejected', reason: 'Misinformation' });
    const row = await ctx.db.selectFrom('generation_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.status).toBe('rejected');
  });

  it('writes the row under the id the workflow minted, and refuses any other id once the item is registered', async () => {
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const { requestId, item, handle, release } = await requestWithHeldItem();
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? [])
      .map((event) => event.activityTaskScheduledEventAttributes)
      .find((attributes) => attributes?.activityType?.name === 'openReviewItem');
    const input = JSON.parse(Buffer.from(scheduled!.input!.payloads![0]!.data!).toString('utf8')) as { requestId: string; itemId?: string };
    expect(input).toMatchObject({ requestId, itemId: item.id });

    const stranger = handle.startUpdate(decideReviewUpdate, {
      args: [{ itemId: randomUUID(), decision: 'approve', reason: 'News context', note: null, reviewerId: reviewer.id, expectedVersion: item.version }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    }).then((update) => update.result());
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    expect(await refusal(stranger)).toBe('This review item is not waiting for a decision: it was already decided or belongs to another request.');
    expect(await handle.executeUpdate(decideReviewUpdate, {
      args: [{ itemId: item.id, decision: 'reject', reason: 'Misinformation', note: null, reviewerId: reviewer.id, expectedVersion: item.version }],
    })).toMatchObject({ itemId: item.id, state: 'rejected' });
    expect(await handle.result()).toMatchObject({ status: 'rejected' });
  });

  it('still refuses a stale version and a racing second decision, after the item is registered', async () => {
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const other = await createStaff(ctx.db, 'reviewer');
    const { item, handle, release } = await requestWithHeldItem();
    const decide = (staffId: string, expectedVersion: number) => handle.startUpdate(decideReviewUpdate, {
      args: [{ itemId: item.id, decision: 'reject', reason: 'Misinformation', note: null, reviewerId: staffId, expectedVersion }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    // Accepted in this order, so they are looked at in this order once the item is registered.
    const stale = await decide(reviewer.id, item.version + 5);
    const first = await decide(reviewer.id, item.version);
    const second = await decide(other.id, item.version);
    release();
    expect(await refusal(stale.result())).toBe(
      `This item changed since you opened it (it is at version ${item.version}, you saw ${item.version + 5}). Reload it and decide again.`,
    );
    expect(await first.result()).toMatchObject({ itemId: item.id, state: 'rejected' });
    expect(await refusal(second.result())).toBe('Another reviewer is deciding this item right now.');
    // The one accepted decision is the one recorded.
    const row = await ctx.db.selectFrom('review_items').select(['state', 'decided_by']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'rejected', decided_by: reviewer.id });
    expect(await handle.result()).toMatchObject({ status: 'rejected' });
  });

  it('lets a reviewer escalate an item that is still being registered', async () => {
    const reviewer = await createStaff(ctx.db, 'reviewer');
    const senior = await createStaff(ctx.db, 'senior_reviewer');
    const { item, handle, release } = await requestWithHeldItem();
    const escalation = handle.executeUpdate(escalateReviewUpdate, {
      args: [{ itemId: item.id, reason: 'Needs a senior: news context', staffId: reviewer.id, expectedVersion: item.version }],
    });
    expect(await settledWithin(escalation, 500)).toBe(false);
    release();
    expect(await escalation).toEqual({ itemId: item.id, queueId: 'senior_review', version: item.version + 1 });
    // Escalated once: the senior queue is the last one, and the senior decides through the console.
    const again = handle.executeUpdate(escalateReviewUpdate, {
      args: [{ itemId: item.id, reason: 'Again', staffId: reviewer.id, expectedVersion: item.version + 1 }],
    });
    expect(await refusal(again)).toBe('This item is already in the last escalation queue; decide it here.');
    await callerAs({ ...ctx, taskQueuePrefix: PREFIX }, senior).review.decide({
      itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version + 1,
    });
    expect(await handle.result()).toMatchObject({ status: 'rejected' });
  });
});
