/**
 * Compiling a rule set (plus database registries) into a policy: every term, signal, allow phrase
 * and registry name becomes a pattern of one automaton, and the whole input is hashed into the
 * policy version that every screening decision records.
 */
import { contentHash } from '../content-hash.js';
import { Automaton } from './matching/automaton.js';
import { encodeTerm, expandAlternatives } from './matching/patterns.js';
import { NAME_DETECTION_REVISION } from './people/revision.js';
import type {
  CompileOptions,
  CopyrightedWorkEntry,
  PolicyCategory,
  PolicyRegistries,
  PublicFigureEntry,
  RuleSet,
  Severity,
  Verdict,
} from './types.js';

/**
 * Bumped when normalisation or matching semantics change, so that the same rules evaluated by a
 * different engine get a different version (decisions made by each stay distinguishable).
 */
export const ENGINE_REVISION = 'loupe-prompt-engine/1';
export const DEFAULT_MAX_LENGTH = 2000;

/** Prefix of the signals context words of ambiguous registry names raise (issue 13). */
export const COPYRIGHT_CONTEXT_SIGNAL = 'copyright_context:';

/** How a registered public figure may appear in prompts. */
export type FigureStatus = 'living' | 'living_opted_in' | 'deceased' | 'deceased_estate_opted_out';

/** What a pattern means when it matches. */
export type PatternMeaning =
  | { kind: 'term'; category: PolicyCategory; severity: Severity; exemptWithCameo: boolean }
  | { kind: 'signal'; signal: string }
  | { kind: 'allow'; suppresses: ReadonlySet<string> }
  | { kind: 'public_figure'; status: FigureStatus; name: string; cameoId: string | undefined }
  | {
      kind: 'copyright_registry';
      owner: string | undefined;
      name: string;
      /** The entry's action under the stance (block for entries without one: pre-issue-13 opt-outs). */
      action: Verdict;
      rule: 'allow' | 'review' | 'block' | null | undefined;
      conditions: string | undefined;
      shadow: boolean;
      /** Context signals (`copyright_context:<term>`), one of which must be present; empty: none needed. */
      contextSignals: readonly string[];
    };

export interface PatternInfo {
  ruleId: string;
  /** The term as written in the rule data or registry (after `{a,b}` expansion). */
  term: string;
  codes: readonly number[];
  meaning: PatternMeaning;
}

export interface CompiledPolicy {
  /** Content hash (hex, 16 characters) of engine revision, rule set, registries and options. */
  readonly version: string;
  readonly ruleSet: RuleSet;
  readonly registries: PolicyRegistries;
  readonly maxLength: number;
  /** Number of patterns after `{a,b}` expansion, registry names included. */
  readonly termCount: number;
  readonly patterns: readonly PatternInfo[];
  readonly automaton: Automaton;
}

