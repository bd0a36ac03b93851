/**
 * Runs Loupe's Temporal workers: one per task queue (pipeline, media, generation), all in this
 * process in embedded mode. At scale the same function runs with one queue per deployment.
 */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { taskQueueNames } from '../../contracts';
import { loadLiveOverlay } from '../../db/queries/policy';
import { applyRuleSetChanges, LIVE_RULE_SET } from '../../policies';
import { QUEUE_KINDS, type QueueKind } from './worker-queues';

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

/**
 * Loads the semantic classifier's model and the live rule set's exemplar embeddings (from the
 * cache setup fills, or computed once, about 17 s for the shipped set), so the first prompt
 * screened does not wait for them. Never throws: a model that cannot load is one line on
 * `warn`, and the worker starts anyway; each screening then tries to load it again and, until it
 * can, answers unavailable and the rules decide alone. Does nothing when the layer is switched off.
 * Resolves to how long it took in ms, or null when nothing was warmed.
 */
export async function warmSemanticClassifier(
  deps: Pick<ActivityDeps, 'db' | 'semantic'>,
  warn: (line: string) => void = (line) => console.warn(`[worker] ${line}`),
): Promise<number | null> {
  if (!deps.semantic) return null;
  const since = Date.now();
  try {
    const { changes } = await loadLiveOverlay(deps.db);
    const policy = applyRuleSetChanges(LIVE_RULE_SET, changes).ruleSet.semantic;
    if (!policy) return null;
    await deps.semantic.warm(policy);
    return Date.now() - since;
  } catch (error) {
    warn(`the semantic classifier could not be warmed (${error instanceof Error ? error.message : String(error)}); the worker starts anyway, and until the model loads the rules screen prompts alone.`);
    return null;
  }
}

/**
 * Creates and runs one worker for each task queue in `queues` (every queue unless given: what
 * `npm start` runs in one process; `scripts/worker.ts --queues media` runs one kind). The pipeline
 * queue's screening uses the semantic classifier, so a worker that serves it warms it first
 * (warmSemanticClassifier): polling starts only after. Workers of the media and generation queues
 * register no workflows.
 */
export async function startWorkers(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueuePrefix: string;
  deps: ActivityDeps;
  /** The kinds of queue to serve (scripts/stack/worker-queues.ts); default every kind. */
  queues?: readonly QueueKind[];
  /** A pre-built bundle (tests build it once per run); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleWithSourceMap;
}): Promise<RunningWorkers> {
  const serve = new Set<QueueKind>(options.queues ?? QUEUE_KINDS);
  if (serve.has('pipeline')) await warmSemanticClassifier(options.deps);
  const queues = taskQueueNames(options.taskQueuePrefix);
  const activities = createActivities(options.deps);
  const common = { connection: options.connection, namespace: options.namespace, shutdownGraceTime: '5 seconds' } as const;
  const create: Record<QueueKind, () => Promise<Worker>> = {
    pipeline: () =>
      Worker.create({
        ...common,
        taskQueue: queues.pipeline,
        activities: activities.pipeline,
        ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
      }),
    // Rendering and signing are CPU-bound: keep a couple in flight, not dozens.
    generation: () => Worker.create({ ...common, taskQueue: queues.generation, activities: activities.generation, maxConcurrentActivityTaskExecutions: 2 }),
    media: () => Worker.create({ ...common, taskQueue: queues.media, activities: activities.media, maxConcurrentActivityTaskExecutions: 2 }),
  };
  const workers = await Promise.all(QUEUE_KINDS.filter((kind) => serve.has(kind)).map((kind) => create[kind]()));
  const done = Promise.all(workers.map((worker) => worker.run())).then(() => undefined);
  return {
    done,
    async shutdown() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
    },
  };
}
