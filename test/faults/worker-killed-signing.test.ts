/**
 * Issue 16, fault: a worker killed during signing. Requests are in flight on three worker processes
 * (pipeline, generation, media; scripts/worker.ts --queues); the media worker is killed with SIGKILL
 * (no goodbye) while one of them runs embedProvenance, and a new media worker is started. Temporal
 * retries the signing after the media activities' heartbeat timeout (30 s), and every request ends
 * exactly once: one video row, one signed file, one notification of each kind, nothing orphaned.
 */
import path from 'node:path';
import { loadToolEnv } from '../../config/env';
import { anyReached, expectExactlyOnce, outcomesOf, retriedActivities, submitBatch, waitUntil } from '../support/exactly-once';
import { filesUnder, startPrivateStack, type PrivateStack } from '../support/private-stack';

const { LOUPE_FAULT_REQUESTS: REQUESTS } = loadToolEnv(['LOUPE_FAULT_REQUESTS']);

// About 90 s on a quiet two-core machine; the margin is for a machine other work keeps busy.
const FAULT_TEST_TIMEOUT_MS = 360_000;

let stack: PrivateStack;
beforeAll(async () => {
  stack = await startPrivateStack({ taskQueuePrefix: 'fault-signing', semanticScreening: 'off' });
});
afterAll(async () => stack?.close());

/**
 * Whether a signing attempt is under way and has written into its scratch folder
 * (`work/<requestId>/sign-<attempt>/`, activities/provenance/activity.ts): the watermark is being
 * burned in or the manifest signed, the middle of embedProvenance.
 */
async function signingWritten(): Promise<boolean> {
  const scratch = await filesUnder(path.join(stack.dataDir, 'work'));
  return scratch.some((file) => file.split(path.sep)[1]?.startsWith('sign-'));
}

it(`finishes ${REQUESTS} requests exactly once after the media worker is killed while signing`, async () => {
  await stack.startWorker(['pipeline']);
  await stack.startWorker(['generation']);
  const media = await stack.startWorker(['media']);

  const requestIds = await submitBatch(stack.ctx, REQUESTS);
  await waitUntil('a signing attempt to write its first file', signingWritten, 120_000);
  await media.stop('SIGKILL');
  // The rest keep coming through generation meanwhile; none can be signed until a media worker is back.
  expect(await anyReached(stack.db, requestIds, ['published'])).toBe(false);
  await stack.startWorker(['media']);

  const outcomes = await outcomesOf(stack.temporal, requestIds);
  // The killed media worker ran at most two activities (its concurrency), each with at most one store
  // write in flight: a hidden staged copy of each may be left (a known gap, see docs/scaling.md).
  const report = await expectExactlyOnce(stack.db, outcomes, { mediaDir: stack.mediaDir, workDir: path.join(stack.dataDir, 'work'), killedWrites: 2 });
  expect(report.failed).toEqual([]);

  // The killed signing really was retried: an embedProvenance started a second attempt.
  expect(await retriedActivities(stack.temporal, requestIds)).toContain('embedProvenance');
}, FAULT_TEST_TIMEOUT_MS);
