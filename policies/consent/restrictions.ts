/**
 * An owner's restrictions on their cameo, checked against a prompt: "no political content",
 * "never in swimwear", banned words. Prompts are read exactly as the prompt policy reads them: the
 * same normaliser (case, accents, look-alike letters, leetspeak, separators inside words) and the
 * same Aho–Corasick matcher with the same term syntax, so "p0l1tical", "bіkini" with a Cyrillic i
 * or "s.w.i.m.s.u.i.t" break a restriction the way they break a prompt rule.
 *
 * Topic lists. Source: written for Loupe (English and Indonesian), except `sexual` and `violence`,
 * which reuse every group of the prompt policy's own lists (policies/prompt/rules/sexual.ts,
 * violence.ts) so the two never disagree. License: same as the Loupe repository. The lists lean
 * wide on purpose: an owner who ruled a topic out would rather see a borderline request refused
 * than their likeness in it.
 */
import { Automaton } from '../prompt/matching/automaton.js';
import { locateSymbols } from '../prompt/matching/locate-span.js';
import { encodeTerm, expandAlternatives } from '../prompt/matching/patterns.js';
import { normalizeText } from '../prompt/normalize/normalize-text.js';
import { SEXUAL_TERMS } from '../prompt/rules/sexual.js';
import { VIOLENCE_TERMS } from '../prompt/rules/violence.js';
import type { CameoRestriction, CameoRestrictionTopic } from './types';

/** What an owner reads for each topic (also the words of a refusal: "no <label>"). */
export const RESTRICTION_TOPIC_LABELS: Readonly<Record<CameoRestrictionTopic, string>> = {
  political: 'political content',
  swimwear: 'swimwear or underwear',
  sexual: 'sexual content or nudity',
  violence: 'violence',
  alcohol: 'alcohol',
  drugs: 'drugs or smoking',
  weapons: 'weapons',
  religion: 'religious content',
  advertising: 'advertising or endorsements',
};

/** Terms per topic, in the prompt policy's term syntax (`word*`, `{a,b} c`). */
export const RESTRICTION_TOPIC_TERMS: Readonly<Record<CameoRestrictionTopic, readonly string[]>> = {
  political: [
    'politic*', 'election*', 'elect me', 'vote for', 'voting for', 'campaign rally', 'campaign ad*', 'protest*',
    'president*', 'prime minister', 'senator*', 'congress*', 'parliament*', 'government', 'minister', 'mayor', 'governor',
    'democrat*', 'republican*', 'liberal*', 'conservative*', 'left wing', 'right wing', 'propaganda', 'ballot*', 'referendum',
    'political party', 'candidate*', 'impeach*', 'coup', 'revolution',
    'politik*', 'pemilu', 'pilkada', 'pilpres', 'kampanye', 'partai', 'presiden', 'menteri', 'gubernur', 'bupati', 'walikota',
    'dpr', 'demonstrasi', 'unjuk rasa', 'capres', 'caleg', 'coblos', 'pencoblosan',
  ],
  swimwear: [
    'swimwear', 'swimsuit*', 'swim suit*', 'bikini*', 'monokini*', 'swimming trunks', 'swim trunks', 'speedo*', 'bathing suit*',
    'lingerie', 'underwear', 'bra', 'bras', 'panties', 'thong*', 'boxer shorts', 'briefs', 'topless', 'shirtless',
    'baju renang', 'pakaian renang', 'pakaian dalam', 'celana dalam', 'beha', 'kutang',
  ],
  sexual: SEXUAL_TERMS.flatMap((group) => group.terms),
  violence: VIOLENCE_TERMS.flatMap((group) => group.terms),
  alcohol: [
    'alcohol*', 'beer*', 'wine*', 'vodka', 'whisk*', 'tequila', 'rum', 'gin', 'champagne', 'cocktail*', 'liquor', 'booze',
    'drunk*', 'getting wasted', 'hangover', 'shots of', 'bar crawl', 'pub crawl', 'sake', 'soju',
    'bir', 'minuman keras', 'miras', 'mabuk', 'arak', 'anggur merah', 'tuak', 'ciu',
  ],
  drugs: [
    'drug*', 'weed', 'marijuana', 'cannabis', 'cocaine', 'coke line*', 'heroin', 'meth', 'ecstasy', 'mdma', 'lsd',
    'magic mushrooms', 'getting high', 'stoned', 'smoking', 'smokes', 'cigarette*', 'cigar*', 'vape*', 'vaping', 'bong*',
    'narkoba', 'ganja', 'sabu', 'sabu sabu', 'putaw', 'rokok', 'merokok', 'ngerokok', 'vape', 'nyabu',
  ],
  weapons: [
    'weapon*', 'gun', 'guns', 'gunfire', 'pistol*', 'rifle*', 'shotgun*', 'revolver*', 'firearm*', 'ak 47', 'ak47', 'machine gun*',
    'knife', 'knives', 'sword*', 'machete*', 'grenade*', 'bomb*', 'explosive*', 'bazooka*', 'armed with',
    'senjata', 'pistol', 'senapan', 'pisau', 'golok', 'celurit', 'parang', 'bom', 'granat',
  ],
  religion: [
    'religio*', 'church*', 'mosque*', 'temple*', 'synagogue*', 'pray*', 'prayer*', 'priest*', 'imam', 'rabbi*', 'monk*', 'nun', 'nuns',
    'bible', 'quran', 'koran', 'torah', 'jesus', 'allah', 'buddha', 'god', 'gods', 'worship*', 'sermon*', 'pope',
    'agama', 'gereja', 'masjid', 'musala', 'mushola', 'vihara', 'klenteng', 'sholat', 'salat', 'berdoa', 'ustadz', 'pendeta', 'biksu',
  ],
  advertising: [
    'advert*', 'commercial*', 'sponsor*', 'endors*', 'brand deal*', 'product placement', 'promo*', 'buy now', 'discount code*',
    'limited offer', 'infomercial*', 'testimonial*', 'review of {a,the,our} product', 'unboxing',
    'iklan', 'endorse', 'sponsor', 'promosi', 'diskon', 'beli sekarang', 'jualan',
  ],
};

