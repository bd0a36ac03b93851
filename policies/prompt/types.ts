/**
 * Shapes of prompt-policy data (what rule files contain) and of screening results (what callers
 * get back). Rule data is plain JSON-compatible values so a rule set can be hashed into a version,
 * diffed in the console and stored with every decision.
 */

export type Verdict = 'allow' | 'review' | 'block';
export type AgeBand = 'teen' | 'adult';

/** Categories a prompt can be flagged for. `public_figure` and `copyright` are also fed by registries. */
export type PolicyCategory =
  | 'sexual'
  | 'sexual_minors'
  | 'violence_graphic'
  | 'self_harm'
  | 'hate_harassment'
  | 'extremism'
  | 'illegal_weapons_drugs'
  | 'public_figure'
  | 'copyright'
  | 'likeness_without_consent'
  | 'misinformation';

export const POLICY_CATEGORIES: readonly PolicyCategory[] = [
  'sexual',
  'sexual_minors',
  'violence_graphic',
  'self_harm',
  'hate_harassment',
  'extremism',
  'illegal_weapons_drugs',
  'public_figure',
  'copyright',
  'likeness_without_consent',
  'misinformation',
];

/**
 * Severity of a term: 1 suggestive/ambiguous, 2 clear but context-dependent, 3 severe, 4 never
 * acceptable. Category thresholds turn a severity into an action, per age band.
 */
export type Severity = 1 | 2 | 3 | 4;

/** A match with severity >= reviewAt is reviewed, >= blockAt is blocked; 5 means "never". */
export interface Thresholds {
  reviewAt: 1 | 2 | 3 | 4 | 5;
  blockAt: 1 | 2 | 3 | 4 | 5;
}

export interface CategorySpec {
  description: string;
  adult: Thresholds;
  teen: Thresholds;
}

export type Language = 'en' | 'id' | 'any';

/**
 * Term syntax (one string per term):
 * - words separated by spaces match whole words in order, any separators between them;
 * - a trailing `*` on the last word matches any word starting with it (`kill*` → killing, killer);
 *   a leading `*` on the first word matches any word ending with it;
 * - `{a,b,c}` alternatives expand into several terms (`{shoot,shooting} a basketball`).
 */
export interface TermGroup {
  /** Stable rule id reported with every match, e.g. `sexual.explicit.en`. */
  id: string;
  category: PolicyCategory;
  severity: Severity;
  lang: Language;
  terms: string[];
  /**
   * Likeness rules only: when the request carries a cameo, the consent engine judges the person,
   * so the prompt match alone does not hold the request.
   */
  exemptWithCameo?: boolean;
  note?: string;
}

/**
 * Signals are not violations by themselves (e.g. "child", "12 year old"); combinations turn
 * signals plus categories present in the same prompt into a violation.
 */
export interface SignalGroup {
  id: string;
  signal: string;
  lang: Language;
  terms: string[];
  note?: string;
}

/** Benign phrases: any match of the listed categories/signals lying inside one is suppressed. */
export interface AllowGroup {
  id: string;
  lang: Language;
  /** Categories (or `signal:<name>`) this allow phrase may suppress. Never `sexual_minors`. */
  suppresses: string[];
  terms: string[];
  note?: string;
}

/** Fires when every requirement (`category:<c>` or `signal:<s>`) is present after allow-masking. */
export interface CombinationRule {
  id: string;
  category: PolicyCategory;
  severity: Severity;
  requires: string[];
  /** `category:` requirements count only matches at least this severe (default 1). */
  minSeverity?: Severity;
  note?: string;
}

/** Provenance of a term list, recorded next to the list and carried into the version hash. */
export interface TermSource {
  list: string;
  source: string;
  license: string;
}

export interface RuleSet {
  name: string;
  categories: Record<PolicyCategory, CategorySpec>;
  terms: TermGroup[];
  signals: SignalGroup[];
  allow: AllowGroup[];
  combinations: CombinationRule[];
  sources: TermSource[];
  /**
   * The semantic layer's exemplars and settings (issue 14; semantic/types.ts). Hashed into the
   * version like every rule; absent in rule sets that predate it, which keeps their versions.
   */
  semantic?: SemanticPolicy;
}

export interface PublicFigureEntry {
  name: string;
  aliases?: string[];
  living: boolean;
  optedIn?: boolean;
  /**
   * The cameo a living figure opted in with: a prompt naming them is allowed only when the request
   * carries this cameo (the consent engine then checks the cameo's own rules).
   */
  cameoId?: string;
  estateOptedOut?: boolean;
}

/**
 * A character, work or brand of the works registry (issue 13). Entries written before issue 13
 * carry only name, aliases and owner: they block (an approved opt-out).
 */
