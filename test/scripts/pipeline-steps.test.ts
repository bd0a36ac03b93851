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
    { eventId: 2, ...at(1_010), workflowTaskScheduledEventAttributes: {} },
    { eventId: 3, ...at(1_030), workflowTaskStartedEventAttributes: {} },
    { eventId: 4, ...at(1_040), workflowTaskCompletedEventAttributes: { scheduledEventId: 2, startedEventId: 3 } },
    { eventId: 5, ...at(1_040), activityTaskScheduledEventAttributes: { activityType: { name: 'moderateClip' } } },
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
      { step: 'workflow task', waitMs: 20, runMs: 10 },
      { step: 'moderateClip', waitMs: 500, runMs: 750 },
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

  it('names the step clips waited longest for, else the one that ran longest', () => {
    const slowQueue = summariseSteps([stepTimings(history())]);
    expect(bottleneck(slowQueue)?.step).toBe('moderateClip');
    expect(bottleneck(slowQueue)?.why).toMatch(/ran|took the most time/);

    const runs = [
      { steps: [{ step: 'screenPrompt', waitMs: 5_000, runMs: 10 }, { step: 'embedProvenance', waitMs: 0, runMs: 900 }], endToEndMs: 0 },
    ];
    expect(bottleneck(summariseSteps(runs))).toMatchObject({ step: 'screenPrompt', why: expect.stringMatching(/waited longest/) });
    expect(bottleneck([])).toBeNull();
  });
});
