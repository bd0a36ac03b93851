/**
 * policyBacktest (issue 14; contracts/policy-backtest.ts): the semantic outcomes of a draft's
 * backtest. The sample goes through classifyBacktestBatch a batch at a time on the pipeline task
 * queue (whose worker holds the semantic classifier), so no activity runs long and screenings
 * interleave with it; `policyBacktestProgress` answers how far it got. The answer is every
 * outcome in sample order; the console compares and stores. Nothing is written, so a failed batch
 * is simply retried.
 *
 * Deterministic: only workflow APIs and activity calls.
 */
import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  POLICY_BACKTEST_BATCH_SIZE, policyBacktestProgressQuery, prefixOfTaskQueue, taskQueueNames,
  type PolicyBacktestActivities, type PolicyBacktestInput, type PolicyBacktestOutcomes, type PolicyBacktestSemantic,
} from '../contracts';

export async function policyBacktest(input: PolicyBacktestInput): Promise<PolicyBacktestSemantic> {
  const queues = taskQueueNames(prefixOfTaskQueue(workflowInfo().taskQueue));
  const backtests = proxyActivities<PolicyBacktestActivities>({
    taskQueue: queues.pipeline,
    // A batch is about 2.6 s of model time; a cold worker first loads the model and the exemplar sets.
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
  });
  const outcomes: PolicyBacktestOutcomes[] = [];
  let model = '';
  setHandler(policyBacktestProgressQuery, () => ({ done: outcomes.length, total: input.requestIds.length }));
  for (let from = 0; from < input.requestIds.length; from += POLICY_BACKTEST_BATCH_SIZE) {
    const batch = await backtests.classifyBacktestBatch({ ...input, requestIds: input.requestIds.slice(from, from + POLICY_BACKTEST_BATCH_SIZE) });
    model = batch.model;
    outcomes.push(...batch.outcomes);
  }
  return { model, outcomes };
}
