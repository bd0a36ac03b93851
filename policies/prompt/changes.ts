/**
 * Policy drafts as changes to the built-in rule set, and diffs between any two policies.
 *
 * A draft (and the promoted live policy) is stored as a `RuleSetChanges` overlay on the rule set
 * shipped in `rules/`, not as a full copy: when the shipped rules improve, a promoted overlay
 * still applies on top of them instead of silently freezing an old copy. Every overlay is
 * complete relative to the built-in rules (a new draft starts from the live overlay), so
 * promoting one replaces the previous one. Pure and browser-safe: the console applies the same
 * overlay in the playground and gets the same policy version as the pipeline.
 */
import { canonicalJson, contentHash, sha256Hex } from '../content-hash.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { LIVE_RULE_SET } from './rules/index.js';
import type {
  CopyrightedWorkEntry, ExemplarLabel, ExemplarLang, PolicyCategory, PolicyRegistries, PublicFigureEntry, RuleSet, SemanticExemplar, SemanticSettings,
  Severity, TermGroup, Thresholds,
} from './types.js';
import { EXEMPLAR_LANGS, POLICY_CATEGORIES } from './types.js';

export type ThresholdLevel = Thresholds['reviewAt'];

export interface RuleSetChanges {
  /** Terms added to / removed from existing groups, by group id. */
  terms: { groupId: string; add: string[]; remove: string[] }[];
  /** New term groups (their ids must not collide with shipped groups). */
  newGroups: TermGroup[];
  /** Category thresholds that differ from the shipped ones. */
  thresholds: { category: PolicyCategory; ageBand: 'adult' | 'teen'; reviewAt: ThresholdLevel; blockAt: ThresholdLevel }[];
  /**
   * Issue 14: semantic exemplars the draft adds (text, label, language) and removes (by exemplar
   * id). Optional: drafts stored before the semantic layer have no such field and apply unchanged.
   */
  exemplars?: ExemplarChanges;
  /** Issue 14: semantic settings that differ from the shipped ones (bounds: SEMANTIC_SETTING_BOUNDS). */
  semanticSettings?: Partial<SemanticSettings>;
}

/** A draft's exemplar edits: new exemplars to add, shipped (or earlier) exemplar ids to remove. */
export interface ExemplarChanges {
  add: { text: string; label: ExemplarLabel; lang: ExemplarLang }[];
  remove: string[];
}

export { EXEMPLAR_LANGS };

/** The longest exemplar text, in characters: exemplars are prompts, and the console lists them. */
export const EXEMPLAR_MAX_CHARS = 500;

/**
 * Bounds on a draft's semantic settings. k: 1..20 nearest exemplars per label (the train split has
 * at least 20 exemplars per category, so a larger k would average in far ones). Margins: -0.1..0.5
 * of cosine similarity over benign (observed margins on dev lie within about ±0.1; 0.5 means
 * "practically never"); a block margin below the review margin means nothing.
 */
export const SEMANTIC_SETTING_BOUNDS = { k: { min: 1, max: 20 }, margin: { min: -0.1, max: 0.5 } } as const;

/** The id of an exemplar a draft adds: `d:` and the first 12 hex digits of the SHA-256 of its text. */
export function draftExemplarId(text: string): string {
  return `d:${sha256Hex(text).slice(0, 12)}`;
}

export const NO_CHANGES: RuleSetChanges = { terms: [], newGroups: [], thresholds: [] };

export interface AppliedChanges {
  ruleSet: RuleSet;
  /** Changes that no longer apply to the shipped rules (e.g. a removed term that is gone anyway). */
  warnings: string[];
}

