/**
 * Issue 15: clips made at a provider speaking the OpenAI-compatible Videos API, through real
 * PostgreSQL and Temporal, against a local server implementing the documented contract
 * (test/support/openai-videos-server.ts). Workers of this file run with LOUPE_GENERATOR=openai-videos
 * on their own task queues; the provider serves a real MP4 (the procedural stand-in's), so
 * moderation and C2PA signing run for real. Webhooks go to the console's real HTTP route.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection } from '@temporalio/worker';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { inject } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../activities/deps';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { videoProviderActivities } from '../../activities/generation/provider-job';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { receiveVideoWebhook } from '../../app/services/video-webhooks.server';
import { loadConfig } from '../../config/env';
import { buildActivityDeps } from '../../scripts/stack/activity-deps';
import { startHttpServer } from '../../scripts/stack/http-server';
import { installWorkerRuntime, startWorkers, WORKFLOWS_PATH, type RunningWorkers } from '../../scripts/stack/workers';
import { startFakeVideosServer, type FakeVideosServer } from '../support/openai-videos-server';
import { callerAs, connectTestContext, createCreator, createStaff, waitForStatus, type TestContext } from '../support/fixtures';
import { submitRequest } from '../../app/services/submit-request.server';

const PREFIX = 'videos-test';
const JOB_TIMEOUT_SECONDS = 6;

let ctx: TestContext;
let provider: FakeVideosServer;
let workers: RunningWorkers;
let connection: NativeConnection;
let consoleServer: Awaited<ReturnType<typeof startHttpServer>>;
let fixtureDir: string;
let deps: ActivityDeps;

beforeAll(async () => {
  const stack = inject('stack');
  ctx = await connectTestContext();
  fixtureDir = await fs.mkdtemp(path.join(stack.dataDir, 'videos-provider-'));
  // The provider's clip: a real 4 s portrait MP4, and a JPEG of its first frame as the thumbnail.
  const videoPath = path.join(fixtureDir, 'provider-clip.mp4');
  const thumbnailPath = path.join(fixtureDir, 'provider-thumbnail.jpg');
  await proceduralGenerator.generate({ requestId: 'provider-fixture', prompt: 'A lighthouse beam sweeping over a calm sea', seed: 3, durationSeconds: 4, width: 720, height: 1280 }, videoPath);
  await runFfmpeg(['-y', '-i', videoPath, '-frames:v', '1', thumbnailPath]);
  provider = await startFakeVideosServer({ videoPath, thumbnailPath });

  const config = loadConfig({
    LOUPE_DATA_DIR: stack.dataDir, LOUPE_TASK_QUEUE_PREFIX: PREFIX, LOUPE_QA_SAMPLE_RATE: '0',
    LOUPE_GENERATOR: 'openai-videos', LOUPE_OPENAI_VIDEOS_BASE_URL: provider.baseUrl, LOUPE_OPENAI_VIDEOS_API_KEY: provider.apiKey,
    LOUPE_OPENAI_VIDEOS_MODEL: 'sora-2', LOUPE_OPENAI_VIDEOS_PRICE_PER_SECOND: '0.10', LOUPE_OPENAI_VIDEOS_POLL_MS: '300',
    LOUPE_OPENAI_VIDEOS_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS),
  });
  // The semantic layer is not what this file tests; without it the workers start in seconds.
  deps = await buildActivityDeps(config, ctx.db, { semantic: null });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } });
  installWorkerRuntime();
  connection = await NativeConnection.connect({ address: stack.temporalAddress });
  workers = await startWorkers({ connection, namespace: 'default', taskQueuePrefix: PREFIX, workflowBundle, deps });
  consoleServer = await startHttpServer({ context: { ...ctx, taskQueuePrefix: PREFIX, videosWebhookSecret: provider.webhookSecret }, host: '127.0.0.1', port: 0 });
  provider.deliverWebhooksTo(`${consoleServer.url}/api/webhooks/videos`);
}, 120_000);

afterAll(async () => {
  await consoleServer?.close();
  await workers?.shutdown();
  await connection?.close();
  await provider?.close();
  await ctx?.close();
});

async function submitAt(prompt: string, extra: { durationSeconds?: number; sourceImageBase64?: string; remixOfVideoId?: string } = {}) {
  const creator = await createCreator(ctx.db);
  return submitRequest({ ...ctx, taskQueuePrefix: PREFIX }, { creatorId: creator.id, prompt, durationSeconds: 4, seed: 1, cameoIds: [], ...extra });
}

async function jobRow(requestId: string) {
  return ctx.db.selectFrom('provider_video_jobs').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
}

async function historyOf(requestId: string) {
  return (await ctx.temporal.workflow.getHandle(requestId).fetchHistory()).events ?? [];
}

/** The first test's published video, made at the provider: the parent of the remix test. */
let providerVideoId: string;

