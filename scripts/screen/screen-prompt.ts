/**
 * One prompt through `npm run screen`: the rules of an overlay policy, then (the external
 * classifier is not asked here) the semantic layer under the same overlay's `ruleSet.semantic`,
 * combined tighten-only with `combineWithSemantic`, in the order the pipeline's screenPrompt
 * activity uses (activities/screening.ts). The CLI (scripts/screen.ts) and the semantic evaluation
 * (scripts/eval-semantic.ts, test/activities/semantic-eval-minimums.test.ts) both call
 * `screenOnePrompt`, so evaluations measure exactly what `npm run screen` answers.
 */
import type { SemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { classifySemantic } from '../../activities/screening';
import { combineWithSemantic, screenWithPolicy, type OverlayPolicy, type ScreenContext, type ScreenResult, type SemanticOutcome } from '../../policies/index.js';

/** What screening one prompt needs besides the prompt: the policy and, unless switched off, the semantic classifier. */
export interface PromptScreener {
  overlay: OverlayPolicy;
  /** Null with `--no-semantic`: the rules decide alone and no outcome is recorded. */
  semantic: SemanticClassifier | null;
}

/** One prompt's screening as `npm run screen` writes it (less the input line number). */
export interface PromptScreening {
  verdict: ScreenResult['verdict'];
  categories: ScreenResult['categories'];
  reasons: string[];
  policyVersion: string;
  /** The rules' matched spans (UTF-16 offsets into the prompt); the semantic layer adds none. */
  matches: ScreenResult['matches'];
  /**
   * The semantic layer's outcome (`unavailable` when the model could not run or the rule set has no
   * exemplars), or null when it was switched off (`--no-semantic`).
   */
  semantic: SemanticOutcome | null;
}

/**
 * Screens `text` under `screener.overlay` with `context` (age band, cameos, names), then with the
 * semantic layer when there is one. Never throws for a model problem: the outcome is then
 * `unavailable` and the reasons say the rules decided alone.
 */
export async function screenOnePrompt(screener: PromptScreener, text: string, context: ScreenContext): Promise<PromptScreening> {
  const rules = screenWithPolicy(screener.overlay.policy, text, context);
  // The pipeline's own call (activities/screening.ts): a rule set without exemplars gives `unavailable`, as there.
  const semantic = screener.semantic ? await classifySemantic(screener.semantic, text, screener.overlay.ruleSet.semantic) : null;
  const result = semantic ? combineWithSemantic(rules, semantic) : rules;
  return { verdict: result.verdict, categories: result.categories, reasons: result.reasons, policyVersion: result.policyVersion, matches: result.matches, semantic };
}
