/**
 * Public API of Loupe's policies: what is allowed. Pure functions and versioned data, no I/O.
 *
 * Prompt screening: `screenPrompt(text, context)` with the live policy, or `compilePolicy` +
 * `screenWithPolicy` for drafts, shadow evaluation and tests.
 */
export type {
  AgeBand,
  CompileOptions,
  PolicyCategory,
  PolicyMatch,
  PolicyRegistries,
  RuleSet,
  ScreenContext,
  ScreenResult,
  Verdict,
} from './prompt/types.js';
export { POLICY_CATEGORIES } from './prompt/types.js';
export { compilePolicy, type CompiledPolicy } from './prompt/compile.js';
export { screenWithPolicy } from './prompt/screen.js';
export { LIVE_POLICY, screenPrompt } from './prompt/live.js';
export { LIVE_RULE_SET } from './prompt/rules/index.js';
export {
  applyRuleSetChanges,
  compileOverlay,
  type OverlayPolicy,
  diffPolicies,
  NO_CHANGES,
  validateRuleSetChanges,
  type AppliedChanges,
  type PolicyDiff,
  type RuleSetChanges,
  type ThresholdLevel,
  draftExemplarId,
  EXEMPLAR_LANGS,
  EXEMPLAR_MAX_CHARS,
  SEMANTIC_SETTING_BOUNDS,
  type ExemplarChanges,
  type ExemplarDiff,
} from './prompt/changes.js';
export * from './prompt/semantic/index.js';
export {
  combineWithExternal,
  EXTERNAL_CATEGORY_MAP,
  type ExternalClassification,
  type ExternalOutcome,
} from './prompt/external.js';