it('makes a clip at the provider by polling: one job, published, signed and Trusted, the provider named, the cost recorded', async () => {
  provider.plan({ completeAfterMs: 1500 });
  const createdBefore = provider.jobsCreated().length;
  // Image-to-video, so the source image's way to the provider is checked on the same run.
  const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png().toBuffer();
  const { requestId } = await submitAt('A paper boat drifting down a rainy street at dusk', { sourceImageBase64: image.toString('base64') });
  const outcome = await ctx.temporal.workflow.getHandle(requestId).result();
  expect(outcome).toMatchObject({ status: 'published' });
  providerVideoId = outcome.videoId!;

  expect(provider.jobsCreated().length - createdBefore).toBe(1);
  const create = provider.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos').at(-1)!;
  expect(create.fields).toMatchObject({ prompt: 'A paper boat drifting down a rainy street at dusk', model: 'sora-2', seconds: '4', size: '720x1280' });
  expect(create.authorization).toBe(`Bearer ${provider.apiKey}`);
  expect(create.idempotencyKey).toBe(`loupe-clip-${requestId}`);
  // The source image goes as input_reference (fitted to 720x1280 as the API wants).
  expect(create.inputReferenceBytes).toBeGreaterThan(0);

  const job = await jobRow(requestId);
  expect(job).toMatchObject({ provider: 'openai-videos', status: 'completed', progress: 100, seconds: '4', size: '720x1280', cost_usd: '0.4000' });
  expect(provider.requests.filter((r) => r.method === 'GET' && r.path === `/v1/videos/${job.provider_job_id}`).length).toBeGreaterThanOrEqual(1);
  expect(provider.requests.some((r) => r.path === `/v1/videos/${job.provider_job_id}/content`)).toBe(true);
  expect(job.thumbnail_key).toMatch(/^thumbnails\/[0-9a-f]{64}\.jpg$/);

  const video = await ctx.db.selectFrom('videos').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(video.validation_state).toBe('Trusted');
  expect(video.generator).toMatchObject({ id: 'openai-videos', name: 'sora-2 (OpenAI-compatible Videos API)' });
  // The manifest's c2pa.created action names the provider as its softwareAgent.
  expect(JSON.stringify(video.manifest)).toContain('sora-2 (OpenAI-compatible Videos API)');

  // The dashboard sums what the provider's clips cost (4 s at $0.10 a second here).
  const auditor = await createStaff(ctx.db, 'auditor');
  const { generationCosts } = await callerAs({ ...ctx, taskQueuePrefix: PREFIX }, auditor).metrics.dashboard({ days: 1 });
  const costs = generationCosts.find((c) => c.provider === 'openai-videos');
  expect(costs?.jobs).toBeGreaterThanOrEqual(1);
  expect(Number(costs?.costUsd)).toBeGreaterThanOrEqual(0.4);
});

it('remixes at the provider when the parent clip was made there (POST /videos/{id}/remix)', async () => {
  provider.plan({ completeAfterMs: 600 });
  const parent = await ctx.db.selectFrom('videos').select('request_id').where('id', '=', providerVideoId).executeTakeFirstOrThrow();
  const parentJob = await jobRow(parent.request_id);
  const { requestId } = await submitAt('The same paper boat, now at night', { remixOfVideoId: providerVideoId });
  expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'published' });
  expect(provider.requests.some((r) => r.method === 'POST' && r.path === `/v1/videos/${parentJob.provider_job_id}/remix`)).toBe(true);
  expect(await jobRow(requestId)).toMatchObject({ remix_of_provider_job_id: parentJob.provider_job_id, status: 'completed' });
});

