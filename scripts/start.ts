/**
 * `npm start`: everything Loupe needs on one machine. PostgreSQL (embedded unless DATABASE_URL),
 * Temporal (dev server unless TEMPORAL_ADDRESS), the workers, the console, and demo data on first start.
 * Ctrl-C stops all of it.
 */
import { ConfigError, loadConfig } from '../config/env';
import { DEMO_PASSWORD, DEMO_STAFF } from '../db/seed/demo-people';
import { seedStarterList, STARTER_LIST_DATE } from '../db/seed/protected-persons';
import { COPYRIGHT_SEED_REVISION, seedCopyrightWorks } from '../db/seed/copyright-works';
import { consoleContextFromConfig } from './stack/console-context';
import { startHttpServer } from './stack/http-server';
import { seedDemo } from './stack/seed-demo';
import { startStack } from './stack/stack';

const log = (line: string) => console.log(`[loupe] ${line}`);

async function main() {
  let config;
  try {
    config = loadConfig();
    if (config.APP_DATABASE_URL && !config.DATABASE_URL) {
      // Only a standalone worker (scripts/worker.ts) runs on APP_DATABASE_URL alone: it never migrates.
      throw new ConfigError('APP_DATABASE_URL is set without DATABASE_URL, but npm start migrates as the owner DATABASE_URL names (unset APP_DATABASE_URL to use the embedded PostgreSQL, which makes its own app role).');
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[loupe] configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  log(`Node.js ${process.version} (pinned in package.json; npm start and npm test install it)`);
  log(`data folder: ${config.dataDir}`);
  const stack = await startStack(config, log);
  log(`database: ${stack.databaseLabel}`);
  log(`temporal: ${stack.temporalLabel}`);
  // The protected-persons starter list is real data, not demo data: it loads whether or not the demo is seeded.
  const starter = await seedStarterList(stack.db);
  log(
    starter === 'already loaded'
      ? `protected persons: starter list ${STARTER_LIST_DATE} loaded on an earlier start.`
      : `protected persons: starter list ${STARTER_LIST_DATE}: ${starter.added} added, ${starter.updated} updated, ${starter.unchanged} unchanged, ${starter.kept} kept as staff left them, ${starter.refused.length} refused${starter.refused.length > 0 ? ` (${starter.refused.join(' ')})` : ''}.`,
  );
  // The works registry's shipped lists (issue 13) are real data too: they load whether or not the demo is seeded.
  const works = await seedCopyrightWorks(stack.db);
  log(
    works === 'already loaded'
      ? `works registry: shipped lists ${COPYRIGHT_SEED_REVISION} loaded on an earlier start.`
      : `works registry: shipped lists ${COPYRIGHT_SEED_REVISION}: ${works.entries} entries (well-known works, Pokémon and Star Wars names live; the comics lists in shadow).`,
  );
  const http = await startHttpServer({
    context: consoleContextFromConfig(config, { db: stack.db, temporal: stack.temporal, media: stack.media, temporalUiUrl: stack.temporalUiUrl }),
    host: config.HOST,
    port: config.PORT,
    trustedProxies: config.LOUPE_TRUSTED_PROXIES,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the console, workers, Temporal and PostgreSQL...`);
    await http.close();
    await stack.stop();
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  stack.workers.done.catch(async (error) => {
    console.error('[loupe] a worker failed:', error);
    await stop('worker failure');
  });

  console.log(`
  Loupe is running (Node.js ${process.version}).
    console       ${http.url}/queues
    public feed   ${http.url}/feed
    health        ${http.url}/healthz
    Temporal UI   ${stack.temporalUiUrl ?? '(your cluster\'s UI)'}
  Staff logins (password "${DEMO_PASSWORD}", local demo only):
${DEMO_STAFF.map((s) => `    ${s.email.padEnd(22)} ${s.role}`).join('\n')}
  Press Ctrl-C to stop everything.
`);

  if (config.LOUPE_SEED_DEMO) {
    const interactive = process.stdout.isTTY;
    const result = await seedDemo(
      { db: stack.db, temporal: stack.temporal, taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX, media: stack.media },
      (line, done) => {
        if (interactive) process.stdout.write(`\r\x1b[2K[loupe] ${line}${done ? '\n' : ''}`);
        else console.log(`[loupe] ${line}`);
      },
    );
    if (result === 'already seeded') log('demo data: kept from an earlier start.');
  }
}

main().catch((error) => {
  console.error(`[loupe] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
