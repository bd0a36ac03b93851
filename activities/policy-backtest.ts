/**
 * classifyBacktestBatch (issue 14; contracts/policy-backtest.ts): the semantic side of a draft's
 * backtest. Each sampled prompt is classified under the live overlay's semantic policy and the
 * draft's, with the worker's semantic classifier (the one screenPrompt uses); when both policies
 * are content-identical (a draft that only edits terms) one outcome serves both sides. Outcomes go
 * back compact (exemplar ids, not texts). Heartbeats while it works; writes nothing.
 */
import { applyRuleSetChanges, LIVE_RULE_SET, type RuleSetChanges, type SemanticPolicy } from '../policies';
import { contentHash } from '../policies/content-hash';
import { compactSemanticOutcome, type CompactSemanticOutcome } from '../policies/prompt/backtest';
import { promptsOfRequests } from '../db/queries/backtest-prompts';
import type { PolicyBacktestActivities, PolicyBacktestOutcomes } from '../contracts';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

/** The label outcomes carry when the layer is switched off (no classifier in this worker). */
const NO_MODEL = 'none';

function semanticPolicyOf(changes: RuleSetChanges): SemanticPolicy | undefined {
  return applyRuleSetChanges(LIVE_RULE_SET, changes).ruleSet.semantic;
}

export function policyBacktestActivities(deps: Pick<ActivityDeps, 'db' | 'semantic'>): PolicyBacktestActivities {
  return {
    async classifyBacktestBatch(input) {
      const prompts = await promptsOfRequests(deps.db, input.requestIds);
      const live = semanticPolicyOf(input.live);
      const draft = semanticPolicyOf(input.draft);
      const identical = live === draft || contentHash(live ?? null) === contentHash(draft ?? null);
      const classifier = deps.semantic;
      const classify = async (text: string, policy: SemanticPolicy | undefined): Promise<CompactSemanticOutcome> => {
        if (!classifier) return { status: 'unavailable', error: 'the semantic layer is switched off on the worker (LOUPE_SEMANTIC_SCREENING=off)' };
        if (!policy) return { status: 'unavailable', error: 'the policy has no semantic exemplars' };
        return compactSemanticOutcome(await classifier.classify(text, policy));
      };
      const outcomes = await withHeartbeat(async () => {
        const out: PolicyBacktestOutcomes[] = [];
        for (const requestId of input.requestIds) {
          const prompt = prompts.get(requestId);
          if (prompt === undefined) {
            out.push({ live: { status: 'unavailable', error: 'the request no longer exists' } });
            continue;
          }
          const liveOutcome = await classify(prompt, live);
          out.push(identical ? { live: liveOutcome } : { live: liveOutcome, draft: await classify(prompt, draft) });
        }
        return out;
      });
      return { model: classifier?.model ?? NO_MODEL, outcomes };
    },
  };
}