it('finishes on the webhook, not the poll timer: a verified video.completed signals the workflow', async () => {
  // The provider asks for a minute between polls, so only the webhook can finish this in time.
  provider.plan({ completeAfterMs: 800, pollAfterMs: 60_000, webhook: 'valid' });
  const { requestId } = await submitAt('Lanterns rising over a quiet lake');
  expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'published' });
  const job = await jobRow(requestId);
  const delivery = provider.webhookDeliveries.find((d) => d.jobId === job.provider_job_id);
  expect(delivery).toMatchObject({ forged: false, status: 200 });
  const signals = (await historyOf(requestId)).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'providerJobUpdate');
  expect(signals).toHaveLength(1);
  // The minute-long poll timer was cut short by the signal, not waited out.
  const events = await historyOf(requestId);
  expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(1);
  expect(events.filter((e) => e.timerFiredEventAttributes && e.timerFiredEventAttributes.timerId).length).toBeLessThanOrEqual(1);

  // The same delivery again (a replay): answered, recorded once, not signalled a second time.
  const replay = await fetch(`${consoleServer.url}/api/webhooks/videos`, { method: 'POST', headers: delivery!.headers, body: delivery!.body });
  expect(replay.status).toBe(200);
  expect(await replay.json()).toMatchObject({ received: true, message: expect.stringContaining('received before') });
  expect((await historyOf(requestId)).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'providerJobUpdate')).toHaveLength(1);
});

it('refuses a forged webhook (401) and still finishes the clip by polling', async () => {
  provider.plan({ completeAfterMs: 500, pollAfterMs: 1500, webhook: 'forged' });
  const { requestId } = await submitAt('A windmill turning slowly in a field of tulips');
  await waitForStatus(ctx.db, requestId, ['published'], 60_000);
  const job = await jobRow(requestId);
  expect(provider.webhookDeliveries.find((d) => d.jobId === job.provider_job_id)).toMatchObject({ forged: true, status: 401 });
  expect((await historyOf(requestId)).some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'providerJobUpdate')).toBe(false);
});

