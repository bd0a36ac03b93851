/**
 * Issue 16, faults at the media storage boundary, each through a stack of this file's own
 * (PostgreSQL and Temporal, test/support/private-stack.ts):
 *
 * - the S3 server down: a worker process configured with LOUPE_MEDIA_STORE=s3 (the bucket on moto,
 *   test/support/s3-server.ts) runs N requests; when the first starts rendering, the S3 endpoint
 *   refuses connections until a step has failed for it with MediaStoreUnavailable, then comes back;
 * - the media disk full: workers in this process on a local store whose one write call fails with
 *   ENOSPC after half the bytes (a fault injected at the storage boundary, LocalMediaStore's
 *   `fileSystem`), from the first render until a step has failed with MediaStoreFull.
 *
 * Either way the step waits and retries (Temporal's retry policy; the pending activity's last
 * failure says what is wrong) and afterwards every request finished exactly once (one video row,
 * one signed file or object, one notification of each kind) or failed with a stated reason, and
 * nothing half-written was published: no staged file, no object without its row, no multipart
 * upload left open, no partial download in the S3 store's cache.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { NativeConnection } from '@temporalio/worker';
import { loader as mediaLoader } from '../../app/routes/media.$file';
import { loadConfig, loadToolEnv } from '../../config/env';
import { LocalMediaStore } from '../../db/media-store';
import { S3MediaStore } from '../../db/s3-media-store';
import { buildActivityDeps } from '../../scripts/stack/activity-deps';
import { installWorkerRuntime, startWorkers } from '../../scripts/stack/workers';
import { anyReached, expectExactlyOnce, outcomesOf, submitBatch, waitUntil } from '../support/exactly-once';
import { filesUnder, startPrivateStack, type PrivateStack } from '../support/private-stack';
import { startS3TestServer, type S3TestServer } from '../support/s3-server';

const { LOUPE_FAULT_REQUESTS: REQUESTS } = loadToolEnv(['LOUPE_FAULT_REQUESTS']);

let stack: PrivateStack;
let s3: S3TestServer;
beforeAll(async () => {
  [stack, s3] = await Promise.all([startPrivateStack({ taskQueuePrefix: 'fault-media', semanticScreening: 'off' }), startS3TestServer()]);
});
afterAll(async () => {
  await s3?.stop();
  await stack?.close();
});

/**
 * The last failure of any pending activity of `requestIds` whose failure type is `type` (what the
 * workflow's retry policy is waiting on), or null.
 */
async function pendingFailure(requestIds: string[], type: string): Promise<{ activity: string; message: string } | null> {
  for (const id of requestIds) {
    const description = await stack.temporal.workflow.getHandle(id).describe();
    for (const pending of description.raw.pendingActivities ?? []) {
      const failure = pending.lastFailure;
      if (failure?.applicationFailureInfo?.type === type) return { activity: pending.activityType?.name ?? '', message: failure.message ?? '' };
    }
  }
  return null;
}

/**
 * The bucket's keys as empty files in a new folder, so expectExactlyOnce (which compares a media
 * folder's listing with the video rows) checks the bucket the same way as a local store.
 */
async function bucketListingAsFolder(bucket: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'loupe-bucket-listing-'));
  const listed = await s3.direct.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const object of listed.Contents ?? []) {
    await mkdir(path.dirname(path.join(folder, object.Key!)), { recursive: true });
    await writeFile(path.join(folder, object.Key!), '');
  }
  return folder;
}

