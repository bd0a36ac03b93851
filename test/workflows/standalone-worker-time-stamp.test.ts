/**
 * A standalone worker (scripts/worker.ts, the documented way to scale workers out) signs with the
 * configured time-stamp authority: started as its own process with C2PA_TSA_URL pointing at a local
 * RFC 3161 responder, it runs a clip through the whole pipeline on its own task queues, and the
 * published video's manifest carries the authority's token and time. (Until the worker's
 * dependencies were built by buildActivityDeps, this worker ignored C2PA_TSA_URL.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { submitRequest } from '../../app/services/submit-request.server';
import { LocalMediaStore } from '../../db/media-store';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';
import { SHA256_OID, startTimeStampAuthority, type LocalTimeStampAuthority } from '../support/time-stamp-authority';

const PREFIX = 'tsa-test';
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts scripts/worker.ts as its own process; `ready` resolves with its output once it polls. */
function startWorkerProcess(env: Record<string, string>): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[worker] polling')) resolve(output);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}: ${output}`)));
  });
  return { child, ready };
}

let ctx: TestContext;
let tsa: LocalTimeStampAuthority;
beforeAll(async () => {
  ctx = await connectTestContext();
  tsa = await startTimeStampAuthority();
});
afterAll(async () => {
  await tsa?.close();
  await ctx?.close();
});

it('signs every clip with the time-stamp authority C2PA_TSA_URL names', async () => {
  const stack = inject('stack');
  const dataDir = await fs.mkdtemp(path.join(stack.dataDir, 'tsa-worker-'));
  const worker = startWorkerProcess({
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    LOUPE_TASK_QUEUE_PREFIX: PREFIX,
    LOUPE_DATA_DIR: dataDir,
    LOUPE_QA_SAMPLE_RATE: '0',
    C2PA_TSA_URL: tsa.url,
  });
  let requestId: string;
  try {
    expect(await worker.ready).toContain(`[worker] C2PA signatures are time-stamped by ${tsa.url}`);
    const creator = await createCreator(ctx.db);
    ({ requestId } = await submitRequest(
      { ...ctx, taskQueuePrefix: PREFIX },
      { creatorId: creator.id, prompt: 'A paper boat drifting down a rain-filled gutter', durationSeconds: 2, seed: 11 },
    ));
    // Nobody else's likeness, a plain prompt and no QA sampling: published without review.
    expect(await ctx.temporal.workflow.getHandle(requestId).result()).toMatchObject({ status: 'published' });
  } finally {
    worker.child.kill('SIGTERM');
  }

  // The worker asked the authority to stamp the claim signature (SHA-256 imprint, certificate included).
  expect(tsa.requests.length).toBeGreaterThanOrEqual(1);
  expect(tsa.requests[0]).toMatchObject({ hashAlgorithm: SHA256_OID, certReq: true });

  // The worker's own reading, stored with the video: the time stamp matched the signature.
  const video = await ctx.db
    .selectFrom('videos')
    .select(['storage_key', 'validation_codes'])
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  expect(video.validation_codes.map((code) => code.code)).toContain('timeStamp.validated');

  // Read back independently, trusting Loupe's root and the authority's: its time is the signing time.
  const workerCa = await ensureDevCa(path.join(dataDir, 'c2pa')); // loads the CA the worker made
  const file = await new LocalMediaStore(path.join(dataDir, 'media')).localPath(video.storage_key);
  const report = await readProvenance(file, workerCa.trustAnchorsPem + tsa.rootPem);
  expect(report.validationState).toBe('Trusted');
  expect(report.validationCodes.map((code) => code.code)).toEqual(expect.arrayContaining(['timeStamp.validated', 'timeStamp.trusted']));
  const stampedTimes = tsa.requests.map((request) => Math.floor(request.genTime.getTime() / 1000) * 1000);
  expect(stampedTimes).toContain(new Date(report.signer!.time!).getTime());
});
