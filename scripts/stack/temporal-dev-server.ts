/**
 * Finds or builds the Temporal CLI and runs its dev server (`temporal server start-dev`).
 *
 * The SDK can download the CLI itself, but Loupe must also run where only package registries are
 * reachable, so the binary is looked for in this order, and the choice is printed:
 *   1. TEMPORAL_CLI_PATH, 2. `temporal` on PATH, 3. the cache folder outside the clone,
 *   4. built into that cache with `go install` when Go is present,
 *   5. the SDK's own download (needs internet).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';

/** v1.5.1 is the last tag `go install` can build: later tags carry a `replace` directive. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install' | 'sdk download';

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  source: TemporalCliSource;
  binary: string | null;
  stop(): Promise<void>;
}

export function temporalCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'loupe', 'bin');
}

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Returns the binary to use, building it with Go when that is the only way; null means "let the SDK download it". */
export async function locateTemporalCli(
  explicitPath: string | undefined,
  log: (line: string) => void,
): Promise<{ binary: string | null; source: TemporalCliSource }> {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI_PATH points to ${explicitPath}, which does not exist.`);
    return { binary: explicitPath, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { binary: fromPath, source: 'PATH' };

  const cached = path.join(temporalCacheDir(), 'temporal');
  if (existsSync(cached)) return { binary: cached, source: 'cache' };

  const go = onPath('go');
  if (go) {
    log(`Building the Temporal CLI with \`go install ${TEMPORAL_CLI_MODULE}\` into ${temporalCacheDir()} (once; a few minutes)...`);
    await fs.mkdir(temporalCacheDir(), { recursive: true });
    const result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: temporalCacheDir(), GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status === 0 && existsSync(cached)) return { binary: cached, source: 'go install' };
    log('go install of the Temporal CLI failed; falling back to the SDK download, which needs internet.');
  }
  return { binary: null, source: 'sdk download' };
}

/**
 * The only address the dev server and its Web UI listen on. The dev server has no authentication
 * and its UI shows every workflow's inputs, prompts under review included, to whoever reaches its
 * port; on loopback that is only this machine's own users. Deployments run a real Temporal cluster
 * (or Temporal Cloud) with the UI behind its own sign-in (README, "Temporal Web UI").
 */
export const DEV_SERVER_IP = '127.0.0.1';

export interface StartDevServerOptions {
  port: number;
  uiPort: number | null;
  /** SQLite file that keeps workflow history between runs; null keeps it in memory (tests). */
  dbFile: string | null;
  namespace: string;
  cliPath?: string;
  log?: (line: string) => void;
}

/**
 * The `temporal server start-dev` arguments for `options`: the frontend, its HTTP API and the Web UI
 * bound to `DEV_SERVER_IP` (the UI's address is given explicitly rather than left to default to
 * `--ip`, so a change of the CLI's default cannot widen it), or `--headless` without a UI port.
 */
export function devServerArgs(options: Pick<StartDevServerOptions, 'port' | 'uiPort' | 'dbFile' | 'namespace'>): string[] {
  const args = ['server', 'start-dev', '--ip', DEV_SERVER_IP, '--port', String(options.port), '--namespace', options.namespace, '--log-level', 'error'];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) args.push('--ui-ip', DEV_SERVER_IP, '--ui-port', String(options.uiPort));
  else args.push('--headless');
  return args;
}

export async function startTemporalDevServer(options: StartDevServerOptions): Promise<TemporalDevServer> {
  const log = options.log ?? (() => {});
  const { binary, source } = await locateTemporalCli(options.cliPath, log);
  const address = `${DEV_SERVER_IP}:${options.port}`;
  const uiUrl = options.uiPort ? `http://${DEV_SERVER_IP}:${options.uiPort}` : null;
  if (options.dbFile) await fs.mkdir(path.dirname(options.dbFile), { recursive: true });

  if (!binary) return startWithSdkDownload(options, address, uiUrl);

  const args = devServerArgs(options);

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const remember = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  try {
    await waitUntilServing(address, options.namespace, exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`The Temporal dev server (${binary}) did not start on ${address}: ${(error as Error).message}\n${output.trim()}`, { cause: error });
  }
  return { address, uiUrl, source, binary, stop: () => stopChild(child, exited) };
}

async function waitUntilServing(address: string, namespace: string, exited: Promise<number | null>): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`it exited with code ${exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`not answering after 60 s (${(error as Error).message})`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
}

async function startWithSdkDownload(options: StartDevServerOptions, address: string, uiUrl: string | null): Promise<TemporalDevServer> {
  // Imported lazily: only users who let the SDK fetch the CLI pay for loading the testing package.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: DEV_SERVER_IP,
      port: options.port,
      ui: Boolean(options.uiPort),
      uiPort: options.uiPort ?? undefined,
      dbFilename: options.dbFile ?? undefined,
      namespace: options.namespace,
      // The SDK has no option for the UI's address; the CLI's own flag keeps it on loopback too.
      extraArgs: options.uiPort ? ['--ui-ip', DEV_SERVER_IP] : [],
    },
  });
  return { address, uiUrl, source: 'sdk download', binary: null, stop: () => env.teardown() };
}
