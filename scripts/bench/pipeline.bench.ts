/**
 * The whole clip pipeline under load (issue 16): N requests submitted at once, each through prompt
 * screening, the consent check, generation, moderation, signing, the review gate (which lets an
 * allowed clip through without a person) and publishing.
 *
 *   npx tsx scripts/bench/pipeline.bench.ts [--n 50,200] [--alone 5] [--size 360x640] [--seconds 2]
 *
 * Generation is the fixture generator (activities/generation/fixture-clip.ts: every clip a copy of
 * one clip the procedural generator renders at the start), so the figures are Loupe's own overhead
 * and not a video model's render time. Everything runs privately, on free ports, in a throw-away
 * folder: an embedded PostgreSQL, an in-memory Temporal dev server, and Loupe's workers as one
 * child process started as a deployment starts them (scripts/worker.ts, LOUPE_FIXTURE_CLIP set).
 *
 * Reported:
 * - alone: `--alone` clips one after another on the idle stack, end to end: the per-clip overhead;
 * - for each N: clips per second (N over the time from the first submission to the last result),
 *   end-to-end p50/p95, per step (each activity, and the workflow tasks) the queue wait and the run
 *   p50/p95 read from the workflow histories' event times, the bottleneck step, and CPU seconds of
 *   the worker process, PostgreSQL, Temporal and this client, with the worker's peak memory.
 * Other work on the machine distorts wall times: the load average is printed at the start and end,
 * and CPU seconds per clip are the figure to compare between runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { submitRequest } from '../../app/services/submit-request.server';
import { createDb, prepareDatabase } from '../../db/connection';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { LocalMediaStore } from '../../db/media-store';
import { freePort } from '../stack/free-port';
import { startTemporalDevServer } from '../stack/temporal-dev-server';
import { bottleneck, percentile, stepTimings, summariseSteps, type PipelineTiming } from './pipeline-steps';
import { childProcesses, memoryMiB, treeCpuSeconds } from './process-usage';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TASK_QUEUE_PREFIX = 'loupe-bench';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const batches = option('--n', '50,200').split(',').map(Number);
const alone = Number(option('--alone', '5'));
const [width, height] = option('--size', '360x640').split('x').map(Number) as [number, number];
const seconds = Number(option('--seconds', '2'));
if (batches.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(alone) || alone < 0) {
  console.error('--n takes whole numbers separated by commas (for example 50,200) and --alone a whole number.');
  process.exit(2);
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : 'n/a');

/** Benign prompts the live policy allows without review, so no clip waits for a person. */
const PROMPTS = [
  'a calm lake at sunrise, painted in watercolour',
  'paper boats drifting down a rainy street gutter',
  'a field of sunflowers swaying in a warm breeze',
  'a lighthouse beam sweeping over a foggy harbour',
  'autumn leaves falling in a quiet city park',
  'a time-lapse of clouds rolling over green hills',
];

/** Starts the workers as a deployment does (scripts/worker.ts) and resolves once they poll. */
async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/worker.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The workers did not start polling within 5 minutes. Last lines:\n${tail.join('\n')}`)), 5 * 60_000);
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (line.includes('[worker] polling')) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The worker process exited with code ${code} while starting. Last lines:\n${tail.join('\n')}`));
    });
  });
  // Keep printing what it says later (a failing activity's warning matters to whoever reads the figures).
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

