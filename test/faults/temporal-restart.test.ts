/**
 * Issue 16, fault: the Temporal server stopped and started again, its SQLite file kept. Requests
 * are in flight on a worker process of a private stack (a Temporal dev server whose history is a
 * SQLite file); when the first of them is being generated, the server is stopped for
 * LOUPE_FAULT_TEMPORAL_DOWN_SECONDS and started again on the same port and file. The workflows resume
 * from their stored histories, the same worker process reconnects by itself, an activity whose
 * result could not be reported is retried after its timeout, and every request ends exactly once.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadToolEnv } from '../../config/env';
import { anyReached, expectExactlyOnce, outcomesOf, submitBatch, waitUntil } from '../support/exactly-once';
import { startPrivateStack, type PrivateStack } from '../support/private-stack';

const { LOUPE_FAULT_REQUESTS: REQUESTS, LOUPE_FAULT_TEMPORAL_DOWN_SECONDS: DOWN_SECONDS } = loadToolEnv(['LOUPE_FAULT_REQUESTS', 'LOUPE_FAULT_TEMPORAL_DOWN_SECONDS']);

// About 90 s on a quiet two-core machine; the margin is for a machine other work keeps busy.
const FAULT_TEST_TIMEOUT_MS = 360_000;

let stack: PrivateStack;
beforeAll(async () => {
  stack = await startPrivateStack({ taskQueuePrefix: 'fault-temporal', semanticScreening: 'off' });
});
afterAll(async () => stack?.close());

it(`finishes ${REQUESTS} requests exactly once after the Temporal server is down for ${DOWN_SECONDS} s`, async () => {
  const worker = await stack.startWorker();
  const requestIds = await submitBatch(stack.ctx, REQUESTS);
  await waitUntil('a request to be generating', () => anyReached(stack.db, requestIds, ['generating']), 120_000);

  await stack.stopTemporal();
  await sleep(DOWN_SECONDS * 1000);
  await stack.startTemporal();

  const outcomes = await outcomesOf(stack.temporal, requestIds);
  const report = await expectExactlyOnce(stack.db, outcomes, { mediaDir: stack.mediaDir, workDir: path.join(stack.dataDir, 'work') });
  expect(report.failed).toEqual([]);
  // The histories survived the restart (the SQLite file): each workflow ran on from where it was,
  // once; a second run of a workflow id would have recorded a second request row.
  const rows = await stack.db.selectFrom('generation_requests').select('id').where('id', 'in', requestIds).execute();
  expect(rows).toHaveLength(REQUESTS);
  expect(worker.child.exitCode).toBeNull();
}, FAULT_TEST_TIMEOUT_MS);
