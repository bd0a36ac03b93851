/**
 * Screening one prompt against a compiled policy: normalise, match, locate spans, apply allow
 * phrases, combine signals, then turn matches into actions for this account and request.
 * Deterministic and synchronous: same policy + text + context, same result.
 */
import { figureStatus, type CompiledPolicy, type PatternInfo } from './compile.js';
import { MAX_RAW_MATCHES } from './matching/automaton.js';
import { locateSymbols, type SymbolRange } from './matching/locate-span.js';
import { BOUNDARY, EPSILON, MAX_ALTS, normalizeText, type InputSignal, type NormalizedText } from './normalize/normalize-text.js';
import { specialClassOf } from './normalize/fold-char.js';
import { REGISTRY_TYPO_RULE, screenPeople } from './people/screen-people.js';
import { REAL_PERSON } from './people/revision.js';
import {
  POLICY_CATEGORIES,
  type AgeBand,
  type PolicyCategory,
  type PolicyMatch,
  type ScreenContext,
  type ScreenResult,
  type Verdict,
} from './types.js';

/** Category name reported for allow-list phrases. */
export const BENIGN_CONTEXT = 'benign_context';

/**
 * Text beyond this many times the length limit is not screened at all (the prompt is already held
 * for review for its length); it bounds the work an enormous input can cause.
 */
const SCREEN_LIMIT_FACTOR = 50;

const VERDICT_RANK: Record<Verdict, number> = { allow: 0, review: 1, block: 2 };

/** A located match before context is applied. */
interface Located {
  info: PatternInfo;
  start: number;
  end: number;
}

/**
 * Screens one prompt with a compiled policy: the one screening function of Loupe, called by the
 * pipeline (activities/screening.ts), the playground, backtests and `npm run screen`. Rules and
 * registries (with their normalisation), then people's names (people/). Never throws for any
 * input: text that cannot be judged well is held for review with a reason.
 */
