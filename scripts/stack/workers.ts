/**
 * Runs Loupe's Temporal workers: one per task queue (pipeline, media, generation), all in this
 * process in embedded mode. At scale the same function runs with one queue per deployment.
 */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { taskQueueNames } from '../../contracts';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/**
 * Temporal's worker runtime logs every state change at INFO; Loupe's own output says what matters,
 * so the runtime only speaks up for warnings. Must run before the first connection is made.
 */
export function installWorkerRuntime(): void {
  Runtime.install({
    // Loupe's entry points stop things in order on SIGINT/SIGTERM; the runtime must not race them.
    shutdownSignals: [],
    logger: new DefaultLogger('WARN', (entry) => {
      // Activity-only workers (media, generation) are meant to have no workflows; that is not a problem.
      if (entry.message.startsWith('No workflows registered')) return;
      console.error(`[temporal] ${entry.level} ${entry.message}`, entry.meta ?? '');
    }),
  });
}

export interface RunningWorkers {
  /** Resolves when every worker has stopped; rejects if one fails. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export async function startWorkers(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueuePrefix: string;
  deps: ActivityDeps;
  /** A pre-built bundle (tests build it once per run); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleWithSourceMap;
}): Promise<RunningWorkers> {
  const queues = taskQueueNames(options.taskQueuePrefix);
  const activities = createActivities(options.deps);
  const common = { connection: options.connection, namespace: options.namespace, shutdownGraceTime: '5 seconds' } as const;
  const workers = await Promise.all([
    Worker.create({
      ...common,
      taskQueue: queues.pipeline,
      activities: activities.pipeline,
      ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    }),
    // Rendering and signing are CPU-bound: keep a couple in flight, not dozens.
    Worker.create({ ...common, taskQueue: queues.generation, activities: activities.generation, maxConcurrentActivityTaskExecutions: 2 }),
    Worker.create({ ...common, taskQueue: queues.media, activities: activities.media, maxConcurrentActivityTaskExecutions: 2 }),
  ]);
  const done = Promise.all(workers.map((worker) => worker.run())).then(() => undefined);
  return {
    done,
    async shutdown() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
    },
  };
}
