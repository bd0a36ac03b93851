/**
 * A real S3-compatible server for the media store's tests (issue 16): moto's stand-alone server
 * (PyPI `moto`, built once by scripts/setup/s3-test-server.mjs into a pinned Python environment),
 * started on a free loopback port, behind a TCP gate on another port that the stores talk to.
 *
 * The gate is how a test takes "the S3 server" down and back up: `down()` stops accepting
 * connections (a client then gets ECONNREFUSED) and cuts the open ones; `up()` listens again on the
 * same port. moto keeps its objects in memory, so stopping its process would lose the bucket; a real
 * S3 outage keeps the data, and so does the gate: from the client's side the two look the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3MediaStoreOptions } from '../../db/s3-media-store';
import { freePort } from '../../scripts/stack/free-port';
// @ts-expect-error plain JavaScript setup module without type declarations
import { ensureS3TestServer } from '../../scripts/setup/s3-test-server.mjs';

/** moto accepts any credentials; these only make the SDK sign its requests. */
const CREDENTIALS = { accessKeyId: 'loupe-test', secretAccessKey: 'loupe-test-secret' };
const REGION = 'us-east-1';

export interface S3TestServer {
  /** The gate's URL: what a store under test is configured with (LOUPE_S3_ENDPOINT). */
  endpoint: string;
  /** A client straight to moto (not through the gate), for a test's own checks. */
  direct: S3Client;
  /** Creates a bucket with a fresh name and answers the name. */
  createBucket(): Promise<string>;
  /** S3MediaStore options for `bucket` through the gate, caching under `cacheDir`. */
  storeOptions(bucket: string, cacheDir: string): S3MediaStoreOptions;
  /** The variables a Loupe process needs to use `bucket` (LOUPE_MEDIA_STORE=s3 and the LOUPE_S3_* settings). */
  env(bucket: string): Record<string, string>;
  /** The endpoint refuses connections and open ones are cut, until `up()`; moto and its objects stay. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts moto and its gate; builds moto's Python environment first when it is missing (once, about a minute). */
export async function startS3TestServer(): Promise<S3TestServer> {
  const python: string = ensureS3TestServer();
  const motoPort = await freePort();
  const moto = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(motoPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  moto.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  moto.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  await waitForHttp(`http://127.0.0.1:${motoPort}/`, moto, () => output);

  const gatePort = await freePort();
  const gate = new Gate(gatePort, motoPort);
  await gate.listen();
  const endpoint = `http://127.0.0.1:${gatePort}`;
  const direct = new S3Client({ region: REGION, endpoint: `http://127.0.0.1:${motoPort}`, forcePathStyle: true, credentials: CREDENTIALS });

  return {
    endpoint,
    direct,
    async createBucket() {
      const bucket = `loupe-test-${randomUUID().slice(0, 8)}`;
      await direct.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    storeOptions(bucket, cacheDir) {
      // Short timeouts and few SDK attempts: a test's outage is seconds long, and Temporal retries the step.
      return { bucket, region: REGION, endpoint, forcePathStyle: true, credentials: CREDENTIALS, cacheDir, maxAttempts: 2, connectionTimeoutMs: 1000, requestTimeoutMs: 10_000 };
    },
    env(bucket) {
      return {
        LOUPE_MEDIA_STORE: 's3',
        LOUPE_S3_ENDPOINT: endpoint,
        LOUPE_S3_BUCKET: bucket,
        LOUPE_S3_REGION: REGION,
        LOUPE_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        LOUPE_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        LOUPE_S3_FORCE_PATH_STYLE: 'true',
      };
    },
    down: () => gate.close(),
    up: () => gate.listen(),
    async stop() {
      direct.destroy();
      await gate.close();
      if (moto.exitCode === null) {
        const exited = new Promise((resolve) => moto.once('exit', resolve));
        moto.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A TCP relay from `port` to moto's port that can stop listening and cut its connections. */
class Gate {
  private server: net.Server | null = null;
  private readonly open = new Set<net.Socket>();

  constructor(private readonly port: number, private readonly target: number) {}

  async listen(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.open.add(socket);
        socket.on('close', () => this.open.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.open) socket.destroy();
    await closed;
  }
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto's server exited with ${child.exitCode} before it answered: ${output()}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`moto's server did not answer at ${url} within 30 s: ${output()}`);
}