export function screenWithPolicy(policy: CompiledPolicy, text: string, context: ScreenContext = {}): ScreenResult {
  const reasons: string[] = [];
  let floor: Verdict = 'allow';
  const raise = (verdict: Verdict, reason: string): void => {
    reasons.push(`${verdict}: ${reason}`);
    if (VERDICT_RANK[verdict] > VERDICT_RANK[floor]) floor = verdict;
  };

  const input = typeof text === 'string' ? text : '';
  if (typeof text !== 'string') raise('review', `prompt is not text (got ${text === null ? 'null' : typeof text})`);

  // Input the engine cannot judge well is held for a person, never rejected with an exception.
  if (isBlank(input)) raise('review', 'prompt is empty or contains only invisible characters');
  let screened = input;
  if (input.length > policy.maxLength) {
    raise('review', `prompt is ${input.length} characters, over the ${policy.maxLength} limit`);
    const hardLimit = policy.maxLength * SCREEN_LIMIT_FACTOR;
    if (input.length > hardLimit) {
      // Do not cut a surrogate pair in half (that would invent an unpaired surrogate).
      const cut = isHighSurrogate(input.charCodeAt(hardLimit - 1)) ? hardLimit - 1 : hardLimit;
      screened = input.slice(0, cut);
      reasons.push(`note: only the first ${cut} characters were screened`);
    }
  }

  const normalized = normalizeText(screened);
  for (const signal of normalized.signals) raise('review', describeSignal(signal));

  const located: Located[] = [];
  const raw = policy.automaton.scan(normalized);
  if (raw.length >= MAX_RAW_MATCHES) raise('review', `more than ${MAX_RAW_MATCHES} rule matches; only the first were evaluated`);
  for (const { pattern, endSymbol } of raw) {
    const info = policy.patterns[pattern]!;
    const range = locateSymbols(normalized, endSymbol, info.codes);
    if (!range) continue;
    const { first, last } = extendOpenEnds(normalized, range, info.codes);
    located.push({ info, start: normalized.start[first]!, end: normalized.end[last]! });
  }

  const allowSpans = located.filter((m) => m.info.meaning.kind === 'allow');
  const effective: Located[] = [];
  for (const m of located) {
    if (m.info.meaning.kind === 'allow') continue;
    const key = suppressionKey(m.info);
    const by = allowSpans.find(
      (a) => a.info.meaning.kind === 'allow' && a.info.meaning.suppresses.has(key) && a.start <= m.start && m.end <= a.end,
    );
    if (by) {
      reasons.push(
        `suppressed: ${key} "${input.slice(m.start, m.end)}" at ${m.start}-${m.end} is inside benign phrase "${by.info.term}" (rule ${by.info.ruleId})`,
      );
    } else {
      effective.push(m);
    }
  }

  const ageBand: AgeBand = context.ageBand ?? 'adult';
  const hasCameo = (context.cameoIds?.length ?? 0) > 0;
  const isRemix = context.isRemix === true;
  const matches: PolicyMatch[] = [];

  const cameoIds = new Set(context.cameoIds ?? []);
  const registry = decideCopyrightRegistry(effective, input);
  reasons.push(...registry.reasons);
  for (const m of effective) {
    if (m.info.meaning.kind === 'copyright_registry') continue;
    // The works registry decides a name it knows: a shipped copyright rule term over the same span
    // yields to the entry (its rule and the stance), so opt_out can allow what the rules would review.
    if (m.info.meaning.kind === 'term' && m.info.meaning.category === 'copyright' && registry.liveSpans.some((r) => r.start < m.end && m.start < r.end)) {
      reasons.push(`note: copyright rule term "${m.info.term}" at ${m.start}-${m.end} is decided by the works registry entry there`);
      continue;
    }
    const match = decideMatch(policy, m, ageBand, hasCameo, isRemix, cameoIds);
    if (match) matches.push(match);
  }
  matches.push(...registry.matches);
  for (const combo of decideCombinations(policy, effective, ageBand)) matches.push(combo);
  for (const a of allowSpans) {
    matches.push({ ruleId: a.info.ruleId, category: BENIGN_CONTEXT, severity: 0, action: 'allow', start: a.start, end: a.end, term: a.info.term });
  }

  // People's names: misspelt registry names are decided as the registry entry; other real people
  // who are not a cameo here, a character or a fictional name go to review (people/screen-people.ts).
  // Spans the registry or the copyright rules matched (suppressed or not) decide themselves.
  // A shadow registry entry, or an everyday-word entry without its context word, did not decide its
  // span: a person's name there is still looked at.
  const signalsPresent = new Set(located.flatMap((m) => (m.info.meaning.kind === 'signal' ? [m.info.meaning.signal] : [])));
  const taken = located.filter((m) => {
    const meaning = m.info.meaning;
    if (meaning.kind !== 'copyright_registry') return isNameRule(m.info);
    return !meaning.shadow && (meaning.contextSignals.length === 0 || meaning.contextSignals.some((signal) => signalsPresent.has(signal)));
  });
  // Beyond the length limit the prompt is held for review anyway; the NLP tagger's time grows with
  // the text, so names are looked for in the part a generator would accept.
  const namesText = screened.length > policy.maxLength ? screened.slice(0, isHighSurrogate(screened.charCodeAt(policy.maxLength - 1)) ? policy.maxLength - 1 : policy.maxLength) : screened;
  if (namesText.length < screened.length) reasons.push(`note: people's names were looked for in the first ${namesText.length} characters only`);
  const people = screenPeople(namesText, policy.registries.publicFigures ?? [], taken, context);
  for (const t of people.typos) {
    const carriesTheirCameo = t.figure.cameoId === undefined ? hasCameo : cameoIds.has(t.figure.cameoId);
    const { severity, action } = figureDecision(figureStatus(t.figure), carriesTheirCameo, isRemix);
    matches.push({ ruleId: REGISTRY_TYPO_RULE, category: 'public_figure', severity, action, start: t.start, end: t.end, term: t.registryName });
  }
  matches.push(...people.people);
  reasons.push(...people.reasons);

  matches.sort((a, b) => a.start - b.start || b.severity - a.severity || a.ruleId.localeCompare(b.ruleId));

  let verdict: Verdict = floor;
  const flagged = new Set<string>();
  for (const m of matches) {
    if (m.action === 'allow') continue;
    flagged.add(m.category);
    if (VERDICT_RANK[m.action] > VERDICT_RANK[verdict]) verdict = m.action;
    // screenPeople already said in a sentence why it holds a real person's name.
    if (m.category === REAL_PERSON) continue;
    reasons.push(`${m.action}: ${m.category} "${input.slice(m.start, m.end)}" at ${m.start}-${m.end} (rule ${m.ruleId}, term "${m.term}", severity ${m.severity})`);
  }
  const categories: string[] = POLICY_CATEGORIES.filter((c) => flagged.has(c));
  if (flagged.has(REAL_PERSON)) categories.push(REAL_PERSON);
  if (reasons.length === 0) reasons.push('allow: no rule matched');

  return { verdict, categories, matches, policyVersion: policy.version, reasons };
}

