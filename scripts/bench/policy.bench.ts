/**
 * Prompt-screening benchmark: Loupe's engine vs the `obscenity` package, same terms, same inputs,
 * same process, one core (Node runs each matcher on the main thread).
 *
 *   npx tsx scripts/bench/policy.bench.ts [--prompts 2000] [--terms 20000] [--seconds 3]
 *   (for the recorded figures: taskset -c 0 npx tsx scripts/bench/policy.bench.ts)
 *
 * The policy is the live rule set plus a synthetic term list (benchmark only: pseudo-words that
 * exercise the automaton's size, never shipped). Inputs are ~200-character prompts built from
 * everyday words, with some live and synthetic terms mixed in, a share of them obfuscated
 * (leetspeak, separators, repeats, homoglyphs). Both engines get identical term lists: obscenity
 * receives every expanded term of the compiled policy as a word-bounded pattern with its
 * recommended English transformers.
 */
import { RegExpMatcher, englishRecommendedTransformers, parseRawPattern } from 'obscenity';
import { compilePolicy, LIVE_RULE_SET, screenWithPolicy, type RuleSet } from '../../policies/index.js';
import { seededRandom } from '../../test/support/seeded-random';

interface Options {
  prompts: number;
  terms: number;
  /** Minimum measured time per engine; the prompt set is cycled until it is reached. */
  minSeconds: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { prompts: value('--prompts', 2000), terms: value('--terms', 20_000), minSeconds: value('--seconds', 3) };
}


const EVERYDAY =
  'a the cinematic shot of an old man walking his dog through a rainy street at night neon lights reflect on wet pavement slow motion camera pans left to reveal a busy market with colorful fruit stalls and children laughing while street musicians play jazz drone footage over mountains at sunrise golden hour soft focus anime style watercolor painting of a cat sleeping on a windowsill kucing tidur di sofa pemandangan sawah saat matahari terbit hujan deras di jakarta'.split(
    ' ',
  );

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

/**
 * Pronounceable pseudo-words ("tavomek"), 1–3 per term, all distinct. Words that happen to be
 * real everyday words of the inputs (Indonesian is rich in such shapes: "sawah", "tidur") are
 * skipped so that "everyday words only" prompts really contain no term.
 */
function syntheticTerms(count: number, random: () => number): string[] {
  const pick = (s: string): string => s[Math.floor(random() * s.length)]!;
  const word = (): string => {
    const syllables = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(CONSONANTS) + pick(VOWELS);
    return random() < 0.4 ? w + pick(CONSONANTS) : w;
  };
  const everyday = new Set(EVERYDAY);
  const terms = new Set<string>();
  while (terms.size < count) {
    const words = random() < 0.7 ? 1 : random() < 0.8 ? 2 : 3;
    const parts = Array.from({ length: words }, word);
    if (parts.some((p) => everyday.has(p))) continue;
    terms.add(parts.join(' '));
  }
  return [...terms];
}

function obfuscate(term: string, random: () => number): string {
  const r = random();
  if (r < 0.25) return term.replace(/o/g, '0').replace(/e/g, '3').replace(/i/g, '1');
  if (r < 0.5) return term.split('').join('.');
  if (r < 0.7) return term.replace(/([aeiou])/, '$1$1$1');
  if (r < 0.85) return term.replace(/o/g, 'о').replace(/a/g, 'а'); // Cyrillic
  return term.toUpperCase();
}

/** `termRate`: chance that a word slot holds a rule term (half of them obfuscated) instead of an everyday word. */
function makePrompts(count: number, termPool: string[], random: () => number, termRate: number): string[] {
  const prompts: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < 200) {
      const roll = random();
      let next: string;
      if (roll < termRate) {
        const term = termPool[Math.floor(random() * termPool.length)]!;
        next = random() < 0.5 ? obfuscate(term, random) : term;
      } else {
        next = EVERYDAY[Math.floor(random() * EVERYDAY.length)]!;
      }
      text += (text ? ' ' : '') + next;
    }
    prompts.push(text.slice(0, 220));
  }
  return prompts;
}

interface Measurement {
  name: string;
  calls: number;
  seconds: number;
  p50Us: number;
  p99Us: number;
  flagged: number;
}

