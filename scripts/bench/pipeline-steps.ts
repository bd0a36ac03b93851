/**
 * Step times of clip pipelines, read from their Temporal workflow histories (event timestamps, as
 * the Temporal server recorded them), for `npm run bench -- pipeline`.
 *
 * For every activity a history scheduled: the queue wait (ActivityTaskScheduled to
 * ActivityTaskStarted: waiting for a worker slot on its task queue) and the run (ActivityTaskStarted
 * to ActivityTaskCompleted, or Failed / TimedOut: the last attempt's execution). Workflow tasks
 * (the workflow code deciding its next step) are one more step, `workflow task`. End to end is
 * WorkflowExecutionStarted to the closing event.
 */
import type { WorkflowHandle } from '@temporalio/client';

/** One event of a history as `WorkflowHandle.fetchHistory` returns it. */
type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** One step's timing in one workflow, in milliseconds. */
export interface StepTiming {
  step: string;
  /** The task queue it was scheduled on (the workflow's own queue for workflow tasks); '' when the history does not say. */
  queue: string;
  waitMs: number;
  runMs: number;
}

/** One workflow's steps and its end-to-end time, in milliseconds. */
export interface PipelineTiming {
  steps: StepTiming[];
  endToEndMs: number;
}

/** Milliseconds since the epoch of a history event's time (protobuf Timestamp: seconds may be a Long). */
function eventMs(event: HistoryEvent): number {
  const time = event.eventTime;
  if (!time) throw new Error(`History event ${String(event.eventId)} has no time.`);
  return Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
}

/**
 * The step timings of one workflow history. Throws an Error naming the workflow's state when the
 * history has not closed yet (the benchmark only reads finished workflows).
 */
export function stepTimings(events: readonly HistoryEvent[]): PipelineTiming {
  const byId = new Map<string, HistoryEvent>();
  for (const event of events) byId.set(String(event.eventId), event);
  const steps: StepTiming[] = [];
  for (const event of events) {
    const ended =
      event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
    if (ended) {
      const scheduled = byId.get(String(ended.scheduledEventId));
      const started = byId.get(String(ended.startedEventId));
      const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name;
      if (!scheduled || !started || !name) continue;
      const queue = scheduled.activityTaskScheduledEventAttributes?.taskQueue?.name ?? '';
      steps.push({ step: name, queue, waitMs: eventMs(started) - eventMs(scheduled), runMs: eventMs(event) - eventMs(started) });
    }
    const decided = event.workflowTaskCompletedEventAttributes;
    if (decided) {
      const scheduled = byId.get(String(decided.scheduledEventId));
      const started = byId.get(String(decided.startedEventId));
      if (!scheduled || !started) continue;
      const queue = scheduled.workflowTaskScheduledEventAttributes?.taskQueue?.name ?? '';
      steps.push({ step: 'workflow task', queue, waitMs: eventMs(started) - eventMs(scheduled), runMs: eventMs(event) - eventMs(started) });
    }
  }
  const first = events[0];
  const last = events.at(-1);
  const closed =
    last &&
    (last.workflowExecutionCompletedEventAttributes ??
      last.workflowExecutionFailedEventAttributes ??
      last.workflowExecutionTimedOutEventAttributes ??
      last.workflowExecutionTerminatedEventAttributes ??
      last.workflowExecutionCanceledEventAttributes);
  if (!first?.workflowExecutionStartedEventAttributes || !closed) {
    throw new Error('The workflow history has not closed; step times are read from finished pipelines only.');
  }
  return { steps, endToEndMs: eventMs(last) - eventMs(first) };
}

/** The value at percentile `p` (0..100) of `values` (nearest rank); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Per step over many workflows: how often it ran, its wait and run percentiles, and its total run time. */
export interface StepSummary {
  step: string;
  /** The task queue of its first run. */
  queue: string;
  count: number;
  waitP50: number;
  waitP95: number;
  runP50: number;
  runP95: number;
  /** Sum of all runs, in ms: the step's share of the work. */
  runTotal: number;
  /** Sum of all queue waits, in ms. */
  waitTotal: number;
}

/** Steps summarised over `timings`, in the order they first appear. */
export function summariseSteps(timings: readonly PipelineTiming[]): StepSummary[] {
  const groups = new Map<string, StepTiming[]>();
  for (const timing of timings) for (const step of timing.steps) groups.set(step.step, [...(groups.get(step.step) ?? []), step]);
  return [...groups].map(([step, runs]) => {
    const waits = runs.map((r) => r.waitMs);
    const times = runs.map((r) => r.runMs);
    return {
      step,
      queue: runs[0]?.queue ?? '',
      count: runs.length,
      waitP50: percentile(waits, 50),
      waitP95: percentile(waits, 95),
      runP50: percentile(times, 50),
      runP95: percentile(times, 95),
      runTotal: times.reduce((a, b) => a + b, 0),
      waitTotal: waits.reduce((a, b) => a + b, 0),
    };
  });
}

/**
 * The bottleneck among `steps`. Steps on one task queue share its worker slots, so waits are added
 * up per queue: when clips spent longer waiting for one queue's slots than the slowest step spent
 * running, that queue is the bottleneck (named with its step that ran longest in all); otherwise
 * the step with the most total run time is.
 */
export function bottleneck(steps: readonly StepSummary[]): { step: string; why: string } | null {
  if (steps.length === 0) return null;
  const queues = new Map<string, StepSummary[]>();
  for (const step of steps) queues.set(step.queue, [...(queues.get(step.queue) ?? []), step]);
  const waitOf = (group: StepSummary[]) => group.reduce((sum, s) => sum + s.waitTotal, 0);
  const [queue, group] = [...queues].sort((a, b) => waitOf(b[1]) - waitOf(a[1]))[0]!;
  const byRun = [...steps].sort((a, b) => b.runTotal - a.runTotal)[0]!;
  if (waitOf(group) > byRun.runTotal) {
    const busiest = [...group].sort((a, b) => b.runTotal - a.runTotal)[0]!;
    return {
      step: `the ${queue || 'unnamed'} task queue`,
      why: `clips waited ${(waitOf(group) / 1000).toFixed(1)} s in all for its slots; of its steps, ${busiest.step} ran longest (${(busiest.runTotal / 1000).toFixed(1)} s in all, p50 ${busiest.runP50.toFixed(0)} ms)`,
    };
  }
  return { step: byRun.step, why: `it took the most time: ${(byRun.runTotal / 1000).toFixed(1)} s of runs in all, p50 ${byRun.runP50.toFixed(0)} ms each` };
}