/**
 * A `kill*` match covers the whole word ("killing"), not just its matched prefix, so highlights
 * and allow-phrase containment work on words. Symbols of one word are adjacent in the text.
 */
function extendOpenEnds(text: NormalizedText, range: SymbolRange, codes: readonly number[]): SymbolRange {
  let { first, last } = range;
  if (codes[codes.length - 1] !== BOUNDARY) {
    for (;;) {
      if (last + 1 < text.length && text.isWordChar[last + 1] === 1) last++;
      else if (last + 2 < text.length && isIgnorableGap(text, last + 1) && text.isWordChar[last + 2] === 1) last += 2;
      else break;
    }
  }
  if (codes[0] !== BOUNDARY) {
    for (;;) {
      if (first > 0 && text.isWordChar[first - 1] === 1) first--;
      else if (first > 1 && isIgnorableGap(text, first - 1) && text.isWordChar[first - 2] === 1) first -= 2;
      else break;
    }
  }
  return { first, last };
}

/** A separator that may be read as nothing (`be.head.ing`), i.e. still inside the word. */
function isIgnorableGap(text: NormalizedText, symbol: number): boolean {
  if (text.isWordChar[symbol] === 1) return false;
  for (let k = 0; k < text.altCount[symbol]!; k++) if (text.alts[symbol * MAX_ALTS + k] === EPSILON) return true;
  return false;
}

/** Allow phrases name what they suppress by category, or `signal:<name>` for signals. */
function suppressionKey(info: PatternInfo): string {
  const meaning = info.meaning;
  switch (meaning.kind) {
    case 'term':
      return meaning.category;
    case 'signal':
      return `signal:${meaning.signal}`;
    case 'public_figure':
      return 'public_figure';
    case 'copyright_registry':
      return 'copyright';
    case 'allow':
      return BENIGN_CONTEXT;
  }
}

/** Registry names and copyright rules decide their own spans; a name inside one is not looked at again. */
function isNameRule(info: PatternInfo): boolean {
  const meaning = info.meaning;
  return meaning.kind === 'public_figure' || meaning.kind === 'copyright_registry' || (meaning.kind === 'term' && meaning.category === 'copyright');
}

