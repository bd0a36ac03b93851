/**
 * Boots Loupe's back end for `npm start`: PostgreSQL (embedded or DATABASE_URL), Temporal (dev
 * server or TEMPORAL_ADDRESS), migrations, signing material and the workers. The HTTP server and
 * the demo seed are started on top of it by scripts/start.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import type { LoupeConfig } from '../../config/env';
import { checkAppRole } from '../../db/app-role';
import { createDb, prepareDatabase } from '../../db/connection';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import type { MediaStore } from '../../db/media-store';
import type { Database } from '../../db/schema';
import type { SigningMaterial } from '../../activities/provenance/signing-material';
import { buildActivityDeps } from './activity-deps';
import { clusterConnectionOptions } from './temporal-connection';
import { startTemporalDevServer } from './temporal-dev-server';
import { installWorkerRuntime, startWorkers, type RunningWorkers } from './workers';
import { ensureReverifySchedule } from './provenance-schedule';

export interface Stack {
  db: Kysely<Database>;
  temporal: Client;
  media: MediaStore;
  signing: SigningMaterial;
  workers: RunningWorkers;
  databaseLabel: string;
  temporalLabel: string;
  temporalUiUrl: string | null;
  stop(): Promise<void>;
}

export async function startStack(config: LoupeConfig, log: (line: string) => void): Promise<Stack> {
  // Stopped in reverse order of starting, each step named so a hang or error says where it is.
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const { name, stop: stopOne } of stops.reverse()) {
      await stopOne().catch((error) => log(`while stopping ${name}: ${(error as Error).message}`));
    }
  };
  try {
    await fs.mkdir(config.dataDir, { recursive: true });

    // Migrations run as the owner (DATABASE_URL or the embedded superuser); the app connects as a
    // member of loupe_app that cannot change the audit log (db/app-role.ts).
    let database: { owner: string; app: string; embeddedLogin?: { user: string; password: string }; label: string };
    if (config.DATABASE_URL) {
      database = {
        owner: config.DATABASE_URL,
        app: config.APP_DATABASE_URL ?? config.DATABASE_URL,
        label: config.APP_DATABASE_URL ? 'DATABASE_URL (migrations) and APP_DATABASE_URL' : 'DATABASE_URL',
      };
    } else {
      const pgDir = path.join(config.dataDir, 'postgres');
      const pg = await startEmbeddedPostgres({ dataDir: pgDir, port: config.EMBEDDED_POSTGRES_PORT, persistent: true });
      stops.push({ name: 'PostgreSQL', stop: pg.stop });
      database = {
        owner: pg.connectionString,
        app: pg.appConnectionString,
        embeddedLogin: pg.appLogin,
        label: `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT} (data in ${pgDir})`,
      };
    }
    const prepared = await prepareDatabase(database.owner, { embeddedLogin: database.embeddedLogin, log });
    if (prepared.applied.length > 0) log(`database: applied migrations ${prepared.applied.join(', ')}`);
    const db = createDb(database.app);
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    const appRole = await checkAppRole(db, { refuseRewrite: config.NODE_ENV === 'production', warn: log });
    const databaseLabel = `${database.label}; the app connects as ${appRole.user}`;

    let address = config.TEMPORAL_ADDRESS;
    let temporalLabel = `Temporal cluster at ${address} (namespace ${config.TEMPORAL_NAMESPACE})`;
    let temporalUiUrl: string | null = null;
    if (!address) {
      const server = await startTemporalDevServer({
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        dbFile: path.join(config.dataDir, 'temporal.sqlite'),
        namespace: config.TEMPORAL_NAMESPACE,
        cliPath: config.TEMPORAL_CLI_PATH,
        log,
      });
      stops.push({ name: 'Temporal dev server', stop: server.stop });
      address = server.address;
      temporalUiUrl = server.uiUrl;
      temporalLabel = `Temporal dev server on ${address}, CLI from ${server.source}${server.binary ? ` (${server.binary})` : ''}`;
    }
    const connectionOptions = clusterConnectionOptions(config, address);
    const clientConnection = await Connection.connect(connectionOptions);
    stops.push({ name: 'Temporal client', stop: () => clientConnection.close() });
    const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    installWorkerRuntime();
    const workerConnection = await NativeConnection.connect(connectionOptions);
    stops.push({ name: 'worker connection', stop: () => workerConnection.close() });

    const deps = await buildActivityDeps(config, db);
    const workers = await startWorkers({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX,
      deps,
    });
    stops.push({ name: 'workers', stop: () => workers.shutdown() });
    const schedule = await ensureReverifySchedule(temporal, config.LOUPE_TASK_QUEUE_PREFIX);
    if (schedule === 'created') log('provenance: created the catalogue re-verification schedule');

    return { db, temporal, media: deps.media, signing: deps.signing, workers, databaseLabel, temporalLabel, temporalUiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