function measure(name: string, prompts: string[], minSeconds: number, run: (text: string) => boolean): Measurement {
  // Warm-up: let the JIT compile the hot paths before timing.
  for (let i = 0; i < Math.min(prompts.length, 300); i++) run(prompts[i]!);
  const samples: number[] = [];
  let flagged = 0;
  const start = performance.now();
  let elapsed = 0;
  for (let round = 0; elapsed < minSeconds * 1000 || round === 0; round++) {
    for (const text of prompts) {
      const t0 = performance.now();
      if (run(text)) flagged++;
      samples.push(performance.now() - t0);
    }
    elapsed = performance.now() - start;
  }
  samples.sort((a, b) => a - b);
  const pct = (p: number): number => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))]! * 1000;
  return { name, calls: samples.length, seconds: elapsed / 1000, p50Us: pct(0.5), p99Us: pct(0.99), flagged };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const random = seededRandom(20240601);
  const synthetic = syntheticTerms(options.terms, random);
  const ruleSet: RuleSet = {
    ...LIVE_RULE_SET,
    terms: [...LIVE_RULE_SET.terms, { id: 'bench.synthetic', category: 'misinformation', severity: 2, lang: 'any', terms: synthetic }],
  };

  let t0 = performance.now();
  const policy = compilePolicy(ruleSet);
  const loupeCompileMs = performance.now() - t0;

  // Obscenity gets the same expanded terms (allow phrases and signals excluded: it has no such notion
  // beyond whitelists, and giving it fewer patterns only makes it faster).
  const obscenityTerms = [...new Set(policy.patterns.filter((p) => p.meaning.kind === 'term').map((p) => p.term))];
  t0 = performance.now();
  const matcher = new RegExpMatcher({
    blacklistedTerms: obscenityTerms.map((term, id) => ({ id, pattern: parseRawPattern(`|${escapeForObscenity(term)}|`) })),
    ...englishRecommendedTransformers,
  });
  const obscenityCompileMs = performance.now() - t0;

  const livePool = [...new Set(policy.patterns.filter((p) => p.meaning.kind === 'term' && p.ruleId !== 'bench.synthetic').map((p) => p.term))];
  const pool = [...livePool, ...synthetic.slice(0, 2000)];
  const inputSets = [
    { name: 'with terms (3% of words, half obfuscated)', prompts: makePrompts(options.prompts, pool, random, 0.03) },
    { name: 'everyday words only', prompts: makePrompts(options.prompts, pool, random, 0) },
  ];
  const rate = (m: Measurement): number => m.calls / m.seconds;

  const lines = [
    `Policy: ${policy.termCount.toLocaleString('en-US')} patterns (${options.terms.toLocaleString('en-US')} synthetic + live rule set), ${policy.automaton.stateCount.toLocaleString('en-US')} automaton states; obscenity: ${obscenityTerms.length.toLocaleString('en-US')} patterns.`,
    `Compile: loupe ${loupeCompileMs.toFixed(0)} ms, obscenity ${obscenityCompileMs.toFixed(0)} ms. Node ${process.version}, one thread.`,
    '',
    '| inputs | engine | prompts/s | p50 µs | p99 µs | flagged | ratio |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  let belowTarget = false;
  for (const set of inputSets) {
    const avgLength = set.prompts.reduce((n, p) => n + p.length, 0) / set.prompts.length;
    const loupe = measure('loupe', set.prompts, options.minSeconds, (text) => screenWithPolicy(policy, text).verdict !== 'allow');
    const obscenity = measure('obscenity', set.prompts, options.minSeconds, (text) => matcher.hasMatch(text));
    const ratio = rate(loupe) / rate(obscenity);
    if (ratio < 10 || loupe.p99Us > 1000) belowTarget = true;
    for (const m of [loupe, obscenity]) {
      lines.push(
        `| ${set.name}, ${set.prompts.length} prompts, ${avgLength.toFixed(0)} chars | ${m.name} | ${Math.round(rate(m)).toLocaleString('en-US')} | ` +
          `${m.p50Us.toFixed(1)} | ${m.p99Us.toFixed(1)} | ${((100 * m.flagged) / m.calls).toFixed(1)}% | ${m === loupe ? `${ratio.toFixed(1)}×` : '1×'} |`,
      );
    }
  }
  console.log(lines.join('\n'));
  if (belowTarget) console.log('\nbelow target (>= 10× obscenity throughput, p99 < 1 ms)');
}

/** Obscenity's pattern syntax reserves `[`, `]`, `?`, `|` and `\`; our terms are plain words. */
function escapeForObscenity(term: string): string {
  return term.replace(/[[\]?|\\]/g, (c) => `\\${c}`);
}

main();
