/**
 * Issue 15: the generation step of a clip as durable steps (contracts/video-provider.ts). The
 * procedural stand-in renders in beginClip and nothing else happens; a provider's job is created
 * once, its id stored, and then waited for here, in the workflow: a durable timer until the next
 * poll (the provider's `openai-poll-after-ms`, else a doubling backoff), cut short by the
 * providerJobUpdate signal the console sends when a verified webhook arrives. No worker holds the
 * wait, so a worker killed meanwhile costs nothing: the next poll runs on another one, for the
 * same job.
 *
 * A job past its deadline is deleted at the provider and the request fails as timed out; a job the
 * provider failed (its moderation refusal among them) ends the request with the provider's
 * message; a request the provider refused outright, or that could not be mapped onto it, too.
 * A cancelled workflow deletes its job before it stops.
 */
import type { RetryPolicy } from '@temporalio/common';
import {
  ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import {
  GENERATION_FAILURES_ENDING_REQUEST, prefixOfTaskQueue, providerJobUpdateSignal, taskQueueNames,
  type GeneratedMedia, type ProviderJobState, type VideoProviderActivities,
} from '../contracts';

/** The clip, or the sentence the request ends with. */
export type DurableClipOutcome = { ok: true; clip: GeneratedMedia } | { ok: false; reason: string };

function providerActivities() {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const retry: RetryPolicy = {
    initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8,
    nonRetryableErrorTypes: ['InvalidRequest', 'NotFound', 'ProviderRefused'],
  };
  // Rendering (procedural) and downloading can take minutes and heartbeat; a dead worker's attempt
  // is noticed by the heartbeat timeout and retried elsewhere.
  const long = proxyActivities<VideoProviderActivities>({ taskQueue: queues.generation, startToCloseTimeout: '10 minutes', heartbeatTimeout: '15 seconds', retry });
  // A status read or a delete is one HTTP call (the client gives up after 15 s); a worker that dies
  // during one is noticed when this timeout passes.
  const short = proxyActivities<VideoProviderActivities>({ taskQueue: queues.generation, startToCloseTimeout: '20 seconds', retry });
  return { long, short };
}

/**
 * Makes the request's clip (see the file's header). Resolves to the clip or to the sentence that
 * ends the request; throws what no sentence covers (the workflow then fails as before).
 */
export async function makeClipDurably(requestId: string): Promise<DurableClipOutcome> {
  const { long, short } = providerActivities();
  // Webhook signals received so far, and how many of them the last status read already covers: a
  // signal that arrives while a read is running still cuts the next wait short.
  let updates = 0;
  let covered = 0;
  // Signals that arrived before this step are buffered by Temporal and delivered here.
  setHandler(providerJobUpdateSignal, () => {
    updates += 1;
  });
  try {
    const begun = await long.beginClip({ requestId });
    if (begun.kind === 'rendered') return { ok: true, clip: begun.clip };
    let state: ProviderJobState = begun;
    let polls = 0;
    while (state.status !== 'completed') {
      if (state.status === 'failed') return { ok: false, reason: state.failure ?? 'The video provider could not make the clip.' };
      const remainingMs = Date.parse(state.deadline) - Date.now();
      if (remainingMs <= 0) return { ok: false, reason: (await short.abandonClipJob({ requestId, why: 'timed_out' })).reason };
      await condition(() => updates > covered, Math.max(1, Math.min(state.pollAfterMs, remainingMs)));
      covered = updates;
      state = await short.checkClipJob({ requestId, polls });
      polls += 1;
    }
    return { ok: true, clip: await long.collectClip({ requestId }) };
  } catch (error) {
    if (isCancellation(error)) {
      // A cancelled request must not leave a paid job running: delete it, then stop as cancelled.
      await CancellationScope.nonCancellable(() => short.abandonClipJob({ requestId, why: 'cancelled' })).catch(() => undefined);
      throw error;
    }
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && (GENERATION_FAILURES_ENDING_REQUEST as readonly string[]).includes(cause.type ?? '')) {
      return { ok: false, reason: cause.message };
    }
    throw error;
  }
}
