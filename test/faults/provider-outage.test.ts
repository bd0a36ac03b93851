/**
 * Issue 16, fault: the generation provider answering 500s and timeouts for a while. A worker process
 * of a private stack makes its clips at a provider speaking the OpenAI-compatible Videos API
 * (LOUPE_GENERATOR=openai-videos; the local contract server of test/support/openai-videos-server.ts).
 * N requests are submitted; the moment the provider has taken the first one's job, its front goes
 * down for LOUPE_FAULT_PROVIDER_DOWN_SECONDS (15 s by default): every call answers 500, except the
 * outage's first create and first status read, which get no answer at all, so the SDK gives up at
 * its own timeout (60 s for a create, 15 s for a status read). Behind the failing front the provider
 * keeps working: a create that meets the outage still takes its job, only the answer is lost.
 *
 * Budget that makes the outage survivable: the provider steps' retry policy (workflows/provider-job.ts:
 * 2 s doubling to 1 min, 8 attempts) waits 182 s in all between its first and last attempt, so an
 * outage well under that (at most 120 s here) ends before a step runs out of attempts.
 *
 * Afterwards every request is published exactly once (one video row, one signed file, one
 * notification of each kind, nothing orphaned; test/support/exactly-once.ts) and exactly one job was
 * made at the provider per request: the retried creates carried the same Idempotency-Key and got the
 * job the lost answer was about, and no status read or download ever started another one.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { submitRequest } from '../../app/services/submit-request.server';
import { loadToolEnv } from '../../config/env';
import type { RequestStatus } from '../../db/schema';
import { expectExactlyOnce, outcomesOf, retriedActivities, waitUntil } from '../support/exactly-once';
import { startFakeVideosServer, type FakeVideosServer } from '../support/openai-videos-server';
import { startPrivateStack, type PrivateStack } from '../support/private-stack';

const { LOUPE_FAULT_REQUESTS: REQUESTS, LOUPE_FAULT_PROVIDER_DOWN_SECONDS: DOWN_SECONDS } = loadToolEnv(['LOUPE_FAULT_REQUESTS', 'LOUPE_FAULT_PROVIDER_DOWN_SECONDS']);


// About 2 minutes on a busy two-core machine (the hung create alone holds its request for the SDK's 60 s).
const FAULT_TEST_TIMEOUT_MS = 360_000;

/** Plainly clean prompts (no review), one per request: each request's job serves its own clip. */
const PROMPTS = [
  'A paper kite rising over green hills on a windy afternoon',
  'Autumn leaves floating down a slow forest stream',
  'A lighthouse beam sweeping over a calm night sea',
  'Snow falling softly on a quiet mountain village',
  'A hot air balloon drifting above a patchwork of fields',
  'Waves rolling onto a sandy beach under a pink sky',
] as const;

/** Request statuses a request stays in until a person acts, or for good. */
const SETTLED: readonly RequestStatus[] = ['published', 'failed', 'blocked', 'rejected', 'clip_review', 'prompt_review'];

let stack: PrivateStack;
let provider: FakeVideosServer;

beforeAll(async () => {
  if (REQUESTS < 2) throw new Error('The provider outage test needs LOUPE_FAULT_REQUESTS of at least 2: the outage begins after the first job, so later requests meet it while creating theirs.');
  stack = await startPrivateStack({ taskQueuePrefix: 'fault-provider', semanticScreening: 'off' });
  // One real clip per prompt, at the size asked for (a clip of another size goes to review as a
  // failed technical check), so each request's raw file is its own.
  const fixtureDir = path.join(stack.dataDir, 'provider-fixtures');
  await fs.mkdir(fixtureDir, { recursive: true });
  const clips = new Map<string, string>();
  for (const [index, prompt] of PROMPTS.slice(0, Math.min(REQUESTS, PROMPTS.length)).entries()) {
    const clip = path.join(fixtureDir, `clip-${index}.mp4`);
    await proceduralGenerator.generate({ requestId: `provider-fixture-${index}`, prompt, seed: 50 + index, durationSeconds: 4, width: 720, height: 1280 }, clip);
    clips.set(prompt, clip);
  }
  const thumbnailPath = path.join(fixtureDir, 'thumbnail.jpg');
  await runFfmpeg(['-y', '-i', clips.get(PROMPTS[0])!, '-frames:v', '1', thumbnailPath]);
  provider = await startFakeVideosServer({ videoPath: clips.get(PROMPTS[0])!, thumbnailPath, videoPathOf: (prompt) => clips.get(prompt) });
  // The worker process finds its provider in the environment, as a deployment does.
  Object.assign(stack.processEnv, {
    LOUPE_GENERATOR: 'openai-videos',
    LOUPE_OPENAI_VIDEOS_BASE_URL: provider.baseUrl,
    LOUPE_OPENAI_VIDEOS_API_KEY: provider.apiKey,
    LOUPE_OPENAI_VIDEOS_PRICE_PER_SECOND: '0.10',
    LOUPE_OPENAI_VIDEOS_POLL_MS: '500',
  });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await provider?.close();
});

