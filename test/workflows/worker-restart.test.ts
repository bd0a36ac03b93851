/**
 * A worker process is killed (SIGKILL, no goodbye) while it renders a clip, and a new one is
 * started: Temporal retries the render after the heartbeat timeout and the request completes once:
 * one video row, one stored file, one notification of each kind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { submitRequest } from '../../app/services/submit-request.server';
import {
  callerAs, connectTestContext, createCameo, createCreator, createStaff, openItemFor, waitForStatus, type TestContext,
} from '../support/fixtures';

const PREFIX = 'restart-test';
const ROOT = path.resolve(import.meta.dirname, '../..');

function startWorkerProcess(dataDir: string): { child: ChildProcess; ready: Promise<void> } {
  const stack = inject('stack');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      LOUPE_TASK_QUEUE_PREFIX: PREFIX,
      LOUPE_DATA_DIR: dataDir,
      LOUPE_QA_SAMPLE_RATE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[worker] polling')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}: ${output}`)));
  });
  return { child, ready };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

it('completes a request exactly once after its worker is killed mid-generation', async () => {
  const dataDir = await fs.mkdtemp(path.join(inject('stack').dataDir, 'restart-'));
  const owner = await createCreator(ctx.db);
  const creator = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');

  const first = startWorkerProcess(dataDir);
  await first.ready;
  const { requestId } = await submitRequest(
    { ...ctx, taskQueuePrefix: PREFIX },
    // The longest clip the app allows, so the kill lands while ffmpeg is still rendering.
    { creatorId: creator.id, prompt: 'Origami cranes taking flight from an open book', durationSeconds: 10, seed: 7, cameoIds: [cameo.id] },
  );
  await waitForStatus(ctx.db, requestId, ['generating']);
  first.child.kill('SIGKILL');

  const second = startWorkerProcess(dataDir);
  try {
    await second.ready;
    // Someone else's likeness: the clip goes to review, then a reviewer approves it.
    await waitForStatus(ctx.db, requestId, ['clip_review'], 120_000);
    const item = await openItemFor(ctx.db, requestId, 'clip');
    const reviewer = await createStaff(ctx.db, 'reviewer');
    await callerAs({ ...ctx, taskQueuePrefix: PREFIX }, reviewer).review.decide({
      itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version,
    });
    expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'published' });
  } finally {
    second.child.kill('SIGTERM');
  }

  const history = await ctx.temporal.workflow.getHandle(requestId).fetchHistory();
  const retriedStarts = (history.events ?? []).filter((event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  expect(retriedStarts.length).toBeGreaterThanOrEqual(1); // the render really was retried

  expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(1);
  const media = await filesUnder(path.join(dataDir, 'media'));
  expect(media.filter((file) => file.includes(`${path.sep}videos${path.sep}`))).toHaveLength(1);
  expect(media.filter((file) => file.includes(`${path.sep}raw${path.sep}`))).toHaveLength(1);
  expect(media.filter((file) => file.endsWith('.partial'))).toHaveLength(0);
  const notices = await ctx.db.selectFrom('notifications').select('kind').where('request_id', '=', requestId).execute();
  expect(notices.map((n) => n.kind).sort()).toEqual(['cameo_published', 'cameo_used', 'video_published']);
});
