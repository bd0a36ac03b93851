/**
 * Issue 15: a worker process (LOUPE_GENERATOR=openai-videos) is killed (SIGKILL) while its
 * request's job is in progress at the provider, and a new one is started. The job's id was stored
 * before anything waited, so the new worker polls the same job: one job created at the provider,
 * one video row, one stored clip, and the request is published.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { submitRequest } from '../../app/services/submit-request.server';
import { startFakeVideosServer, type FakeVideosServer } from '../support/openai-videos-server';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';
import { spawnWorker, type LoupeProcess } from '../support/loupe-process';

const PREFIX = 'videos-restart-test';

let ctx: TestContext;
let provider: FakeVideosServer;

/** A worker of its own (all task queues under PREFIX) whose generator is the fake provider. */
function startWorkerProcess(dataDir: string): LoupeProcess {
  const stack = inject('stack');
  return spawnWorker([], {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    LOUPE_TASK_QUEUE_PREFIX: PREFIX,
    LOUPE_DATA_DIR: dataDir,
    LOUPE_QA_SAMPLE_RATE: '0',
    LOUPE_SEMANTIC_SCREENING: 'off',
    LOUPE_GENERATOR: 'openai-videos',
    LOUPE_OPENAI_VIDEOS_BASE_URL: provider.baseUrl,
    LOUPE_OPENAI_VIDEOS_API_KEY: provider.apiKey,
    LOUPE_OPENAI_VIDEOS_POLL_MS: '300',
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  ctx = await connectTestContext();
  const fixtureDir = await fs.mkdtemp(path.join(inject('stack').dataDir, 'videos-restart-fixture-'));
  const videoPath = path.join(fixtureDir, 'clip.mp4');
  const thumbnailPath = path.join(fixtureDir, 'thumbnail.jpg');
  await proceduralGenerator.generate({ requestId: 'provider-fixture', prompt: 'A lighthouse beam sweeping over a calm sea', seed: 3, durationSeconds: 4, width: 720, height: 1280 }, videoPath);
  await runFfmpeg(['-y', '-i', videoPath, '-frames:v', '1', thumbnailPath]);
  provider = await startFakeVideosServer({ videoPath, thumbnailPath });
}, 60_000);

afterAll(async () => {
  await provider?.close();
  await ctx?.close();
});

it('resumes the same provider job after its worker is killed mid-job: one job, one video', async () => {
  const dataDir = await fs.mkdtemp(path.join(inject('stack').dataDir, 'videos-restart-'));
  // Long enough that the kill lands while the job is still running at the provider.
  provider.plan({ completeAfterMs: 8000 });
  const first = startWorkerProcess(dataDir);
  await first.ready;
  const creator = await createCreator(ctx.db);
  const { requestId } = await submitRequest(
    { ...ctx, taskQueuePrefix: PREFIX },
    { creatorId: creator.id, prompt: 'Origami cranes taking flight from an open book', durationSeconds: 4, seed: 7, cameoIds: [] },
  );
  // The job exists at the provider and its id is stored: now the worker dies.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const job = await ctx.db.selectFrom('provider_video_jobs').select(['provider_job_id', 'status']).where('request_id', '=', requestId).executeTakeFirst();
    if (job?.provider_job_id && (job.status === 'queued' || job.status === 'in_progress')) break;
    if (Date.now() > deadline) throw new Error(`the provider job of ${requestId} was never created (last: ${JSON.stringify(job)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await first.stop('SIGKILL');

  const second = startWorkerProcess(dataDir);
  try {
    await second.ready;
    expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'published' });
  } finally {
    await second.stop();
  }

  expect(provider.jobsCreated()).toHaveLength(1);
  expect(provider.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos')).toHaveLength(1);
  const job = await ctx.db.selectFrom('provider_video_jobs').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(job).toMatchObject({ provider_job_id: provider.jobsCreated()[0], status: 'completed' });
  expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(1);
  const media = await filesUnder(path.join(dataDir, 'media'));
  expect(media.filter((file) => file.includes(`${path.sep}videos${path.sep}`))).toHaveLength(1);
  expect(media.filter((file) => file.includes(`${path.sep}raw${path.sep}`))).toHaveLength(1);
  expect(media.filter((file) => file.endsWith('.partial'))).toHaveLength(0);
}, 300_000);
