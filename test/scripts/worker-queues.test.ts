/**
 * parseWorkerQueues: the `--queues` argument of scripts/worker.ts. A deployment's typo must stop
 * the worker with a sentence, never leave a queue silently unserved.
 */
import { ConfigError } from '../../config/env';
import { parseWorkerQueues, QUEUE_KINDS } from '../../scripts/stack/worker-queues';

describe('parseWorkerQueues', () => {
  it.each([
    { args: [], queues: ['pipeline', 'media', 'generation'] },
    { args: ['--queues', 'media'], queues: ['media'] },
    { args: ['--queues=generation'], queues: ['generation'] },
    { args: ['--queues', 'generation,pipeline'], queues: ['pipeline', 'generation'] },
    { args: ['--queues', 'media', '--queues', 'pipeline'], queues: ['pipeline', 'media'] },
    { args: ['--queues', ' media , media '], queues: ['media'] },
  ])('$args serves $queues', ({ args, queues }) => {
    expect(parseWorkerQueues(args)).toEqual(queues);
  });

  it('serves every kind of queue by default', () => {
    expect(parseWorkerQueues([])).toEqual([...QUEUE_KINDS]);
  });

  it.each([
    { args: ['--queues', 'medai'], sentence: /"medai", which is not a task queue: choose from pipeline, media, generation/ },
    { args: ['--queues', ','], sentence: /names no task queue/ },
    { args: ['--queue', 'media'], sentence: /takes only --queues/ },
    { args: ['media'], sentence: /takes only --queues/ },
  ])('refuses $args with a sentence', ({ args, sentence }) => {
    expect(() => parseWorkerQueues(args)).toThrow(ConfigError);
    expect(() => parseWorkerQueues(args)).toThrow(sentence);
  });
});