export function compilePolicy(ruleSet: RuleSet, registries: PolicyRegistries = {}, options: CompileOptions = {}): CompiledPolicy {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`compilePolicy: maxLength must be a positive integer, got ${String(options.maxLength)}`);
  }
  const canonicalRegistries = canonicalizeRegistries(registries);
  // Named-person detection decides too (people/), so its revision is part of the version.
  const version = contentHash({ engine: ENGINE_REVISION, names: NAME_DETECTION_REVISION, ruleSet, registries: canonicalRegistries, maxLength }).slice(0, 16);

  const patterns: PatternInfo[] = [];
  const add = (ruleId: string, rawTerm: string, meaning: PatternMeaning): void => {
    for (const term of expandAlternatives(rawTerm)) {
      const codes = encodeTerm(term);
      if (codes) patterns.push({ ruleId, term, codes, meaning });
    }
  };

  for (const group of ruleSet.terms) {
    const meaning: PatternMeaning = {
      kind: 'term',
      category: group.category,
      severity: group.severity,
      exemptWithCameo: group.exemptWithCameo === true,
    };
    for (const term of group.terms) add(group.id, term, meaning);
  }
  for (const group of ruleSet.signals) {
    const meaning: PatternMeaning = { kind: 'signal', signal: group.signal };
    for (const term of group.terms) add(group.id, term, meaning);
  }
  for (const group of ruleSet.allow) {
    // Children's safety is never waived by context phrases, whatever the data says.
    const suppresses = new Set(group.suppresses.filter((c) => c !== 'sexual_minors'));
    const meaning: PatternMeaning = { kind: 'allow', suppresses };
    for (const term of group.terms) add(group.id, term, meaning);
  }
  for (const figure of canonicalRegistries.publicFigures ?? []) {
    const meaning: PatternMeaning = { kind: 'public_figure', status: figureStatus(figure), name: figure.name, cameoId: figure.cameoId };
    for (const name of namesOf(figure)) add('registry.public_figure', name, meaning);
  }
  const contextTermsAdded = new Set<string>();
  for (const work of canonicalRegistries.copyrightedWorks ?? []) {
    const contextTerms = (work.contextTerms ?? []).map((t) => t.replace(/[{}*]/g, ' ').trim().toLowerCase()).filter((t) => t !== '');
    const meaning: PatternMeaning = {
      kind: 'copyright_registry', owner: work.owner, name: work.name, action: work.action ?? 'block', rule: work.rule,
      conditions: work.conditions, shadow: work.enforcement === 'shadow', contextSignals: contextTerms.map((t) => `${COPYRIGHT_CONTEXT_SIGNAL}${t}`),
    };
    for (const name of namesOf(work)) add(work.enforcement === 'shadow' ? 'registry.copyright.shadow' : 'registry.copyright', name, meaning);
    // A context word is a signal: present or not, it never flags a prompt by itself.
    for (const term of contextTerms) {
      if (contextTermsAdded.has(term)) continue;
      contextTermsAdded.add(term);
      add('registry.copyright.context', term, { kind: 'signal', signal: `${COPYRIGHT_CONTEXT_SIGNAL}${term}` });
    }
  }

  return {
    version,
    ruleSet,
    registries: canonicalRegistries,
    maxLength,
    termCount: patterns.length,
    patterns,
    automaton: new Automaton(patterns.map((p) => p.codes)),
  };
}

/** How a registry entry may appear in prompts (living, opted in, deceased, estate opted out). */
export function figureStatus(figure: PublicFigureEntry): FigureStatus {
  if (figure.living) return figure.optedIn === true ? 'living_opted_in' : 'living';
  return figure.estateOptedOut === true ? 'deceased_estate_opted_out' : 'deceased';
}

function namesOf(entry: { name: string; aliases?: string[] }): string[] {
  // Registry names are literal: braces and asterisks are not term syntax there.
  return [entry.name, ...(entry.aliases ?? [])].map((n) => n.replace(/[{}*]/g, ' ')).filter((n) => n.trim() !== '');
}

/**
 * Registries arrive from database queries in no particular order; sort them so the version
 * depends on content only.
 */
function canonicalizeRegistries(registries: PolicyRegistries): PolicyRegistries {
  const byName = <T extends { name: string }>(a: T, b: T): number =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
  const out: PolicyRegistries = {};
  if (registries.publicFigures?.length) {
    out.publicFigures = registries.publicFigures
      .map((f): PublicFigureEntry => ({ ...f, aliases: f.aliases ? [...f.aliases].sort() : undefined }))
      .sort(byName);
  }
  if (registries.copyrightedWorks?.length) {
    out.copyrightedWorks = registries.copyrightedWorks
      .map((w): CopyrightedWorkEntry => ({
        ...w,
        aliases: w.aliases ? [...w.aliases].sort() : undefined,
        ...(w.contextTerms ? { contextTerms: [...w.contextTerms].sort() } : {}),
      }))
      .sort(byName);
  }
  if (registries.copyrightStance) out.copyrightStance = registries.copyrightStance;
  return out;
}