/** Context adjustments are here, in one place, so the console can explain every outcome. */
function decideMatch(
  policy: CompiledPolicy,
  m: Located,
  ageBand: AgeBand,
  hasCameo: boolean,
  isRemix: boolean,
  cameoIds: ReadonlySet<string>,
): PolicyMatch | undefined {
  const meaning = m.info.meaning;
  const base = { ruleId: m.info.ruleId, start: m.start, end: m.end, term: m.info.term };
  switch (meaning.kind) {
    case 'term': {
      let severity: number = meaning.severity;
      // Remixes re-use someone else's clip; likeness and IP problems are what remixes add.
      if (isRemix && REMIX_SENSITIVE.has(meaning.category)) severity = Math.min(4, severity + 1);
      let action = actionFor(policy, meaning.category, severity, ageBand);
      // With a cameo attached, whether the person consented is the consent engine's question.
      if (meaning.exemptWithCameo && hasCameo) action = 'allow';
      return { ...base, category: meaning.category, severity, action };
    }
    case 'public_figure': {
      // A figure registered with their cameo needs that very cameo; any cameo is not enough.
      const carriesTheirCameo = meaning.cameoId === undefined ? hasCameo : cameoIds.has(meaning.cameoId);
      const { severity, action } = figureDecision(meaning.status, carriesTheirCameo, isRemix);
      return { ...base, category: 'public_figure', severity, action };
    }
    case 'copyright_registry':
      // Decided in decideCopyrightRegistry (shadow entries, context words); never reached.
      return undefined;
    case 'signal':
    case 'allow':
      return undefined;
  }
}

/** Severity reported for a registry entry's action (block 4 like other refusals, review 2, allow 0). */
const COPYRIGHT_SEVERITY: Record<Verdict, number> = { block: 4, review: 2, allow: 0 };

/**
 * Works registry matches (issue 13): each entry's action was decided from the holder's rule and the
 * stance when the registry was loaded (policies/copyright `copyrightActionFor`). Here:
 * - an entry whose name is an everyday word acts only when one of its context words is in the
 *   prompt (otherwise a note says it was not acted on);
 * - a shadow entry is reported (a match with action allow, rule `registry.copyright.shadow`, and a
 *   `shadow:` reason saying what it would do) and never acts;
 * - a live entry's match carries its action; its reason names the entity, owner, rule and conditions.
 * Returns the live entries' spans too: a shipped copyright rule term inside one yields to the entry.
 */