it('refuses a validly signed webhook stamped more than 5 minutes ago, and one without its headers', async () => {
  const webhookId = 'msg_old';
  const sentAt = new Date(Date.now() - 6 * 60 * 1000);
  const body = JSON.stringify({ id: 'evt_old', object: 'event', created_at: 1, type: 'video.completed', data: { id: 'video_whatever' } });
  const signature = new Webhook(provider.webhookSecret).sign(webhookId, sentAt, body);
  const headers = new Headers({ 'webhook-id': webhookId, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': signature });
  const context = { ...ctx, videosWebhookSecret: provider.webhookSecret };
  expect(await receiveVideoWebhook(context, body, headers)).toMatchObject({ status: 401, body: { message: expect.stringContaining('5 minutes') } });
  expect(await receiveVideoWebhook(context, body, new Headers())).toMatchObject({ status: 400 });
  // Stamped now, signed with another secret: forged.
  const now0 = new Date();
  const forged = new Headers({ 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(now0.getTime() / 1000)), 'webhook-signature': new Webhook(`whsec_${Buffer.from('not-the-configured-secret-at-all').toString('base64')}`).sign('msg_forged', now0, body) });
  expect(await receiveVideoWebhook(context, body, forged)).toMatchObject({ status: 401, body: { message: expect.stringContaining('signature does not match') } });
  // Signed now, but about a job Loupe does not know.
  const now = new Date();
  const fresh = new Headers({ 'webhook-id': 'msg_unknown', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(provider.webhookSecret).sign('msg_unknown', now, body) });
  expect(await receiveVideoWebhook(context, body, fresh)).toMatchObject({ status: 404 });
});

it('ends the request with the provider\'s moderation refusal, kept word for word, without retrying it', async () => {
  provider.plan({ refuseCreate: { status: 400, code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' } });
  const { requestId } = await submitAt('A crowded market at noon, seen from above');
  const row = await waitForStatus(ctx.db, requestId, ['failed']);
  expect(row.status_reason).toBe('The video provider refused the request (moderation_blocked): Your request was blocked by our moderation system.');
  const begins = (await historyOf(requestId)).filter((e) => e.activityTaskStartedEventAttributes && (e.activityTaskStartedEventAttributes.attempt ?? 1) > 1);
  expect(begins).toHaveLength(0);
  expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
});

it('ends the request with the provider\'s message when the job itself fails', async () => {
  provider.plan({ completeAfterMs: 400, fail: { code: 'moderation_blocked', message: 'The generated video did not pass our content policy.' } });
  const { requestId } = await submitAt('A fox crossing a snowy road at dawn');
  const row = await waitForStatus(ctx.db, requestId, ['failed']);
  expect(row.status_reason).toBe('The video provider could not make the clip (moderation_blocked): The generated video did not pass our content policy.');
  expect(await jobRow(requestId)).toMatchObject({ status: 'failed', error_code: 'moderation_blocked' });
});

it('retries a 429 with backoff and then succeeds, creating one job', async () => {
  provider.plan({ completeAfterMs: 500, throttleCreates: 1, failPolls: 1 });
  const createdBefore = provider.jobsCreated().length;
  const { requestId } = await submitAt('Bicycles leaning on a sunny wall');
  expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'published' });
  expect(provider.jobsCreated().length - createdBefore).toBe(1);
  const retried = (await historyOf(requestId)).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  expect(retried.length).toBeGreaterThanOrEqual(2); // the throttled create and the poll that met a 500
});

it('refuses a duration the provider cannot make before any call, with a sentence', async () => {
  const requestsBefore = provider.requests.length;
  const { requestId } = await submitAt('A hot-air balloon over green hills', { durationSeconds: 6 });
  const row = await waitForStatus(ctx.db, requestId, ['failed']);
  expect(row.status_reason).toBe('The video provider makes clips of 4, 8 or 12 seconds only; ask for one of those lengths instead of 6 s.');
  expect(provider.requests.length).toBe(requestsBefore);
  expect(await ctx.db.selectFrom('provider_video_jobs').select('request_id').where('request_id', '=', requestId).execute()).toHaveLength(0);
});

it('shows the job\'s progress on the request page while it generates, then times it out, deleting it at the provider', async () => {
  // Ten times longer than the workers' deadline: the job is still running when it passes.
  provider.plan({ completeAfterMs: JOB_TIMEOUT_SECONDS * 10_000, pollAfterMs: 500 });
  const { requestId } = await submitAt('A clock tower in thick fog');
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const caller = callerAs({ ...ctx, taskQueuePrefix: PREFIX }, reviewer);
  let shown: { status: string; job_provider: string | null; job_progress: number | null } | undefined;
  for (let i = 0; i < 100; i += 1) {
    shown = (await caller.requests.recent({ limit: 200 })).find((r) => r.id === requestId);
    if (shown?.status === 'generating' && (shown.job_progress ?? 0) > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(shown).toMatchObject({ status: 'generating', job_provider: 'openai-videos' });
  expect(shown?.job_progress).toBeGreaterThan(0);
  const row = await waitForStatus(ctx.db, requestId, ['failed'], 60_000);
  expect(row.status_reason).toBe(`The video provider did not finish the clip within ${JOB_TIMEOUT_SECONDS} seconds, so its job was deleted there and the request failed; submit it again to retry.`);
  const job = await jobRow(requestId);
  expect(job.status).toBe('timed_out');
  expect(provider.jobsDeleted()).toContain(job.provider_job_id);
});

it('a retried beginClip reads the stored job instead of creating another, even at a provider that ignores Idempotency-Key', async () => {
  provider.plan({ completeAfterMs: 60_000, ignoreIdempotencyKeys: true });
  const creator = await createCreator(ctx.db);
  const requestId = crypto.randomUUID();
  await ctx.db.insertInto('generation_requests').values({
    id: requestId, creator_id: creator.id, prompt: 'A heron standing in shallow water', prompt_sha256: '0'.repeat(64),
    duration_seconds: 8, width: 720, height: 1280, seed: 1, status: 'generating',
  }).execute();
  const activities = videoProviderActivities(deps);
  const createdBefore = provider.jobsCreated().length;
  // Two attempts of the step, as Temporal runs them after a worker died mid-way.
  const first = await new MockActivityEnvironment({ attempt: 1 }).run(activities.beginClip, { requestId });
  const second = await new MockActivityEnvironment({ attempt: 2 }).run(activities.beginClip, { requestId });
  expect(first).toMatchObject({ kind: 'provider_job', status: expect.stringMatching(/queued|in_progress/) });
  expect(second).toMatchObject({ kind: 'provider_job', jobId: (first as { jobId: string }).jobId });
  expect(provider.jobsCreated().length - createdBefore).toBe(1);
  expect(provider.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos').at(-1)?.fields.seconds).toBe('8');
});
