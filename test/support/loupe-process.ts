/**
 * Loupe's own entry points as child processes, for tests that kill, restart or split them:
 * `scripts/worker.ts` (one per task queue, `--queues`) and `scripts/console.ts`. Each runs on the
 * same pinned Node as the test, through tsx, with an environment made only of the test's values on
 * top of the machine's (a developer's own LOUPE_*, C2PA_*, TEMPORAL_* or database settings never
 * reach it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Variables a developer may have set for their own Loupe that would change what a test process does. */
const PERSONAL = /^(LOUPE_|C2PA_|TEMPORAL_|OPENAI_|DATABASE_URL$|APP_DATABASE_URL$|PORT$|HOST$|NODE_ENV$)/;

/** How long stop() waits after its signal before SIGKILL: a worker's own shutdown grace is 5 s. */
const STOP_GRACE_MS = 15_000;

export interface LoupeProcess {
  child: ChildProcess;
  /** Resolves when the process printed its ready line; rejects if it exits first (with its output). */
  ready: Promise<void>;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends `signal` (SIGKILL after STOP_GRACE_MS) and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns `scripts/<script>.ts` with `args` and `env` (added to the machine's environment minus
 * PERSONAL); `ready` resolves when its output contains `readyLine`.
 */
export function spawnLoupeProcess(script: 'worker' | 'console', args: string[], env: Record<string, string>, readyLine: string): LoupeProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !PERSONAL.test(name))) as NodeJS.ProcessEnv;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, `scripts/${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyLine)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`scripts/${script}.ts ${args.join(' ')} exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
  // A process killed on purpose after it was ready must not leave an unhandled rejection behind.
  ready.catch(() => undefined);
  return {
    child,
    ready,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      // A process that does not finish its orderly stop in time is killed, so a test never hangs on it.
      const late = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(late);
    },
  };
}

/** A standalone worker serving `queues` (all when empty), ready once it polls. */
export function spawnWorker(queues: readonly string[], env: Record<string, string>): LoupeProcess {
  return spawnLoupeProcess('worker', queues.length > 0 ? ['--queues', queues.join(',')] : [], env, '[worker] polling');
}
