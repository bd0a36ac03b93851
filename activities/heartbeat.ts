import { Context } from '@temporalio/activity';

/** Heartbeats while `work` runs, so Temporal notices within the heartbeat timeout if this worker dies. */
export async function withHeartbeat<T>(work: () => Promise<T>, everyMs = 2000): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