it(`finishes ${REQUESTS} requests exactly once on S3 storage while the S3 server goes down and comes back`, async () => {
  const bucket = await s3.createBucket();
  // The worker process chooses its store from the environment, as a deployment does.
  Object.assign(stack.processEnv, s3.env(bucket));
  const worker = await stack.startWorker();
  try {
    const requestIds = await submitBatch(stack.ctx, REQUESTS);
    await waitUntil('a request to start rendering', () => anyReached(stack.db, requestIds, ['generating']), 120_000);
    await s3.down();
    let failure: { activity: string; message: string } | null = null;
    try {
      await waitUntil('a step to fail for the unreachable S3 server', async () => (failure = await pendingFailure(requestIds, 'MediaStoreUnavailable')) !== null, 90_000);
      // Nothing can be published without its media.
      expect(await anyReached(stack.db, requestIds, ['published'])).toBe(false);
    } finally {
      await s3.up();
    }
    expect(failure!.message).toMatch(new RegExp(`the S3 bucket "${bucket}" at ${s3.endpoint} is unavailable \\((ECONNREFUSED|ECONNRESET)\\); the step retries by itself\\.$`));

    const outcomes = await outcomesOf(stack.temporal, requestIds);
    const listing = await bucketListingAsFolder(bucket);
    const report = await expectExactlyOnce(stack.db, outcomes, { mediaDir: listing, workDir: path.join(stack.dataDir, 'work') });
    expect(report.failed).toEqual([]);
    expect(report.videoFiles).toHaveLength(REQUESTS);
    expect((await s3.direct.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
    expect((await filesUnder(path.join(stack.dataDir, 'media-cache'))).filter((file) => file.endsWith('.partial'))).toEqual([]);
    // Nothing went to the local folder: the worker really used the bucket.
    expect(await filesUnder(stack.mediaDir)).toEqual([]);

    // The public /media route streams a range of a published video from the bucket (a console with an empty cache).
    const video = await stack.db.selectFrom('videos').select(['id', 'storage_key']).where('request_id', '=', requestIds[0]!).executeTakeFirstOrThrow();
    const consoleStore = new S3MediaStore(s3.storeOptions(bucket, await mkdtemp(path.join(os.tmpdir(), 'loupe-console-cache-'))));
    const response = await mediaLoader({
      params: { file: `${video.id}.mp4` },
      request: new Request(`http://localhost/media/${video.id}.mp4`, { headers: { range: 'bytes=100-1123' } }),
      context: { ...stack.ctx, media: consoleStore },
    } as unknown as LoaderFunctionArgs);
    const whole = Buffer.from(await (await s3.direct.send(new GetObjectCommand({ Bucket: bucket, Key: video.storage_key }))).Body!.transformToByteArray());
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-1123/${whole.length}`);
    expect(response.headers.get('content-length')).toBe('1024');
    expect(Buffer.from(await response.arrayBuffer()).equals(whole.subarray(100, 1124))).toBe(true);
    await s3.down();
    try {
      const unavailable = await mediaLoader({
        params: { file: `${video.id}.mp4` },
        request: new Request(`http://localhost/media/${video.id}.mp4`),
        context: { ...stack.ctx, media: consoleStore },
      } as unknown as LoaderFunctionArgs);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe('30');
      expect(await unavailable.text()).toBe('Media storage is unavailable right now; try again in a minute.');
    } finally {
      await s3.up();
      consoleStore.destroy();
    }
  } finally {
    await worker.stop('SIGTERM');
  }
}, 300_000);

it(`finishes ${REQUESTS} requests exactly once while the media disk is full for a while (ENOSPC injected at the store's write)`, async () => {
  let full = false;
  const media = new LocalMediaStore(stack.mediaDir, {
    async copyFile(source, staging) {
      if (!full) return fs.copyFile(source, staging);
      // What a full disk does to a copy: part of the bytes land, then the write fails.
      const bytes = await fs.readFile(source);
      await fs.writeFile(staging, bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    },
  });
  // Task queues of this test's own, so no worker of another test (on S3) can take its steps.
  const config = loadConfig({ ...stack.processEnv, LOUPE_MEDIA_STORE: 'local', LOUPE_TASK_QUEUE_PREFIX: 'fault-media-full' });
  installWorkerRuntime();
  const connection = await NativeConnection.connect({ address: stack.processEnv.TEMPORAL_ADDRESS! });
  const workers = await startWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX,
    deps: await buildActivityDeps(config, stack.db, { media }),
  });
  try {
    const requestIds = await submitBatch({ ...stack.ctx, media, taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX }, REQUESTS);
    await waitUntil('a request to start rendering', () => anyReached(stack.db, requestIds, ['generating']), 120_000);
    full = true;
    let failure: { activity: string; message: string } | null = null;
    try {
      await waitUntil('a step to fail for the full disk', async () => (failure = await pendingFailure(requestIds, 'MediaStoreFull')) !== null, 90_000);
      expect(await anyReached(stack.db, requestIds, ['published'])).toBe(false);
    } finally {
      full = false;
    }
    expect(failure!.message).toMatch(new RegExp(`^The media folder ${stack.mediaDir} is full \\(ENOSPC while writing [a-z]+/[0-9a-f]{64}\\.mp4\\); free space there and the step retries by itself\\.$`));

    const outcomes = await outcomesOf(stack.temporal, requestIds);
    const report = await expectExactlyOnce(stack.db, outcomes, { mediaDir: stack.mediaDir, workDir: path.join(stack.dataDir, 'work') });
    expect(report.failed).toEqual([]);
    expect(report.videoFiles).toHaveLength(REQUESTS);
  } finally {
    await workers.shutdown();
    await connection.close();
  }
}, 300_000);