/** The shipped rule set with an overlay applied. Throws only for changes that cannot mean anything. */
export function applyRuleSetChanges(base: RuleSet, changes: RuleSetChanges): AppliedChanges {
  const warnings: string[] = [];
  const problems = validateRuleSetChanges(base, changes);
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  const edits = new Map(changes.terms.map((t) => [t.groupId, t]));
  const terms: TermGroup[] = base.terms.map((group) => {
    const edit = edits.get(group.id);
    if (!edit) return group;
    const remove = new Set(edit.remove.map(normaliseTerm));
    for (const term of remove) {
      if (!group.terms.some((t) => normaliseTerm(t) === term)) warnings.push(`"${term}" is not in ${group.id} any more; nothing to remove.`);
    }
    const kept = group.terms.filter((t) => !remove.has(normaliseTerm(t)));
    const present = new Set(kept.map(normaliseTerm));
    const added: string[] = [];
    for (const term of edit.add.map(normaliseTerm)) {
      if (present.has(term)) warnings.push(`"${term}" is already in ${group.id}.`);
      else {
        present.add(term);
        added.push(term);
      }
    }
    return { ...group, terms: [...kept, ...added] };
  });
  for (const group of changes.newGroups) terms.push({ ...group, terms: group.terms.map(normaliseTerm) });

  const categories = { ...base.categories };
  for (const t of changes.thresholds) {
    categories[t.category] = { ...categories[t.category], [t.ageBand]: { reviewAt: t.reviewAt, blockAt: t.blockAt } };
  }
  const semantic = applySemanticChanges(base, changes, warnings);
  return { ruleSet: { ...base, categories, terms, ...(semantic ? { semantic } : {}) }, warnings };
}

/** `base.semantic` with the overlay's exemplar edits and settings; unchanged (same object) when the overlay has none. */
function applySemanticChanges(base: RuleSet, changes: RuleSetChanges, warnings: string[]): RuleSet['semantic'] {
  const edits = changes.exemplars;
  const settings = changes.semanticSettings;
  const hasEdits = edits && (edits.add.length > 0 || edits.remove.length > 0);
  const hasSettings = settings && Object.values(settings).some((v) => v !== undefined);
  if (!base.semantic || (!hasEdits && !hasSettings)) return base.semantic;
  let exemplars: SemanticExemplar[] = base.semantic.exemplars;
  if (edits && hasEdits) {
    const remove = new Set(edits.remove);
    for (const id of remove) if (!exemplars.some((e) => e.id === id)) warnings.push(`There is no exemplar ${id} any more; nothing to remove.`);
    exemplars = exemplars.filter((e) => !remove.has(e.id));
    const present = new Set(exemplars.map((e) => normaliseExemplar(e.text)));
    for (const item of edits.add) {
      const text = item.text.trim().replace(/\s+/g, ' ');
      if (present.has(normaliseExemplar(text))) {
        warnings.push(`The exemplar "${text}" is already in the policy.`);
        continue;
      }
      present.add(normaliseExemplar(text));
      exemplars.push({ id: draftExemplarId(text), text, label: item.label, lang: item.lang, source: 'draft' });
    }
  }
  const defined = Object.fromEntries(Object.entries(settings ?? {}).filter(([, v]) => v !== undefined)) as Partial<SemanticSettings>;
  return { exemplars, settings: { ...base.semantic.settings, ...defined } };
}

