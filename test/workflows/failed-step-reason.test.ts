/**
 * A step that uses up its retries ends the request as failed, with a reason (issue 16). Before, the
 * workflow itself failed and the request row stayed in the step's status ("generating") for good,
 * which is what a database outage longer than the media and generation activities' retry budget
 * did (docs/scaling.md, "Faults"). Here the step fails for a reason that does not go away: a worker
 * of its own (scripts/worker.ts as a process, on its own task queues) whose fixture "clip" is a text
 * file, so every attempt to generate fails to read it, through all of its attempts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { submitRequest } from '../../app/services/submit-request.server';
import { connectTestContext, createCreator, waitForStatus, type TestContext } from '../support/fixtures';
import { spawnWorker, type LoupeProcess } from '../support/loupe-process';

const PREFIX = 'failed-step-test';

let ctx: TestContext;
let worker: LoupeProcess | undefined;

beforeAll(async () => {
  ctx = await connectTestContext();
  const stack = inject('stack');
  const dataDir = await fs.mkdtemp(path.join(stack.dataDir, 'failed-step-worker-'));
  const notAClip = path.join(dataDir, 'not-a-clip.mp4');
  await fs.writeFile(notAClip, 'this is text, not a video\n');
  worker = spawnWorker([], {
    DATABASE_URL: stack.databaseUrl, TEMPORAL_ADDRESS: stack.temporalAddress, LOUPE_TASK_QUEUE_PREFIX: PREFIX,
    LOUPE_DATA_DIR: dataDir, LOUPE_QA_SAMPLE_RATE: '0', LOUPE_FIXTURE_CLIP: notAClip, LOUPE_SEMANTIC_SCREENING: 'off',
  });
  await worker.ready;
});

afterAll(async () => {
  await worker?.stop();
  await ctx?.close();
});

it('ends a request whose generation step keeps failing as failed, naming the step and its error', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submitRequest(
    { ...ctx, taskQueuePrefix: PREFIX },
    { creatorId: creator.id, prompt: 'A lighthouse on a cliff at dusk, waves below', durationSeconds: 4, seed: 3 },
  );
  // beginClip's retry policy (workflows/provider-job.ts) allows 8 attempts over about three minutes.
  await waitForStatus(ctx.db, requestId, ['failed'], 330_000);
  const row = await ctx.db.selectFrom('generation_requests').select(['status', 'status_reason']).where('id', '=', requestId).executeTakeFirstOrThrow();
  expect(row.status).toBe('failed');
  expect(row.status_reason).toMatch(/^The beginClip step kept failing after its retries \(.+\), so nothing was published\. Submit the request again/);
  expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).executeTakeFirst()).toBeUndefined();
  // The workflow itself completed (it recorded the failure), rather than failing.
  const description = await ctx.temporal.workflow.getHandle(requestId).describe();
  expect(description.status.name).toBe('COMPLETED');
}, 360_000);
