/**
 * Runs only Loupe's console (the Remix console, public pages, tRPC and the app API), no workers and
 * no embedded services: for deployments that scale the console apart from the workers
 * (docs/scaling.md, "Workers by task queue"). Needs APP_DATABASE_URL (or DATABASE_URL) and
 * TEMPORAL_ADDRESS, and the built console (`npm run build`); it runs no migrations (a worker or
 * `npm start` against the same DATABASE_URL does) and starts no workflow worker, so requests it
 * accepts wait on the task queues until `scripts/worker.ts` processes serve them.
 */
import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadConfig } from '../config/env';
import { checkAppRole } from '../db/app-role';
import { createDb } from '../db/connection';
import { mediaStoreFromConfig } from '../db/media-store-from-config';
import { consoleContextFromConfig } from './stack/console-context';
import { startHttpServer } from './stack/http-server';
import { clusterConnectionOptions } from './stack/temporal-connection';

async function main() {
  const config = loadConfig();
  const databaseUrl = config.APP_DATABASE_URL ?? config.DATABASE_URL;
  if (!databaseUrl || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError('APP_DATABASE_URL (or DATABASE_URL) and TEMPORAL_ADDRESS must both be set to run the console alone (npm start runs everything together).');
  }
  const db = createDb(databaseUrl);
  await checkAppRole(db, { refuseRewrite: config.NODE_ENV === 'production', warn: (line) => console.warn(`[console] ${line}`) });
  const connection = await Connection.connect(clusterConnectionOptions(config, config.TEMPORAL_ADDRESS));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const http = await startHttpServer({
    context: consoleContextFromConfig(config, { db, temporal, media: mediaStoreFromConfig(config), temporalUiUrl: null }),
    host: config.HOST,
    port: config.PORT,
    trustedProxies: config.LOUPE_TRUSTED_PROXIES,
  });
  console.log(`[console] listening on ${http.url}, Temporal ${config.TEMPORAL_ADDRESS} (task queues ${config.LOUPE_TASK_QUEUE_PREFIX}-*)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await http.close();
    await connection.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(`[console] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