function normaliseExemplar(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Problems that make an overlay meaningless, as sentences; empty when it can be applied. */
export function validateRuleSetChanges(base: RuleSet, changes: RuleSetChanges): string[] {
  const problems: string[] = [];
  const shipped = new Set(base.terms.map((g) => g.id));
  for (const edit of changes.terms) {
    if (!shipped.has(edit.groupId)) problems.push(`There is no term group "${edit.groupId}" to change; add it as a new group instead.`);
    for (const term of [...edit.add, ...edit.remove]) if (normaliseTerm(term) === '') problems.push(`A term in ${edit.groupId} is empty.`);
  }
  const seen = new Set<string>();
  for (const group of changes.newGroups) {
    if (shipped.has(group.id) || seen.has(group.id)) problems.push(`The group id "${group.id}" is already used; choose another.`);
    seen.add(group.id);
    if (!POLICY_CATEGORIES.includes(group.category)) problems.push(`"${group.category}" is not a policy category.`);
    if (group.terms.length === 0) problems.push(`The new group "${group.id}" has no terms.`);
  }
  for (const t of changes.thresholds) {
    if (t.category === 'sexual_minors' && (t.reviewAt !== 1 || t.blockAt !== 1)) {
      problems.push('Sexual content involving minors is always blocked; its thresholds cannot be relaxed.');
    }
    if (t.blockAt < t.reviewAt) problems.push(`${t.category} (${t.ageBand}): block threshold ${t.blockAt} is below the review threshold ${t.reviewAt}.`);
  }
  problems.push(...validateSemanticChanges(base, changes));
  return problems;
}

/** The semantic part of validateRuleSetChanges: exemplar texts, labels and languages, and settings within SEMANTIC_SETTING_BOUNDS. */
function validateSemanticChanges(base: RuleSet, changes: RuleSetChanges): string[] {
  const problems: string[] = [];
  const hasEdits = (changes.exemplars?.add.length ?? 0) + (changes.exemplars?.remove.length ?? 0) > 0;
  const settings = changes.semanticSettings ?? {};
  const hasSettings = Object.values(settings).some((v) => v !== undefined);
  if ((hasEdits || hasSettings) && !base.semantic) problems.push('These rules have no semantic layer, so exemplars and semantic settings cannot be changed.');
  for (const item of changes.exemplars?.add ?? []) {
    const text = item.text.trim();
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    if (text === '') problems.push('An exemplar to add is empty; write the prompt it stands for.');
    else if (text.length > EXEMPLAR_MAX_CHARS) problems.push(`The exemplar "${shown}" is ${text.length} characters long; an exemplar is at most ${EXEMPLAR_MAX_CHARS}.`);
    if (item.label !== 'benign' && !POLICY_CATEGORIES.includes(item.label)) {
      problems.push(`"${item.label}" is not a label for an exemplar; use a policy category or benign.`);
    }
    if (!EXEMPLAR_LANGS.includes(item.lang)) problems.push(`"${item.lang}" is not an exemplar language; use one of ${EXEMPLAR_LANGS.join(', ')}.`);
  }
  for (const id of changes.exemplars?.remove ?? []) if (id.trim() === '') problems.push('An exemplar to remove has an empty id.');
  const { k, reviewMargin, blockMargin } = settings;
  const { k: kBounds, margin } = SEMANTIC_SETTING_BOUNDS;
  if (k !== undefined && (!Number.isInteger(k) || k < kBounds.min || k > kBounds.max)) {
    problems.push(`The semantic k (nearest exemplars per label) must be a whole number from ${kBounds.min} to ${kBounds.max}; it is ${k}.`);
  }
  for (const [name, value] of [['review margin', reviewMargin], ['block margin', blockMargin]] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value < margin.min || value > margin.max)) {
      problems.push(`The semantic ${name} must be from ${margin.min} to ${margin.max}; it is ${value}.`);
    }
  }
  const effectiveReview = reviewMargin ?? base.semantic?.settings.reviewMargin;
  const effectiveBlock = blockMargin ?? base.semantic?.settings.blockMargin;
  if ((reviewMargin !== undefined || blockMargin !== undefined) && effectiveReview !== undefined && effectiveBlock !== undefined && effectiveBlock < effectiveReview) {
    problems.push(`The semantic block margin ${effectiveBlock} is below the review margin ${effectiveReview}; a prompt would be blocked before it is held for review.`);
  }
  return problems;
}

