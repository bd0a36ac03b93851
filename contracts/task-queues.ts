/**
 * The task queues of one Loupe deployment. Workflows, the worker and the app name them through
 * these functions, so a queue is spelled in one place.
 */

/** The three task queues of a deployment, by the kind of work their workers do. */
export interface TaskQueueNames {
  /** Workflows and the short database activities (recording, screening, consent, review). */
  readonly pipeline: string;
  /** CPU work: ffmpeg, classifiers, C2PA signing and reading, provenance audits. */
  readonly media: string;
  /** Video generation (a GPU or a provider at scale). */
  readonly generation: string;
}

/**
 * One prefix names a deployment's task queues: `${prefix}-pipeline`, `${prefix}-media` and
 * `${prefix}-generation`. Embedded mode runs one worker per queue in a single process; at scale each
 * queue gets its own worker pool (CPU media work, GPU/provider generation).
 */
export function taskQueueNames(prefix: string): TaskQueueNames {
  return { pipeline: `${prefix}-pipeline`, media: `${prefix}-media`, generation: `${prefix}-generation` } as const;
}

/**
 * The deployment prefix of a pipeline task queue name (the inverse of `taskQueueNames(prefix).pipeline`).
 * A workflow uses it to find its sibling queues from `workflowInfo().taskQueue`; a name without the
 * `-pipeline` suffix is returned unchanged.
 */
export function prefixOfTaskQueue(pipelineTaskQueue: string): string {
  return pipelineTaskQueue.replace(/-pipeline$/, '');
}