function decideCopyrightRegistry(effective: readonly Located[], input: string): { matches: PolicyMatch[]; reasons: string[]; liveSpans: { start: number; end: number }[] } {
  const present = new Set<string>();
  for (const m of effective) if (m.info.meaning.kind === 'signal') present.add(m.info.meaning.signal);
  const matches: PolicyMatch[] = [];
  const reasons: string[] = [];
  const liveSpans: { start: number; end: number }[] = [];
  const seen = new Set<string>();
  for (const m of effective) {
    const meaning = m.info.meaning;
    if (meaning.kind !== 'copyright_registry') continue;
    const key = `${meaning.name}:${m.start}:${m.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const typed = input.slice(m.start, m.end);
    if (meaning.contextSignals.length > 0 && !meaning.contextSignals.some((signal) => present.has(signal))) {
      reasons.push(`note: "${typed}" is also an everyday word; the works registry entry "${meaning.name}" acts only beside a word of its franchise, and none is in the prompt`);
      continue;
    }
    const rule = meaning.rule ? `holder rule ${meaning.rule}` : 'no holder rule (the stance decides)';
    const about = `"${meaning.name}"${meaning.owner ? ` (owner ${meaning.owner})` : ''}, ${rule}${meaning.conditions ? `; conditions: ${meaning.conditions}` : ''}`;
    const base = { start: m.start, end: m.end, term: m.info.term, category: 'copyright' };
    if (meaning.shadow) {
      matches.push({ ...base, ruleId: 'registry.copyright.shadow', severity: 0, action: 'allow' });
      reasons.push(`shadow: works registry entry ${about} would ${meaning.action} "${typed}" once promoted; not acting`);
      continue;
    }
    liveSpans.push({ start: m.start, end: m.end });
    matches.push({ ...base, ruleId: m.info.ruleId, severity: COPYRIGHT_SEVERITY[meaning.action], action: meaning.action });
    reasons.push(`copyright: works registry entry ${about}: ${meaning.action}`);
  }
  return { matches, reasons, liveSpans };
}

const REMIX_SENSITIVE: ReadonlySet<PolicyCategory> = new Set(['likeness_without_consent', 'copyright', 'public_figure']);

/**
 * Living people are blocked unless they opted in as a cameo (and then the request must carry a
 * cameo for the consent engine to check); the dead are blocked only when their estate opted out.
 */
function figureDecision(status: string, hasCameo: boolean, isRemix: boolean): { severity: number; action: Verdict } {
  switch (status) {
    case 'living':
      return { severity: 4, action: 'block' };
    case 'deceased_estate_opted_out':
      return { severity: 4, action: 'block' };
    case 'living_opted_in':
      return hasCameo && !isRemix ? { severity: 1, action: 'allow' } : { severity: 2, action: 'review' };
    default:
      return isRemix ? { severity: 2, action: 'review' } : { severity: 1, action: 'allow' };
  }
}

function actionFor(policy: CompiledPolicy, category: PolicyCategory, severity: number, ageBand: AgeBand): Verdict {
  const thresholds = policy.ruleSet.categories[category][ageBand];
  if (severity >= thresholds.blockAt) return 'block';
  if (severity >= thresholds.reviewAt) return 'review';
  return 'allow';
}

function decideCombinations(policy: CompiledPolicy, effective: Located[], ageBand: AgeBand): PolicyMatch[] {
  const out: PolicyMatch[] = [];
  for (const rule of policy.ruleSet.combinations) {
    const minSeverity = rule.minSeverity ?? 1;
    const parts: Located[] = [];
    for (const requirement of rule.requires) {
      const part = effective.find((m) => satisfies(m, requirement, minSeverity));
      if (!part) break;
      parts.push(part);
    }
    if (parts.length !== rule.requires.length) continue;
    out.push({
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      action: actionFor(policy, rule.category, rule.severity, ageBand),
      start: Math.min(...parts.map((p) => p.start)),
      end: Math.max(...parts.map((p) => p.end)),
      term: parts.map((p) => p.info.term).join(' + '),
    });
  }
  return out;
}

/** Does a match fulfil a combination requirement (`signal:<name>` or `category:<name>`)? */
function satisfies(m: Located, requirement: string, minSeverity: number): boolean {
  const meaning = m.info.meaning;
  switch (meaning.kind) {
    case 'signal':
      return requirement === `signal:${meaning.signal}`;
    case 'term':
      return requirement === `category:${meaning.category}` && meaning.severity >= minSeverity;
    case 'public_figure':
      return requirement === 'category:public_figure';
    case 'copyright_registry':
      return requirement === 'category:copyright' && !meaning.shadow && meaning.action !== 'allow';
    case 'allow':
      return false;
  }
}

function isBlank(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || /\s/u.test(ch)) continue;
    if (specialClassOf(cp) !== 'none') continue;
    if (cp === 0x3164 || cp === 0xffa0 || cp === 0x115f || cp === 0x1160 || cp === 0x2800) continue;
    return false;
  }
  return true;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function describeSignal(signal: InputSignal): string {
  const times = signal.count > 1 ? ` (${signal.count} times)` : '';
  switch (signal.kind) {
    case 'control_character':
      return `prompt contains control characters at ${signal.index}${times}`;
    case 'bidi_control':
      return `prompt contains right-to-left/bidirectional override characters at ${signal.index}${times}, which change how text is displayed`;
    case 'unpaired_surrogate':
      return `prompt contains malformed Unicode (unpaired surrogate) at ${signal.index}${times}`;
    case 'invisible_in_word':
      return `prompt hides invisible characters inside a word at ${signal.index}${times}`;
    case 'mixed_script_word':
      return `prompt mixes Latin with Cyrillic or Greek look-alike letters in one word at ${signal.index}${times}`;
  }
}
