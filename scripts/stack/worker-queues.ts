/**
 * Which of a deployment's task queues one worker process serves: `scripts/worker.ts --queues media`
 * (issue 16, "Workers split by task queue"). Each queue's pool is then scaled on its own against
 * one Temporal server: the pipeline queue (workflows and short database activities), the media
 * queue (ffmpeg, classifiers, C2PA signing) and the generation queue (the video generator).
 */
import { parseArgs } from 'node:util';
import type { TaskQueueNames } from '../../contracts';
import { ConfigError } from '../../config/env';

/** The kinds of task queue, in the order a worker starts them (contracts/task-queues.ts names them). */
export const QUEUE_KINDS = ['pipeline', 'media', 'generation'] as const satisfies readonly (keyof TaskQueueNames)[];

/** One kind of task queue: `pipeline`, `media` or `generation`. */
export type QueueKind = (typeof QUEUE_KINDS)[number];

const isQueueKind = (value: string): value is QueueKind => (QUEUE_KINDS as readonly string[]).includes(value);

/**
 * The queues named on a worker's command line, in QUEUE_KINDS order without repeats: `--queues media`,
 * `--queues media,generation`, `--queues=pipeline` or the option given several times. Without the
 * option, every queue (what `npm start` runs in one process).
 *
 * Throws a `ConfigError` with one sentence for an unknown queue, an empty `--queues` or any other
 * argument, so a typo in a deployment's command stops the worker instead of leaving a queue unserved.
 */
export function parseWorkerQueues(args: readonly string[]): QueueKind[] {
  let values: string[] | undefined;
  try {
    ({ values: { queues: values } } = parseArgs({ args: [...args], options: { queues: { type: 'string', multiple: true } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError(`The worker takes only --queues <${QUEUE_KINDS.join('|')}>[,...] (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (values === undefined) return [...QUEUE_KINDS];
  const named = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  if (named.length === 0) throw new ConfigError(`--queues names no task queue: give one or more of ${QUEUE_KINDS.join(', ')}, separated by commas.`);
  const unknown = named.filter((name) => !isQueueKind(name));
  if (unknown.length > 0) {
    throw new ConfigError(`--queues names ${unknown.map((name) => `"${name}"`).join(', ')}, which is not a task queue: choose from ${QUEUE_KINDS.join(', ')}.`);
  }
  return QUEUE_KINDS.filter((kind) => named.includes(kind));
}
