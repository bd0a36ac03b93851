/**
 * Every labeled prompt of the evaluation, from every source, as one list with a fixed
 * train / dev / test split (splits.ts): the data a semantic prompt classifier (issue 14) is built
 * and measured on. Train is for exemplars and any trained head, dev for choosing thresholds, test
 * only for the figures reported in docs/benchmarks.md; nothing is tuned on test.
 *
 * - `label`: `unsafe` when Loupe's policy should hold the prompt (review or block), else `benign`.
 *   VBench prompts that name a copyrighted character are `unsafe` with category `copyright`
 *   (public/SOURCES.md), which a semantic model is not expected to know: filter on category.
 * - `category`: Loupe's category (policies/prompt/types.ts), `benign`, or `unsafe_unspecified`
 *   for HarmBench, whose shipped copy has no categories. `also`: categories a flag may carry instead.
 * - `source`: the public sources are independent of Loupe (public/SOURCES.md); `loupe-*` were
 *   written for Loupe, `loupe-semantic` (semantic/prompts.ts) by the same hands that build the
 *   classifier, so it checks coverage of issue 14's kinds and is no independent estimate.
 * - The people (likeness) evaluation and the obfuscated variants are not here: they have their own
 *   splits and are derived or registry-bound (people/, obfuscations.ts).
 */
import type { PolicyCategory } from '../../../policies/prompt/types.js';
import { HOLDOUT_PROMPTS } from './labeled-prompts-holdout.js';
import { LABELED_PROMPTS } from './labeled-prompts.js';
import { loadPublicPrompts, UNSPECIFIED_UNSAFE } from './public-prompts.js';
import { loadPyritObjectives } from './pyrit-objectives.js';
import { SEMANTIC_PROMPTS, type SemanticKind, type SemanticLang } from './semantic/prompts.js';
import { splitOf, SPLITS, type Split } from './splits.js';

export const EVAL_SOURCES = ['vbench', 'do-not-answer', 'harmbench', 'pyrit', 'loupe-labeled', 'loupe-holdout', 'loupe-semantic'] as const;
export type EvalSource = (typeof EVAL_SOURCES)[number];

export type EvalCategory = PolicyCategory | 'benign' | typeof UNSPECIFIED_UNSAFE;

export interface SemanticEvalItem {
  text: string;
  label: 'unsafe' | 'benign';
  category: EvalCategory;
  also?: string[];
  lang: SemanticLang;
  source: EvalSource;
  split: Split;
  /** Issue 14's kind of prompt; only on `loupe-semantic` items. */
  kind?: SemanticKind;
}

function item(text: string, category: string, lang: SemanticLang, source: EvalSource, also?: string[], kind?: SemanticKind): SemanticEvalItem {
  return {
    text,
    label: category === 'benign' ? 'benign' : 'unsafe',
    category: category as EvalCategory,
    ...(also?.length ? { also } : {}),
    lang,
    source,
    split: splitOf(text),
    ...(kind ? { kind } : {}),
  };
}

/** One item per distinct text within a source (the first one kept). */
function distinct(items: SemanticEvalItem[]): SemanticEvalItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.text) && seen.add(i.text));
}

let cached: SemanticEvalItem[] | undefined;

/** Every item of every source, public sources first. */
export function loadSemanticEvalSet(): SemanticEvalItem[] {
  if (cached) return cached;
  const publicItems = loadPublicPrompts().items.map((p) => item(p.text, p.label, 'en', p.source, p.also));
  const pyrit = loadPyritObjectives().items.map((p) => item(p.text, p.label, 'en', 'pyrit', p.also));
  const labeled = LABELED_PROMPTS.map((p) => item(p.text, p.label, p.lang, 'loupe-labeled', p.also));
  const holdout = HOLDOUT_PROMPTS.map((p) => item(p.text, p.label, p.lang, 'loupe-holdout', p.also));
  const semantic = SEMANTIC_PROMPTS.map((p) => item(p.text, p.category, p.lang, 'loupe-semantic', p.also, p.kind));
  cached = EVAL_SOURCES.flatMap((source) => distinct([...publicItems, ...pyrit, ...labeled, ...holdout, ...semantic].filter((i) => i.source === source)));
  return cached;
}

/** The items of one split, optionally of some sources only. */
export function semanticEvalItems(split: Split, sources: readonly EvalSource[] = EVAL_SOURCES): SemanticEvalItem[] {
  return loadSemanticEvalSet().filter((i) => i.split === split && sources.includes(i.source));
}

export type SplitCounts = Record<Split | 'total', number>;
export interface SemanticEvalCounts {
  total: SplitCounts;
  bySource: Record<string, SplitCounts>;
  byCategory: Record<string, SplitCounts>;
  byLang: Record<string, SplitCounts>;
  byLabel: Record<string, SplitCounts>;
  /** Source, then label, then category, then language. */
  bySourceLabelCategoryLang: Record<string, SplitCounts>;
}

/** Counts per source, category, language and label, each split by train / dev / test. */
export function countSemanticEvalSet(items: readonly SemanticEvalItem[] = loadSemanticEvalSet()): SemanticEvalCounts {
  const empty = (): SplitCounts => ({ train: 0, dev: 0, test: 0, total: 0 });
  const counts: SemanticEvalCounts = { total: empty(), bySource: {}, byCategory: {}, byLang: {}, byLabel: {}, bySourceLabelCategoryLang: {} };
  const add = (table: Record<string, SplitCounts>, key: string, split: Split) => {
    const row = (table[key] ??= empty());
    row[split]++;
    row.total++;
  };
  for (const i of items) {
    counts.total[i.split]++;
    counts.total.total++;
    add(counts.bySource, i.source, i.split);
    add(counts.byCategory, i.category, i.split);
    add(counts.byLang, i.lang, i.split);
    add(counts.byLabel, i.label, i.split);
    add(counts.bySourceLabelCategoryLang, `${i.source}\t${i.label}\t${i.category}\t${i.lang}`, i.split);
  }
  return counts;
}

export { SPLITS, type Split };