function normaliseTerm(term: string): string {
  return term.trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface TermGroupDiff {
  groupId: string;
  category: string;
  severity: Severity;
  /** `added`/`removed`: the whole group is new or gone; `changed`: terms differ. */
  change: 'added' | 'removed' | 'changed';
  addedTerms: string[];
  removedTerms: string[];
  severityFrom?: Severity;
}

export interface ThresholdDiff {
  category: string;
  ageBand: 'adult' | 'teen';
  from: Thresholds;
  to: Thresholds;
}

export interface RegistryDiff {
  kind: 'public_figure' | 'copyright';
  name: string;
  change: 'added' | 'removed' | 'changed';
  from?: PublicFigureEntry | CopyrightedWorkEntry;
  to?: PublicFigureEntry | CopyrightedWorkEntry;
}

export interface PolicyDiff {
  terms: TermGroupDiff[];
  thresholds: ThresholdDiff[];
  /** Signals, allow phrases, combinations and sources: counted, listed by id. */
  otherGroups: { kind: 'signals' | 'allow' | 'combinations'; id: string; change: 'added' | 'removed' | 'changed' }[];
  registries: RegistryDiff[];
  /** Issue 14: semantic exemplars added or removed (by id), with their label and text. */
  exemplars: ExemplarDiff[];
  /** Issue 14: semantic settings (k, margins) that differ. */
  semanticSettings: { setting: keyof SemanticSettings; from: number | null; to: number | null }[];
  identical: boolean;
}

/** One semantic exemplar that is in one policy and not the other. */
export interface ExemplarDiff {
  id: string;
  label: ExemplarLabel;
  lang: ExemplarLang;
  text: string;
  change: 'added' | 'removed';
}

/** What changed from policy `from` to policy `to`: rule data and registries. */
export function diffPolicies(
  from: { ruleSet: RuleSet; registries: PolicyRegistries },
  to: { ruleSet: RuleSet; registries: PolicyRegistries },
): PolicyDiff {
  const terms: TermGroupDiff[] = [];
  const before = new Map(from.ruleSet.terms.map((g) => [g.id, g]));
  const after = new Map(to.ruleSet.terms.map((g) => [g.id, g]));
  for (const [id, a] of before) {
    const b = after.get(id);
    if (!b) {
      terms.push({ groupId: id, category: a.category, severity: a.severity, change: 'removed', addedTerms: [], removedTerms: [...a.terms] });
      continue;
    }
    const aTerms = new Set(a.terms);
    const bTerms = new Set(b.terms);
    const addedTerms = b.terms.filter((t) => !aTerms.has(t));
    const removedTerms = a.terms.filter((t) => !bTerms.has(t));
    if (addedTerms.length || removedTerms.length || a.severity !== b.severity || a.category !== b.category) {
      terms.push({
        groupId: id, category: b.category, severity: b.severity, change: 'changed', addedTerms, removedTerms,
        ...(a.severity !== b.severity ? { severityFrom: a.severity } : {}),
      });
    }
  }
  for (const [id, b] of after) {
    if (!before.has(id)) terms.push({ groupId: id, category: b.category, severity: b.severity, change: 'added', addedTerms: [...b.terms], removedTerms: [] });
  }

  const thresholds: ThresholdDiff[] = [];
  for (const category of POLICY_CATEGORIES) {
    for (const ageBand of ['adult', 'teen'] as const) {
      const a = from.ruleSet.categories[category]?.[ageBand];
      const b = to.ruleSet.categories[category]?.[ageBand];
      if (a && b && (a.reviewAt !== b.reviewAt || a.blockAt !== b.blockAt)) thresholds.push({ category, ageBand, from: a, to: b });
    }
  }

  const otherGroups: PolicyDiff['otherGroups'] = [];
  const compareById = (kind: 'signals' | 'allow' | 'combinations', a: { id: string }[], b: { id: string }[]) => {
    const aById = new Map(a.map((x) => [x.id, JSON.stringify(x)]));
    const bById = new Map(b.map((x) => [x.id, JSON.stringify(x)]));
    for (const [id, json] of aById) {
      if (!bById.has(id)) otherGroups.push({ kind, id, change: 'removed' });
      else if (bById.get(id) !== json) otherGroups.push({ kind, id, change: 'changed' });
    }
    for (const id of bById.keys()) if (!aById.has(id)) otherGroups.push({ kind, id, change: 'added' });
  };
  compareById('signals', from.ruleSet.signals, to.ruleSet.signals);
  compareById('allow', from.ruleSet.allow, to.ruleSet.allow);
  compareById('combinations', from.ruleSet.combinations, to.ruleSet.combinations);

  const registries: RegistryDiff[] = [];
  const compareEntries = (kind: RegistryDiff['kind'], a: (PublicFigureEntry | CopyrightedWorkEntry)[], b: (PublicFigureEntry | CopyrightedWorkEntry)[]) => {
    const aByName = new Map(a.map((x) => [x.name, x]));
    const bByName = new Map(b.map((x) => [x.name, x]));
    for (const [name, x] of aByName) {
      const y = bByName.get(name);
      if (!y) registries.push({ kind, name, change: 'removed', from: x });
      else if (JSON.stringify(x) !== JSON.stringify(y)) registries.push({ kind, name, change: 'changed', from: x, to: y });
    }
    for (const [name, y] of bByName) if (!aByName.has(name)) registries.push({ kind, name, change: 'added', to: y });
  };
  compareEntries('public_figure', from.registries.publicFigures ?? [], to.registries.publicFigures ?? []);
  compareEntries('copyright', from.registries.copyrightedWorks ?? [], to.registries.copyrightedWorks ?? []);

  const exemplars: ExemplarDiff[] = [];
  const beforeExemplars = new Map((from.ruleSet.semantic?.exemplars ?? []).map((e) => [e.id, e]));
  const afterExemplars = new Map((to.ruleSet.semantic?.exemplars ?? []).map((e) => [e.id, e]));
  for (const [id, e] of beforeExemplars) if (!afterExemplars.has(id)) exemplars.push({ id, label: e.label, lang: e.lang, text: e.text, change: 'removed' });
  for (const [id, e] of afterExemplars) if (!beforeExemplars.has(id)) exemplars.push({ id, label: e.label, lang: e.lang, text: e.text, change: 'added' });
  const semanticSettings: PolicyDiff['semanticSettings'] = [];
  for (const setting of ['k', 'reviewMargin', 'blockMargin'] as const) {
    const a = from.ruleSet.semantic?.settings[setting] ?? null;
    const b = to.ruleSet.semantic?.settings[setting] ?? null;
    if (a !== b) semanticSettings.push({ setting, from: a, to: b });
  }

  return {
    terms,
    thresholds,
    otherGroups,
    registries,
    exemplars,
    semanticSettings,
    identical: terms.length + thresholds.length + otherGroups.length + registries.length + exemplars.length + semanticSettings.length === 0,
  };
}

/** How a verdict moved between two policies, for shadow and backtest reports. */
export type VerdictChange = `${'allow' | 'review' | 'block'}→${'allow' | 'review' | 'block'}`;

export interface OverlayPolicy {
  policy: CompiledPolicy;
  ruleSet: RuleSet;
  /** Content hash of the rule set alone (registries are not part of it). */
  ruleSetHash: string;
  warnings: string[];
}

/** How many overlay + registries combinations stay compiled (live, a few shadow drafts, the last registries). */
const OVERLAY_CACHE_SIZE = 16;
const overlayCache = new Map<string, OverlayPolicy>();

/**
 * The shipped rules with `changes` applied, compiled with `registries`; memoised by content, so
 * the pipeline pays for compiling only when a promotion, draft or registry entry changes.
 */
export function compileOverlay(changes: RuleSetChanges, registries: PolicyRegistries = {}, base: RuleSet = LIVE_RULE_SET): OverlayPolicy {
  const key = canonicalJson({ changes, registries, base: base === LIVE_RULE_SET ? 'shipped' : base });
  const known = overlayCache.get(key);
  if (known) {
    overlayCache.delete(key); // re-inserted below: Map order is the LRU order
    overlayCache.set(key, known);
    return known;
  }
  const { ruleSet, warnings } = applyRuleSetChanges(base, changes);
  const compiled: OverlayPolicy = { policy: compilePolicy(ruleSet, registries), ruleSet, ruleSetHash: contentHash(ruleSet).slice(0, 16), warnings };
  overlayCache.set(key, compiled);
  while (overlayCache.size > OVERLAY_CACHE_SIZE) overlayCache.delete(overlayCache.keys().next().value!);
  return compiled;
}
