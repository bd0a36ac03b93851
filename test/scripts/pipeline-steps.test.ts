/**
 * How `npm run bench -- pipeline` reads step times from a workflow history: queue wait and run per
 * activity and per workflow task, end to end, percentiles and the bottleneck.
 */
import { bottleneck, percentile, stepTimings, summariseSteps } from '../../scripts/bench/pipeline-steps';

/** A history event at `ms` milliseconds after the epoch, as Temporal's protobuf Timestamp. */
const at = (ms: number) => ({ eventTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } });

/** The events stepTimings reads (the protobuf types also allow Long ids and seconds; plain numbers are what tests need). */
type Events = Parameters<typeof stepTimings>[0];

function history(): Events {
  const events = [
    { eventId: 1, ...at(1_000), workflowExecutionStartedEventAttributes: {} },
    { eventId: 2, ...at(1_010), workflowTaskScheduledEventAttributes: { taskQueue: { name: 'loupe-pipeline' } } },
    { eventId: 3, ...at(1_030), workflowTaskStartedEventAttributes: {} },
    { eventId: 4, ...at(1_040), workflowTaskCompletedEventAttributes: { scheduledEventId: 2, startedEventId: 3 } },
    { eventId: 5, ...at(1_040), activityTaskScheduledEventAttributes: { activityType: { name: 'moderateClip' }, taskQueue: { name: 'loupe-media' } } },
    { eventId: 6, ...at(1_540), activityTaskStartedEventAttributes: { scheduledEventId: 5 } },
    { eventId: 7, ...at(2_290), activityTaskCompletedEventAttributes: { scheduledEventId: 5, startedEventId: 6 } },
    { eventId: 8, ...at(2_300), workflowExecutionCompletedEventAttributes: {} },
  ];
  return events as unknown as Events;
}

describe('stepTimings', () => {
  it('reads each activity\'s queue wait and run, each workflow task, and the end-to-end time', () => {
    const timing = stepTimings(history());
    expect(timing.steps).toEqual([
      { step: 'workflow task', queue: 'loupe-pipeline', waitMs: 20, runMs: 10 },
      { step: 'moderateClip', queue: 'loupe-media', waitMs: 500, runMs: 750 },
    ]);
    expect(timing.endToEndMs).toBe(1_300);
  });

  it('refuses a history that has not closed', () => {
    expect(() => stepTimings(history().slice(0, 7))).toThrow(/has not closed/);
  });
});

describe('summaries', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([], 50)).toBeNaN();
  });

  it('names the task queue clips waited longest for, with its longest-running step, else the step that ran longest', () => {
    expect(bottleneck(summariseSteps([stepTimings(history())]))).toMatchObject({ step: 'moderateClip', why: expect.stringMatching(/took the most time/) });

    const runs = [
      {
        steps: [
          { step: 'moderateClip', queue: 'loupe-media', waitMs: 3_000, runMs: 900 },
          { step: 'embedProvenance', queue: 'loupe-media', waitMs: 3_000, runMs: 1_200 },
          { step: 'screenPrompt', queue: 'loupe-pipeline', waitMs: 4_000, runMs: 10 },
        ],
        endToEndMs: 0,
      },
    ];
    expect(bottleneck(summariseSteps(runs))).toMatchObject({
      step: 'the loupe-media task queue',
      why: expect.stringMatching(/waited 6\.0 s in all for its slots; of its steps, embedProvenance ran longest/),
    });
    expect(bottleneck([])).toBeNull();
  });
});
