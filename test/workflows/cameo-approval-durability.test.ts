/**
 * Approval requests under stress, on this file's own pipeline worker (own task-queue prefix):
 * - checkConsent writes the approval row and tells the owner a moment before its workflow hears
 *   back; here its result is held until the test lets it go, and an owner's answer sent in that
 *   moment is accepted, waits, and is recorded once the workflow knows the approval; an answer for
 *   an approval the request never asked for is refused once the check is in;
 * - the expiry is a durable Temporal timer: with no worker running when it falls due, the request
 *   stays waiting, and the next worker blocks it as expired.
 * Only the pipeline queue runs: no request here reaches generation.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities';
import { createCameo } from '../../app/services/cameos.server';
import { startClipPipeline } from '../../app/services/workflow-client.server';
import { loadConfig } from '../../config/env';
import { answerCameoApprovalUpdate, taskQueueNames, type RecordActivities } from '../../contracts';
import { buildActivityDeps } from '../../scripts/stack/activity-deps';
import { installWorkerRuntime, WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';

const PREFIX = 'cameo-approval-durability-test';
const quiet = { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} };

/** Requests whose checkConsent result is held back, and the functions that let each one go. */
const held = new Map<string, () => void>();

let ctx: TestContext;
let connection: NativeConnection;
let bundle: WorkflowBundleWithSourceMap;
let pipeline: RecordActivities;

beforeAll(async () => {
  ctx = await connectTestContext();
  const stack = inject('stack');
  installWorkerRuntime();
  connection = await NativeConnection.connect({ address: stack.temporalAddress });
  bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const config = loadConfig({ LOUPE_DATA_DIR: stack.dataDir, LOUPE_QA_SAMPLE_RATE: '0' });
  ({ pipeline } = createActivities(await buildActivityDeps(config, ctx.db, { workDir: await fs.mkdtemp(path.join(stack.dataDir, 'approval-durability-')) })));
}, 120_000);

afterAll(async () => {
  for (const release of held.values()) release();
  await connection?.close();
  await ctx?.close();
});

function pipelineWorker(): Promise<Worker> {
  const checkConsent: RecordActivities['checkConsent'] = async (input) => {
    const outcome = await pipeline.checkConsent(input); // the approval row is committed here
    await new Promise<void>((release) => {
      if (held.has(input.requestId)) held.set(input.requestId, release);
      else release();
    });
    return outcome;
  };
  return Worker.create({
    connection, namespace: 'default', taskQueue: taskQueueNames(PREFIX).pipeline, workflowBundle: bundle,
    activities: { ...pipeline, checkConsent }, shutdownGraceTime: '2 seconds',
  });
}

/** A request by a new creator using a new owner's "people I approve" cameo, on this file's queues. */
async function requestNeedingApproval(expirySeconds: number, options: { hold: boolean }) {
  const [owner, requester] = [await createCreator(ctx.db), await createCreator(ctx.db)];
  const cameo = await createCameo(ctx, owner.id, { displayName: 'Nia', accessLevel: 'approved' });
  const requestId = randomUUID();
  if (options.hold) held.set(requestId, () => {});
  await startClipPipeline({ ...ctx, taskQueuePrefix: PREFIX }, {
    requestId, creatorId: requester.id, prompt: 'A paper boat drifting down a rainy street at dusk', durationSeconds: 2, width: 360, height: 640,
    seed: 3, cameoIds: [cameo.cameoId], remixOfVideoId: null, approvalExpirySeconds: expirySeconds,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const approval = await ctx.db.selectFrom('cameo_approval_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    if (approval) return { requestId, owner, approval, handle: ctx.temporal.workflow.getHandle(requestId) };
    if (Date.now() > deadline) throw new Error(`Request ${requestId} never asked for approval.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

it('accepts an answer sent while the consent check is still reporting, and records it once the approval is known', async () => {
  const worker = await pipelineWorker();
  await worker.runUntil(async () => {
    const { requestId, owner, approval, handle } = await requestNeedingApproval(120, { hold: true });
    const answer = await handle.startUpdate(answerCameoApprovalUpdate, {
      args: [{ approvalId: approval.id, ownerId: owner.id, decision: 'deny', note: 'No thanks' }], waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const stranger = handle.startUpdate(answerCameoApprovalUpdate, {
      args: [{ approvalId: randomUUID(), ownerId: owner.id, decision: 'approve' }], waitForStage: WorkflowUpdateStage.ACCEPTED,
    }).then((update) => update.result()).then(() => null, (caught: unknown) => caught);
    const result = answer.result();
    // Accepted but not acted on: the workflow does not know the approval yet.
    expect(await settledWithin(result, 500)).toBe(false);
    expect((await ctx.db.selectFrom('cameo_approval_requests').select('state').where('id', '=', approval.id).executeTakeFirstOrThrow()).state).toBe('pending');

    held.get(requestId)!();
    expect(await result).toEqual({ approvalId: approval.id, state: 'denied' });
    const refused = await stranger;
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as Error).message).toBe('This approval request is not waiting for an answer in this video request.');
    expect(await handle.result()).toMatchObject({ status: 'blocked', reason: 'The owner of the cameo "Nia" declined to let this requester use it.' });
  });
});

it('expires on a durable timer: nothing happens while no worker runs, and the next worker blocks the request', async () => {
  const first = await pipelineWorker();
  const { requestId, approval, handle } = await first.runUntil(async () => {
    const started = await requestNeedingApproval(3, { hold: false });
    // Wait until the workflow itself is waiting (not only the row written) before the worker goes.
    const deadline = Date.now() + 30_000;
    while ((await started.handle.query('pipelineStatus') as { stage: string }).stage !== 'cameo_approval') {
      if (Date.now() > deadline) throw new Error('The pipeline never started waiting for the approval.');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return started;
  });

  // No worker: the expiry falls due, but nobody can act on it yet.
  await new Promise((resolve) => setTimeout(resolve, 4_500));
  expect((await ctx.db.selectFrom('cameo_approval_requests').select('state').where('id', '=', approval.id).executeTakeFirstOrThrow()).state).toBe('pending');
  expect((await handle.describe()).status.name).toBe('RUNNING');

  const second = await pipelineWorker();
  const outcome = await second.runUntil(handle.result());
  expect(outcome).toMatchObject({ status: 'blocked', reason: 'The owner of the cameo "Nia" did not answer within 3 seconds, so the approval request counts as declined.' });
  expect((await ctx.db.selectFrom('cameo_approval_requests').select('state').where('id', '=', approval.id).executeTakeFirstOrThrow()).state).toBe('expired');
  const row = await ctx.db.selectFrom('generation_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
  expect(row.status).toBe('blocked');
}, 120_000);
