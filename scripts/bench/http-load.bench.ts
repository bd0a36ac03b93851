/**
 * HTTP load check, loopback only and bounded in time:
 *
 *   npx tsx scripts/bench/http-load.bench.ts [--connections 20] [--duration 30] [--slow 3]
 *
 * Starts Loupe as `npm start` does (scripts/start.ts in a child process: embedded PostgreSQL, the
 * Temporal dev server, the workers, the console and the demo seed through the real pipeline) in a
 * throw-away data folder on free ports, then measures against it:
 *
 * 1. `/api/feed` and `/feed`, each with `--connections` connections for `--duration` seconds
 *    (autocannon): requests per second, p50/p90/p99/max latency, non-2xx answers and errors, and
 *    the console process's resident memory (RSS, from /proc) before and after each run.
 * 2. `/api/verify` under a slow-upload attack: `--slow` uploads from ONE client address that send
 *    their body at 1 byte per second (reopened whenever the server cuts them, as an attacker would),
 *    while other clients, each from its own address, ask `/api/verify` about a published video two
 *    at a time. Their success rate and latency are measured without the attack and during it.
 *
 * The console runs with LOUPE_TRUSTED_PROXIES=1 so that clients on loopback can name their address
 * in X-Forwarded-For (addresses from 198.18.0.0/15, the range RFC 2544 sets aside for benchmarks).
 * Nothing leaves the machine. The console must be built (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../stack/free-port';

const ROOT = path.resolve(import.meta.dirname, '../..');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const connections = option('--connections', 20);
const duration = option('--duration', 30);
const slowUploads = option('--slow', 3);

/** Resident memory of a process in MiB (Linux /proc; null elsewhere). */
function rssMiB(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : null;
  } catch {
    return null;
  }
}
const mib = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} MiB`);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Starts scripts/start.ts and resolves once the demo seed has gone through the pipeline. */
async function startConsole(dataDir: string, port: number): Promise<ChildProcess> {
  // Everything embedded and local, whatever the developer's own environment points at.
  const own = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'APP_DATABASE_URL', 'TEMPORAL_ADDRESS', 'C2PA_TSA_URL', 'LOUPE_EXTERNAL_MODERATION', 'NODE_ENV'].includes(name)),
  );
  const env: NodeJS.ProcessEnv = {
    ...(own as NodeJS.ProcessEnv),
    LOUPE_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    LOUPE_TASK_QUEUE_PREFIX: 'loupe-bench',
    LOUPE_TRUSTED_PROXIES: '1',
    LOUPE_SEED_DEMO: 'true',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Loupe did not finish starting and seeding within 20 minutes. Last lines:\n${tail.join('\n')}`)), 20 * 60_000);
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (/seeding demo: done|demo data: kept/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Loupe exited with code ${code} while starting. Last lines:\n${tail.join('\n')}`));
    });
  });
  // Keep draining its output so a full pipe never blocks it.
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

async function stopConsole(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

/** One autocannon run against `url`, as a Markdown table row with the console's memory before and after. */
async function load(label: string, url: string, pid: number): Promise<string> {
  const before = rssMiB(pid);
  const result = await autocannon({ url, connections, duration });
  const after = rssMiB(pid);
  const { latency, requests } = result;
  return `| ${label} | ${requests.average.toFixed(0)} | ${latency.p50} | ${latency.p90} | ${latency.p99} | ${latency.max} | ${result.non2xx} | ${result.errors + result.timeouts} | ${mib(before)} → ${mib(after)} |`;
}

/** Addresses from the benchmarking range 198.18.0.0/15, one per call of `nextAddress`. */
let addressCounter = 0;
const nextAddress = () => {
  addressCounter += 1;
  return `198.19.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
};

