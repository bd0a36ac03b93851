/**
 * A draft's backtest with the semantic layer (issue 14). The console samples the last N stored
 * decisions and screens them with the live and the draft rules itself (policies/prompt/backtest.ts);
 * the semantic layer needs the model, which only workers load (the app imports activities for types
 * only), so the console runs the short `policyBacktest` workflow: its activity
 * (`classifyBacktestBatch`, on the pipeline task queue, whose worker holds the semantic classifier
 * beside screenPrompt) classifies each sampled prompt under the live and the draft semantic policies,
 * a batch at a time, and the workflow answers every outcome, in sample order. Nothing is written:
 * the console compares and stores the backtest as before.
 */
import { defineQuery } from '@temporalio/workflow';
import type { RuleSetChanges } from '../policies/prompt/changes';
import type { CompactSemanticOutcome } from '../policies/prompt/backtest';

/** The workflow type name the app starts and the worker registers. */
export const POLICY_BACKTEST_WORKFLOW = 'policyBacktest';

/**
 * The workflow id of a draft's backtest: one per draft at a time (a second click while one runs is
 * refused, and the page asks this id for progress); a finished one's id is used again by the next.
 */
export function policyBacktestWorkflowId(draftId: string): string {
  return `policy-backtest-${draftId}`;
}

/**
 * The most decisions one backtest screens: with the semantic layer each prompt costs about 13 ms
 * per side on one core, so 2,000 prompts with a draft whose exemplars differ take about 52 s, and
 * the answer (about 150 bytes per outcome) stays well inside one Temporal payload (2 MB).
 */
export const POLICY_BACKTEST_MAX_SAMPLE = 2000;

/** Prompts per activity call: about 2.6 s of work with both sides, so each call is short and heartbeats. */
export const POLICY_BACKTEST_BATCH_SIZE = 100;

/** What the console asks: the sampled requests (in sample order) and both overlays on the shipped rules. */
export interface PolicyBacktestInput {
  requestIds: string[];
  /** The live overlay (the promoted changes) and the draft's. */
  live: RuleSetChanges;
  draft: RuleSetChanges;
}

/** One sampled prompt's outcomes; `draft` absent: the two semantic policies are identical, so the live outcome is the draft's. */
export interface PolicyBacktestOutcomes {
  live: CompactSemanticOutcome;
  draft?: CompactSemanticOutcome;
}

/** What the workflow answers: the model's label and one entry per requested id, in the same order. */
export interface PolicyBacktestSemantic {
  model: string;
  outcomes: PolicyBacktestOutcomes[];
}

/** Prompts classified so far, out of the sample. */
export interface PolicyBacktestProgress {
  done: number;
  total: number;
}

/** Progress of a running backtest. */
export const policyBacktestProgressQuery = defineQuery<PolicyBacktestProgress>('policyBacktestProgress');

/** The activity of policyBacktest, on the pipeline task queue. */
export interface PolicyBacktestActivities {
  /**
   * Classifies the prompts of `requestIds` under the live and the draft semantic policies (one
   * outcome for both when they are identical). Never fails for the model: a classifier that is
   * switched off or cannot run answers `unavailable` outcomes; a request that no longer exists gets
   * an `unavailable` outcome saying so. Writes nothing.
   */
  classifyBacktestBatch(input: PolicyBacktestInput): Promise<PolicyBacktestSemantic>;
}
