/**
 * Issue 16, "Workers split by task queue": three worker processes, one per task queue
 * (`scripts/worker.ts --queues pipeline`, `media`, `generation`), and the console as a fourth
 * (`scripts/console.ts`), all against the test run's one PostgreSQL and Temporal server. A clip
 * submitted over HTTP to the console goes from prompt to published, and each step ran on the
 * process of its queue (the worker identity Temporal recorded for it).
 */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { freePort } from '../../scripts/stack/free-port';
import { callApiOverHttp, createTestAppClient } from '../support/app-api';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';
import { spawnLoupeProcess, spawnWorker, type LoupeProcess } from '../support/loupe-process';
import { waitUntil } from '../support/exactly-once';

// Queues of this file's own: the run's in-process workers serve `loupe-test-*`, not these.
const PREFIX = 'split-test';

let ctx: TestContext;
const processes: Partial<Record<'pipeline' | 'media' | 'generation' | 'console', LoupeProcess>> = {};
let consoleUrl: string;

beforeAll(async () => {
  const stack = inject('stack');
  ctx = await connectTestContext();
  const env = {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    LOUPE_TASK_QUEUE_PREFIX: PREFIX,
    // One data folder for the four: the local media store is shared the way a network volume or S3 would be.
    LOUPE_DATA_DIR: await mkdtemp(path.join(stack.dataDir, 'split-')),
    LOUPE_QA_SAMPLE_RATE: '0',
  };
  const port = await freePort();
  consoleUrl = `http://127.0.0.1:${port}`;
  processes.pipeline = spawnWorker(['pipeline'], env);
  processes.media = spawnWorker(['media'], env);
  processes.generation = spawnWorker(['generation'], env);
  processes.console = spawnLoupeProcess('console', [], { ...env, HOST: '127.0.0.1', PORT: String(port) }, '[console] listening on');
  await Promise.all(Object.values(processes).map((child) => child.ready));
});

afterAll(async () => {
  await Promise.all(Object.values(processes).map((child) => child.stop()));
  await ctx?.close();
});

it('takes a clip from prompt to published with one worker process per task queue and the console in a fourth', async () => {
  const creator = await createCreator(ctx.db);
  const { key } = await createTestAppClient(ctx);
  const submitted = await callApiOverHttp(consoleUrl, 'POST', '/requests', {
    key,
    creatorId: creator.id,
    body: { prompt: 'A paper lantern drifting over a calm lake at dusk', durationSeconds: 2, seed: 11 },
  });
  expect(submitted.status).toBe(202);
  const requestId = submitted.json.requestId as string;

  let status: Record<string, unknown> = {};
  await waitUntil('the request to be published', async () => {
    status = (await callApiOverHttp(consoleUrl, 'GET', `/requests/${requestId}`, { key, creatorId: creator.id })).json;
    return status.status === 'published' || status.status === 'failed' || status.status === 'blocked';
  }, 110_000);
  expect(status).toMatchObject({ status: 'published', video: { status: 'published' } });

  // Temporal records which worker ran each task: "<pid>@<host>", the SDK's default identity. Each
  // activity must have run on the process of the queue it was scheduled on, and each queue served some.
  const events = (await ctx.temporal.workflow.getHandle(requestId).fetchHistory()).events ?? [];
  const pidOf = (identity: string | null | undefined) => Number(identity?.split('@')[0]);
  const queueOf = new Map(events.filter((event) => event.activityTaskScheduledEventAttributes).map((event) => [String(event.eventId), event.activityTaskScheduledEventAttributes!.taskQueue?.name]));
  const ranOn = new Map<string, Set<number>>();
  for (const event of events) {
    const started = event.activityTaskStartedEventAttributes;
    if (!started) continue;
    const queue = queueOf.get(String(started.scheduledEventId)) ?? 'unknown';
    ranOn.set(queue, new Set([...(ranOn.get(queue) ?? []), pidOf(started.identity)]));
  }
  const workflowTasks = new Set(events.filter((event) => event.workflowTaskStartedEventAttributes).map((event) => pidOf(event.workflowTaskStartedEventAttributes!.identity)));

  expect(workflowTasks).toEqual(new Set([processes.pipeline!.child.pid]));
  expect(ranOn).toEqual(new Map([
    [`${PREFIX}-pipeline`, new Set([processes.pipeline!.child.pid])],
    [`${PREFIX}-media`, new Set([processes.media!.child.pid])],
    [`${PREFIX}-generation`, new Set([processes.generation!.child.pid])],
  ]));
});