/** A restriction a prompt breaks: the rule, a sentence naming it, and what matched. */
export interface RestrictionViolation {
  restriction: CameoRestriction;
  /** Names the rule, never the owner's private note: "... never appears with alcohol". */
  sentence: string;
  /** The prompt's own text that matched (its UTF-16 span, end exclusive). */
  matchedText: string;
  start: number;
  end: number;
}

interface CompiledRestrictions {
  automaton: Automaton;
  patterns: number[][];
  /** Pattern index → index of the restriction it belongs to. */
  owner: number[];
}

/** Compiled matchers by restriction list; the same few lists repeat across requests. Bounded. */
const compiled = new Map<string, CompiledRestrictions>();
const MAX_COMPILED = 256;

function compile(restrictions: readonly CameoRestriction[]): CompiledRestrictions {
  const key = JSON.stringify(restrictions);
  const cached = compiled.get(key);
  if (cached) return cached;
  const patterns: number[][] = [];
  const owner: number[] = [];
  restrictions.forEach((restriction, index) => {
    const terms = restriction.kind === 'no_topic' ? RESTRICTION_TOPIC_TERMS[restriction.topic] ?? [] : restriction.words;
    for (const term of terms) {
      for (const expanded of expandAlternatives(term)) {
        const codes = encodeTerm(expanded);
        if (!codes) continue;
        patterns.push(codes);
        owner.push(index);
      }
    }
  });
  const result = { automaton: new Automaton(patterns), patterns, owner };
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, result);
  return result;
}

/** The sentence for a broken restriction, naming the rule (and for banned words, the word). */
function sentenceFor(restriction: CameoRestriction, cameoName: string, matchedText: string): string {
  return restriction.kind === 'no_topic'
    ? `The owner of the cameo "${cameoName}" does not allow it in ${RESTRICTION_TOPIC_LABELS[restriction.topic]} ("${matchedText}" in the prompt).`
    : `The owner of the cameo "${cameoName}" has banned the word "${matchedText}" in videos with it.`;
}

/**
 * The first restriction (in the owner's order) the prompt breaks, or null when it breaks none.
 * Pure; the compiled matcher of each restriction list is cached.
 */
export function findRestrictionViolation(prompt: string, restrictions: readonly CameoRestriction[], cameoName: string): RestrictionViolation | null {
  if (restrictions.length === 0) return null;
  const { automaton, patterns, owner } = compile(restrictions);
  const text = normalizeText(prompt);
  let best: { index: number; start: number; end: number } | null = null;
  for (const match of automaton.scan(text)) {
    const index = owner[match.pattern]!;
    if (best && best.index <= index) continue;
    const range = locateSymbols(text, match.endSymbol, patterns[match.pattern]!);
    const start = range ? text.start[range.first]! : text.start[match.endSymbol]!;
    const end = range ? text.end[range.last]! : text.end[match.endSymbol]!;
    best = { index, start, end };
  }
  if (!best) return null;
  const restriction = restrictions[best.index]!;
  const matchedText = prompt.slice(best.start, best.end);
  return { restriction, sentence: sentenceFor(restriction, cameoName, matchedText), matchedText, start: best.start, end: best.end };
}

/** One sentence per restriction, for an owner's or a reviewer's screen: "No alcohol.", "Banned words: a, b." */
export function describeRestriction(restriction: CameoRestriction): string {
  return restriction.kind === 'no_topic'
    ? `No ${RESTRICTION_TOPIC_LABELS[restriction.topic]}.`
    : `Banned words: ${restriction.words.join(', ')}.`;
}