/** Submits one four-second request per prompt (a length the provider makes) from one new creator. */
async function submitBatch(count: number): Promise<string[]> {
  const handle = `outage-${Date.now().toString(36)}`;
  const creator = await stack.db.insertInto('creators').values({ handle, display_name: handle, age_band: 'adult' }).returning('id').executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { requestId } = await submitRequest(stack.ctx, { creatorId: creator.id, prompt: PROMPTS[index % PROMPTS.length]!, durationSeconds: 4, seed: 1000 + index, cameoIds: [] });
    ids.push(requestId);
  }
  return ids;
}

it(`finishes ${REQUESTS} requests exactly once, one provider job each, after the provider answers 500s and hangs for ${DOWN_SECONDS} s`, async () => {
  // Jobs take 4 s, so the first one is still running (and polled) when the outage begins.
  provider.plan({ completeAfterMs: 4000 });
  provider.outage({
    afterJobs: 1,
    createsStillTakeJobs: true,
    hang: ({ kind, ofKind }) => (kind === 'create' || kind === 'status') && ofKind === 0,
  });
  const worker = await stack.startWorker();
  const requestIds = await submitBatch(REQUESTS);
  await waitUntil('the first job at the provider', async () => provider.jobsCreated().length >= 1, 120_000);
  await sleep(DOWN_SECONDS * 1000);
  provider.outage(null);

  // Every request leaves the pipeline; one held for review would wait for a person, so it fails here, named.
  const statuses = async () => Object.fromEntries(
    (await stack.db.selectFrom('generation_requests').select(['id', 'status']).where('id', 'in', requestIds).execute()).map((row) => [row.id, row.status]),
  );
  await waitUntil('every request to be published, failed or held', async () => Object.values(await statuses()).every((status) => SETTLED.includes(status)), 240_000);
  expect(await statuses()).toEqual(Object.fromEntries(requestIds.map((id) => [id, 'published'])));
  const outcomes = await outcomesOf(stack.temporal, requestIds);
  const report = await expectExactlyOnce(stack.db, outcomes, { mediaDir: stack.mediaDir, workDir: path.join(stack.dataDir, 'work') });
  expect(report.failed).toEqual([]);

  // The outage was met as planned: calls failed with 500s, a create and a status read got no
  // answer, and both steps were retried by Temporal.
  const met = provider.requests.filter((call) => call.outage);
  expect(met.filter((call) => call.outage === 'failed').length).toBeGreaterThanOrEqual(1);
  expect(met.filter((call) => call.outage === 'hung').map((call) => call.method).sort()).toEqual(['GET', 'POST']);
  const retried = await retriedActivities(stack.temporal, requestIds);
  expect(retried).toContain('beginClip');
  expect(retried).toContain('checkClipJob');

  // One job per request at the provider, though some creates were sent more than once (their first
  // answers lost): each request's stored job is the one its Idempotency-Key made.
  const created = provider.jobsCreated();
  expect(created).toHaveLength(REQUESTS);
  const creates = provider.requests.filter((call) => call.method === 'POST' && call.path === '/v1/videos');
  const createsPerKey = new Map<string, number>();
  for (const call of creates) createsPerKey.set(call.idempotencyKey ?? '(none)', (createsPerKey.get(call.idempotencyKey ?? '(none)') ?? 0) + 1);
  expect([...createsPerKey.keys()].sort()).toEqual(requestIds.map((id) => `loupe-clip-${id}`).sort());
  expect([...createsPerKey.values()].filter((count) => count > 1).length).toBeGreaterThanOrEqual(1);
  const jobs = await stack.db.selectFrom('provider_video_jobs').select(['request_id', 'provider_job_id', 'status', 'cost_usd']).where('request_id', 'in', requestIds).execute();
  expect(jobs).toHaveLength(REQUESTS);
  expect(jobs.map((job) => job.provider_job_id).sort()).toEqual([...created].sort());
  for (const job of jobs) expect(job, job.request_id).toMatchObject({ status: 'completed', cost_usd: '0.4000' });
  // Nothing was deleted: no request timed out or was abandoned at the provider.
  expect(provider.jobsDeleted()).toEqual([]);
  expect(worker.child.exitCode).toBeNull();
}, FAULT_TEST_TIMEOUT_MS);