export interface CopyrightedWorkEntry {
  name: string;
  aliases?: string[];
  owner?: string;
  /** What a match does, already decided from the holder's rule and the stance (policies/copyright `copyrightActionFor`); absent: block. */
  action?: Verdict;
  /** The holder's rule as registered (null: none; the stance decided), shown in reasons. */
  rule?: 'allow' | 'review' | 'block' | null;
  /** "Allow with conditions": free text shown to reviewers. */
  conditions?: string;
  /** `shadow`: evaluated and reported, never acting; absent: live. */
  enforcement?: 'live' | 'shadow';
  /**
   * A name that is also an everyday word acts only when one of these words or phrases is in the
   * same prompt ("Storm" with "x-men" or "marvel"); absent or empty: the name alone acts.
   */
  contextTerms?: string[];
}

/** Entities from the database, compiled into a policy by the caller. */
export interface PolicyRegistries {
  publicFigures?: PublicFigureEntry[];
  copyrightedWorks?: CopyrightedWorkEntry[];
  /**
   * The deployment's copyright stance the entries' actions were decided under (issue 13). Part of
   * the version, so a stance change is a new policy version even where no action changed.
   */
  copyrightStance?: 'opt_in' | 'opt_out';
}

export interface ScreenContext {
  ageBand?: AgeBand;
  cameoIds?: string[];
  /**
   * Display names of the cameos this request carries: a person's name in the prompt that belongs
   * to one of them is the consent engine's question, not a `real_person` to hold.
   */
  cameoNames?: string[];
  /**
   * Names of registered characters (cameos of kind `character`: a pet, an object) the prompt
   * mentions, as the caller looked them up: a character is not a real person.
   */
  characterNames?: string[];
  isRemix?: boolean;
  registries?: PolicyRegistries;
}

export interface PolicyMatch {
  ruleId: string;
  category: string;
  severity: number;
  /** What this match alone asks for, after age band / cameo / remix adjustments. */
  action: Verdict;
  /** UTF-16 offsets into the original text, end exclusive: `text.slice(start, end)` triggered. */
  start: number;
  end: number;
  /** The rule's term as written in the rule data (not the text as typed). */
  term: string;
}

export interface ScreenResult {
  verdict: Verdict;
  /** Categories of matches whose action is review or block. */
  categories: string[];
  /**
   * Matches that count (review/block), matches below the threshold (action `allow`, kept so the
   * console can explain them), and allow-list phrases (category `benign_context`, action `allow`).
   * Matches suppressed by an allow phrase are not listed; `reasons` says what was suppressed.
   */
  matches: PolicyMatch[];
  policyVersion: string;
  reasons: string[];
}

export interface CompileOptions {
  /** Longest prompt accepted without review, in UTF-16 code units. Default 2000. */
  maxLength?: number;
}

// ---- The semantic layer's rule data (issue 14; decided in semantic/, embedded in activities/classifiers/semantic/) ----

/** An exemplar's label: a policy category it stands for, or `benign` (a near-miss that must stay allowed). */
export type ExemplarLabel = PolicyCategory | 'benign';

/** Languages exemplars are written in (ISO 639-1). The model is multilingual; this is for the console and the figures. */
export const EXEMPLAR_LANGS = ['en', 'id', 'es', 'ru'] as const;
export type ExemplarLang = (typeof EXEMPLAR_LANGS)[number];

/**
 * One category exemplar: a prompt that stands for a category (or for a benign near-miss).
 * `id` is stable (a hash of the text for shipped exemplars; `d:`-prefixed for ones a draft adds),
 * so a draft can remove an exemplar by id and a reviewer's "nearest exemplars" name it.
 */
export interface SemanticExemplar {
  id: string;
  text: string;
  label: ExemplarLabel;
  lang: ExemplarLang;
  /** Where the text came from: a source named in SEMANTIC_EXEMPLAR_SOURCES, or `draft` for staff-added ones. */
  source: string;
}

/** Where shipped exemplars come from: the dataset, the package it ships in, and its licence. */
export interface ExemplarSource {
  source: string;
  dataset: string;
  package: string;
  licence: string;
}

/**
 * How similarities become a verdict (decide.ts). `k`: how many nearest exemplars of a label are
 * averaged. `reviewMargin` / `blockMargin`: how much closer (in cosine similarity) the prompt must be
 * to a category's k nearest than to the benign ones' for review / block. Chosen on the evaluation's
 * dev split only (docs/benchmarks.md, "Semantic layer").
 */
export interface SemanticSettings {
  k: number;
  reviewMargin: number;
  blockMargin: number;
}

/** The semantic part of a rule set: what the layer compares a prompt with, and how it decides. */
export interface SemanticPolicy {
  exemplars: SemanticExemplar[];
  settings: SemanticSettings;
}
