/**
 * The semantic layer's evaluation (issue 14): every prompt of one split of the evaluation set
 * (test/policies/eval/semantic-eval-set.ts) through `screenOnePrompt`, the function `npm run screen`
 * calls, once with the rules alone and once with the rules and the semantic layer, under the shipped
 * rules and registries (what `npm run screen -- --shipped` uses, no database). Used by
 * scripts/eval-semantic.ts (the tables in docs/benchmarks.md) and by
 * test/activities/semantic-eval-minimums.test.ts (the targets on the test split).
 *
 * Items whose category is copyright, public_figure or likeness_without_consent are left out: the
 * registries decide those (names of works and people), not the meaning of the prompt. Every prompt
 * is screened as an adult's, with no cameo and not a remix. "Held" means review or block.
 */
import type { SemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { compileOverlay, NO_CHANGES, type ScreenContext } from '../../policies/index.js';
import { semanticEvalItems, type SemanticEvalItem, type Split } from '../../test/policies/eval/semantic-eval-set.js';
import { TECHNIQUES } from '../../test/policies/eval/obfuscations.js';
import { shippedRegistries } from './registries.js';
import { screenOnePrompt, type PromptScreener, type PromptScreening } from './screen-prompt.js';

/** Categories the registries decide; their items are left out of the semantic evaluation. */
export const REGISTRY_CATEGORIES: readonly string[] = ['copyright', 'public_figure', 'likeness_without_consent'];

/** The public sources (independent of Loupe); the others (`loupe-*`) were written for Loupe. */
export const PUBLIC_SOURCES: readonly string[] = ['vbench', 'do-not-answer', 'harmbench', 'pyrit'];

/** The context every evaluated prompt is screened with: an adult's request, no cameo, not a remix. */
const ADULT: ScreenContext = { ageBand: 'adult', cameoIds: [], isRemix: false };

/** One prompt's two screenings: the rules alone and the rules with the semantic layer. */
export interface EvaluatedPrompt {
  item: SemanticEvalItem;
  /** The text screened (the item's, or its obfuscation). */
  text: string;
  rules: PromptScreening;
  combined: PromptScreening;
}

/** A split's evaluation: its prompts and, per obfuscation technique, its unsafe prompts rewritten. */
export interface SemanticEvaluation {
  split: Split;
  /** Items left out because the registries decide their category. */
  leftOut: number;
  prompts: EvaluatedPrompt[];
  obfuscations: { technique: string; prompts: EvaluatedPrompt[] }[];
}

/** `held` of `total` (rate 0..1; NaN when total is 0). */
export interface HeldRate {
  held: number;
  total: number;
  rate: number;
}

/** The shipped rules and registries with `classifier` as the semantic layer (`--shipped`). */
export function shippedScreener(classifier: SemanticClassifier): PromptScreener {
  return { overlay: compileOverlay(NO_CHANGES, shippedRegistries()), semantic: classifier };
}

/** The split's items the semantic layer is measured on (registry categories left out). */
export function evaluationItems(split: Split): { items: SemanticEvalItem[]; leftOut: number } {
  const all = semanticEvalItems(split);
  const items = all.filter((i) => !REGISTRY_CATEGORIES.includes(i.category));
  return { items, leftOut: all.length - items.length };
}

async function evaluate(screener: PromptScreener, item: SemanticEvalItem, text: string): Promise<EvaluatedPrompt> {
  const rules = await screenOnePrompt({ ...screener, semantic: null }, text, ADULT);
  const combined = await screenOnePrompt(screener, text, ADULT);
  return { item, text, rules, combined };
}

/**
 * Screens the split's prompts, then each technique of obfuscations.ts over its unsafe prompts
 * (`obfuscate: false` skips them; a number keeps every n-th unsafe prompt, a fixed subset). About
 * 13 ms per semantic screening on one core.
 */
export async function evaluateSplit(screener: PromptScreener, split: Split, options: { obfuscate?: boolean | number } = {}): Promise<SemanticEvaluation> {
  const { items, leftOut } = evaluationItems(split);
  const prompts: EvaluatedPrompt[] = [];
  for (const item of items) prompts.push(await evaluate(screener, item, item.text));
  const obfuscations: SemanticEvaluation['obfuscations'] = [];
  const every = options.obfuscate === false ? 0 : typeof options.obfuscate === 'number' ? options.obfuscate : 1;
  if (every > 0) {
    const unsafe = items.filter((i) => i.label === 'unsafe').filter((_, n) => n % every === 0);
    for (const [technique, rewrite] of Object.entries(TECHNIQUES)) {
      const rewritten: EvaluatedPrompt[] = [];
      for (const item of unsafe) rewritten.push(await evaluate(screener, item, rewrite(item.text)));
      obfuscations.push({ technique, prompts: rewritten });
    }
  }
  return { split, leftOut, prompts, obfuscations };
}

/** How many of `prompts` the rules alone (`rules`) or the rules with the semantic layer (`combined`) held. */
export function heldRate(prompts: readonly EvaluatedPrompt[], by: 'rules' | 'combined'): HeldRate {
  const held = prompts.filter((p) => p[by].verdict !== 'allow').length;
  return { held, total: prompts.length, rate: prompts.length === 0 ? Number.NaN : held / prompts.length };
}

/** `prompts` grouped by `key` (groups in first-seen order; undefined keys left out). */
export function groupBy(prompts: readonly EvaluatedPrompt[], key: (p: EvaluatedPrompt) => string | undefined): [string, EvaluatedPrompt[]][] {
  const groups = new Map<string, EvaluatedPrompt[]>();
  for (const p of prompts) {
    const k = key(p);
    if (k === undefined) continue;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups];
}

/** Unsafe and benign prompts of an evaluation. */
export const unsafeOf = (prompts: readonly EvaluatedPrompt[]) => prompts.filter((p) => p.item.label === 'unsafe');
export const benignOf = (prompts: readonly EvaluatedPrompt[]) => prompts.filter((p) => p.item.label === 'benign');
