/**
 * Runs only Loupe's workers (no console, no embedded services): for deployments that scale workers
 * apart from the console. Needs APP_DATABASE_URL (or DATABASE_URL) and TEMPORAL_ADDRESS; it runs no
 * migrations. `--queues media` (or `pipeline`, `generation`, several separated by commas) serves only
 * those task queues, so each pool is scaled on its own (docs/scaling.md, "Workers by task queue");
 * without it, every queue. The tests also use it to kill a worker mid-render or mid-signing.
 */
import { NativeConnection } from '@temporalio/worker';
import { taskQueueNames } from '../contracts';
import { ConfigError, loadConfig } from '../config/env';
import { checkAppRole } from '../db/app-role';
import { createDb } from '../db/connection';
import { buildActivityDeps } from './stack/activity-deps';
import { clusterConnectionOptions } from './stack/temporal-connection';
import { parseWorkerQueues } from './stack/worker-queues';
import { installWorkerRuntime, startWorkers } from './stack/workers';

async function main() {
  const config = loadConfig();
  const queues = parseWorkerQueues(process.argv.slice(2));
  // Workers connect as the app's role (a member of loupe_app) and run no migrations, so they need no owner credentials.
  const databaseUrl = config.APP_DATABASE_URL ?? config.DATABASE_URL;
  if (!databaseUrl || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError('APP_DATABASE_URL (or DATABASE_URL) and TEMPORAL_ADDRESS must both be set to run a standalone worker (npm start runs everything together).');
  }
  const db = createDb(databaseUrl);
  await checkAppRole(db, { refuseRewrite: config.NODE_ENV === 'production', warn: (line) => console.warn(`[worker] ${line}`) });
  installWorkerRuntime();
  const connection = await NativeConnection.connect(clusterConnectionOptions(config, config.TEMPORAL_ADDRESS));
  const deps = await buildActivityDeps(config, db);
  const workers = await startWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX,
    deps,
    queues,
  });
  if (deps.signing.tsaUrl) console.log(`[worker] C2PA signatures are time-stamped by ${deps.signing.tsaUrl}`);
  const names = taskQueueNames(config.LOUPE_TASK_QUEUE_PREFIX);
  console.log(`[worker] polling ${queues.map((kind) => names[kind]).join(', ')} on ${config.TEMPORAL_ADDRESS}`);
  const stop = () => void workers.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await workers.done;
  await connection.close();
  await db.destroy();
  // Everything of Loupe's is closed now, but the model runtimes a media worker loaded (TensorFlow.js,
  // the face engine) keep handles open after their work, and the process would never end by itself.
  process.exit(0);
}

main().catch((error) => {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