/** Other clients: `parallel` loops asking /api/verify about `videoId` for `ms`, each call from a fresh address. */
async function verifyTraffic(base: string, videoId: string, ms: number, parallel = 2) {
  const outcomes: { status: number; ms: number }[] = [];
  const deadline = Date.now() + ms;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        const status = await fetch(`${base}/api/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
          body: JSON.stringify({ videoId }),
          signal: AbortSignal.timeout(60_000),
        })
          .then(async (response) => (await response.arrayBuffer(), response.status))
          .catch(() => 0);
        outcomes.push({ status, ms: performance.now() - started });
      }
    }),
  );
  const ok = outcomes.filter((o) => o.status === 200);
  const byStatus = Object.entries(outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status || 'no answer']: (acc[o.status || 'no answer'] ?? 0) + 1 }), {}))
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  return { calls: outcomes.length, okShare: outcomes.length ? ok.length / outcomes.length : 0, p50: percentile(ok.map((o) => o.ms), 50), p99: percentile(ok.map((o) => o.ms), 99), byStatus };
}

/**
 * `count` uploads from one address that send a multipart body at 1 byte per second until `until`;
 * whenever the server answers or closes one, it is opened again. Reports what the server did to them.
 */
function slowUploadAttack(port: number, count: number, until: number) {
  const address = '198.18.0.1';
  const endings: string[] = [];
  const heldMs: number[] = [];
  const open = (): Promise<void> =>
    new Promise((resolve) => {
      if (Date.now() >= until) return resolve();
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      let timer: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write(
          `POST /api/verify HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Forwarded-For: ${address}\r\n` +
            'Content-Type: multipart/form-data; boundary=slowloris\r\nContent-Length: 10000000\r\n\r\n--slowloris\r\n',
        );
        timer = setInterval(() => (Date.now() >= until ? socket.destroy() : socket.write('x')), 1000);
      });
      socket.on('data', (chunk: Buffer) => (answer ||= chunk.toString('latin1').split('\r\n')[0] ?? ''));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        if (Date.now() < until) {
          endings.push(answer || 'closed without an answer');
          heldMs.push(Date.now() - started);
        }
        resolve(open());
      });
    });
  const done = Promise.all(Array.from({ length: count }, () => open()));
  return {
    done,
    report: () => {
      const counts = Object.entries(endings.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e]: (acc[e] ?? 0) + 1 }), {}));
      return {
        cut: endings.length,
        endings: counts.map(([ending, n]) => `${n}× ${ending}`).join(', ') || 'none (held until the end)',
        heldP50s: heldMs.length ? percentile(heldMs, 50) / 1000 : null,
      };
    },
  };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-http-bench-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const startedAt = Date.now();
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const child = await startConsole(dataDir, port);
try {
  console.log(`Loupe started and seeded in ${((Date.now() - startedAt) / 1000).toFixed(0)} s (console pid ${child.pid}, RSS ${mib(rssMiB(child.pid!))})`);
  const feed = (await (await fetch(`${base}/api/feed?limit=50`)).json()) as { items: { id: string }[] };
  const videoId = feed.items[0]?.id;
  if (!videoId) throw new Error('The demo seed published no video; the feed is empty.');
  // Warm-up: the first requests compile routes and fill the connection pool.
  for (const url of ['/api/feed', '/feed']) for (let i = 0; i < 20; i++) await (await fetch(`${base}${url}`)).arrayBuffer();

  console.log(`\nLoad: ${connections} connections for ${duration} s each, ${feed.items.length} published videos in the feed\n`);
  console.log('| route | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | console RSS before → after |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  console.log(await load('`GET /api/feed`', `${base}/api/feed`, child.pid!));
  console.log(await load('`GET /feed` (server-rendered page)', `${base}/feed`, child.pid!));
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  console.log(`\nconsole RSS 10 s after the load: ${mib(rssMiB(child.pid!))}`);

  const window = duration * 1000;
  const quiet = await verifyTraffic(base, videoId, window);
  const attack = slowUploadAttack(port, slowUploads, Date.now() + window + 2000);
  // Let the slow uploads take hold before the others arrive.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const underAttack = await verifyTraffic(base, videoId, window);
  await attack.done;
  const slow = attack.report();
  console.log(`\n/api/verify for other clients (2 at a time, each from its own address, ${duration} s each)\n`);
  console.log('| condition | calls | answered 200 | p50 ms (200s) | p99 ms (200s) | answers |');
  console.log('|---|---:|---:|---:|---:|---|');
  console.log(`| no attack | ${quiet.calls} | ${(quiet.okShare * 100).toFixed(0)} % | ${quiet.p50.toFixed(0)} | ${quiet.p99.toFixed(0)} | ${quiet.byStatus} |`);
  console.log(`| ${slowUploads} uploads at 1 byte/s from one address | ${underAttack.calls} | ${(underAttack.okShare * 100).toFixed(0)} % | ${underAttack.p50.toFixed(0)} | ${underAttack.p99.toFixed(0)} | ${underAttack.byStatus} |`);
  console.log(`\nslow uploads: ${slow.cut} cut by the server (${slow.endings}); median time held before the cut: ${slow.heldP50s === null ? 'n/a' : `${slow.heldP50s.toFixed(0)} s`}`);
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await stopConsole(child);
  await rm(dataDir, { recursive: true, force: true });
}