const startedAt = Date.now();
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; load average at start ${loadAverage()}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-pipeline-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: await freePort(), persistent: false });
await prepareDatabase(pg.connectionString, { embeddedLogin: pg.appLogin, log: () => undefined });
const db = createDb(pg.appConnectionString, { maxConnections: 10 });
const temporalServer = await startTemporalDevServer({ port: await freePort(), uiPort: null, dbFile: null, namespace: 'default' });
let worker: ChildProcess | null = null;
const connection = await Connection.connect({ address: temporalServer.address });
try {
  const temporal = new Client({ connection, namespace: 'default' });
  const fixture = path.join(dataDir, 'fixture', 'clip.mp4');
  await mkdir(path.dirname(fixture), { recursive: true });
  await proceduralGenerator.generate({ requestId: 'fixture', prompt: PROMPTS[0]!, seed: 1, durationSeconds: seconds, width, height }, fixture);

  // Only what a worker needs, whatever the developer's own environment says.
  const own = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name === 'PATH' || name === 'HOME' || name === 'XDG_CACHE_HOME' || name.startsWith('FFMPEG') || name.startsWith('FFPROBE') || name === 'LOUPE_SEMANTIC_MODEL_DIR'),
  );
  worker = await startWorkerProcess({
    ...own,
    NODE_ENV: 'development',
    LOUPE_DATA_DIR: dataDir,
    APP_DATABASE_URL: pg.appConnectionString,
    TEMPORAL_ADDRESS: temporalServer.address,
    LOUPE_TASK_QUEUE_PREFIX: TASK_QUEUE_PREFIX,
    LOUPE_QA_SAMPLE_RATE: '0',
    LOUPE_FIXTURE_CLIP: fixture,
  });
  const workerPid = worker.pid!;
  const servers = childProcesses(process.pid);
  const postgresPid = servers.find((p) => p.comm.startsWith('postgres'))?.pid ?? null;
  const temporalPid = servers.find((p) => p.comm.startsWith('temporal'))?.pid ?? null;
  console.log(`stack up in ${((Date.now() - startedAt) / 1000).toFixed(0)} s: worker pid ${workerPid}, PostgreSQL pid ${postgresPid ?? 'n/a'}, Temporal pid ${temporalPid ?? 'n/a'}; fixture clip ${width}x${height}, ${seconds} s`);

  const ctx = { db, temporal, taskQueuePrefix: TASK_QUEUE_PREFIX, media: new LocalMediaStore(path.join(dataDir, 'media')) };
  const creators = await db
    .insertInto('creators')
    .values(Array.from({ length: 20 }, (_, i) => ({ handle: `bench-${i}`, display_name: `Bench creator ${i}`, age_band: 'adult' as const })))
    .returning('id')
    .execute();
  let counter = 0;
  /** Submits one request through the app's own submission service and resolves with its outcome. */
  const runOne = async () => {
    counter += 1;
    const { requestId } = await submitRequest(ctx, {
      creatorId: creators[counter % creators.length]!.id,
      prompt: `${PROMPTS[counter % PROMPTS.length]!}, take ${counter}`,
      durationSeconds: seconds,
      width,
      height,
      seed: counter,
    });
    const outcome = (await temporal.workflow.getHandle(requestId).result()) as { status: string; reason: string | null };
    return { requestId, ...outcome };
  };
  const timingsOf = async (ids: string[]): Promise<PipelineTiming[]> => {
    const out: PipelineTiming[] = [];
    for (const id of ids) out.push(stepTimings((await temporal.workflow.getHandle(id).fetchHistory()).events ?? []));
    return out;
  };
  const outcomeLine = (outcomes: { status: string; reason: string | null }[]) =>
    Object.entries(outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {}))
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');

  // Warm-up: the first clips load the classifiers' models and fill the connection pools.
  for (let i = 0; i < 3; i++) {
    const warm = await runOne();
    if (warm.status !== 'published') throw new Error(`A warm-up clip was not published (${warm.status}: ${warm.reason}); the benchmark measures the path to the feed.`);
  }

  if (alone > 0) {
    const ids: string[] = [];
    const workerCpuBefore = treeCpuSeconds(workerPid);
    for (let i = 0; i < alone; i++) ids.push((await runOne()).requestId);
    const workerCpuAfter = treeCpuSeconds(workerPid);
    const timings = await timingsOf(ids);
    const e2e = timings.map((t) => t.endToEndMs);
    const perClip = workerCpuBefore === null || workerCpuAfter === null ? 'n/a' : `${(((workerCpuAfter - workerCpuBefore) / alone) * 1000).toFixed(0)} ms`;
    console.log(`\nAlone: ${alone} clips one after another on the idle stack: end to end p50 ${ms(percentile(e2e, 50))} ms, p95 ${ms(percentile(e2e, 95))} ms; worker CPU ${perClip} per clip\n`);
    console.log('| step | runs | run p50 ms | run p95 ms | queue wait p50 ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const s of summariseSteps(timings)) console.log(`| ${s.step} | ${s.count} | ${ms(s.runP50)} | ${ms(s.runP95)} | ${ms(s.waitP50)} |`);
  }

  for (const n of batches) {
    const cpuBefore = { worker: treeCpuSeconds(workerPid), postgres: postgresPid && treeCpuSeconds(postgresPid), temporal: temporalPid && treeCpuSeconds(temporalPid), client: process.cpuUsage() };
    const load = loadAverage();
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryMiB(workerPid)?.rss ?? 0)), 250);
    const t0 = performance.now();
    const outcomes = await Promise.all(Array.from({ length: n }, () => runOne()));
    const wallSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const client = process.cpuUsage(cpuBefore.client);
    const delta = (after: number | null, before: number | null | 0) => (after === null || before === null || before === 0 ? null : after - before);
    const cpu = {
      worker: delta(treeCpuSeconds(workerPid), cpuBefore.worker),
      postgres: postgresPid ? delta(treeCpuSeconds(postgresPid), cpuBefore.postgres) : null,
      temporal: temporalPid ? delta(treeCpuSeconds(temporalPid), cpuBefore.temporal) : null,
      client: (client.user + client.system) / 1e6,
    };
    const timings = await timingsOf(outcomes.map((o) => o.requestId));
    const e2e = timings.map((t) => t.endToEndMs);
    const steps = summariseSteps(timings);
    const worst = bottleneck(steps);
    const cpuCell = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} s (${((value / n) * 1000).toFixed(0)} ms/clip)`);
    const total = [cpu.worker, cpu.postgres, cpu.temporal, cpu.client].reduce<number>((a, b) => a + (b ?? 0), 0);
    console.log(`\nN = ${n} submitted at once (load average before ${load}): ${outcomeLine(outcomes)}`);
    console.log(`  ${(n / wallSeconds).toFixed(2)} clips/s (${wallSeconds.toFixed(1)} s from the first submission to the last result); end to end p50 ${ms(percentile(e2e, 50))} ms, p95 ${ms(percentile(e2e, 95))} ms`);
    console.log(`  CPU: worker ${cpuCell(cpu.worker)}, PostgreSQL ${cpuCell(cpu.postgres)}, Temporal ${cpuCell(cpu.temporal)}, this client ${cpuCell(cpu.client)}; all ${(total / n * 1000).toFixed(0)} ms/clip`);
    console.log(`  worker memory: RSS peak during the run ${peakRss.toFixed(0)} MiB (since start ${memoryMiB(workerPid)?.peak.toFixed(0) ?? 'n/a'} MiB)`);
    console.log(`  bottleneck: ${worst ? `${worst.step} (${worst.why})` : 'n/a'}\n`);
    console.log('| step | task queue | runs | queue wait p50 ms | queue wait p95 ms | run p50 ms | run p95 ms | run total s |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    for (const s of steps) {
      console.log(`| ${s.step} | ${s.queue} | ${s.count} | ${ms(s.waitP50)} | ${ms(s.waitP95)} | ${ms(s.runP50)} | ${ms(s.runP95)} | ${(s.runTotal / 1000).toFixed(1)} |`);
    }
    const notPublished = outcomes.filter((o) => o.status !== 'published');
    if (notPublished.length > 0) console.log(`\n  not published: ${notPublished.slice(0, 5).map((o) => `${o.status} (${o.reason})`).join('; ')}`);
  }
  const published = await sql<{ n: string }>`SELECT count(*) AS n FROM videos WHERE status = 'published'`.execute(db);
  console.log(`\n${published.rows[0]!.n} videos published in all; load average at end ${loadAverage()}`);
} finally {
  if (worker) await stopChild(worker);
  await connection.close();
  await db.destroy();
  await temporalServer.stop();
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
