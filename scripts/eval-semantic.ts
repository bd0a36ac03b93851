/**
 * The semantic layer's evaluation (issue 14), printed as the tables of docs/benchmarks.md
 * ("Semantic layer"): unsafe prompts held (review or block) and benign prompts held, with the rules
 * alone beside the rules with the semantic layer, overall and per category, language, source and
 * issue-14 kind, and per obfuscation technique. Every prompt goes through the function
 * `npm run screen` calls (scripts/screen/screen-prompt.ts) with the shipped rules and registries
 * (`--shipped`, no database); see scripts/screen/semantic-evaluation.ts for what is left out.
 *
 *   npx tsx scripts/eval-semantic.ts [--split dev|test] [--verbose]
 *
 * Default split dev, the one thresholds are chosen on; test only for the reported figures (never
 * tune on it). --verbose lists the unsafe prompts the layer let through and the benign ones it held,
 * with the semantic category, score and nearest exemplar. Needs the model setup builds; about
 * 13 ms per prompt and technique, so a split takes a minute or two.
 */
import { createSemanticClassifier } from '../activities/classifiers/semantic/classifier';
import type { Split } from '../test/policies/eval/semantic-eval-set.js';
import {
  benignOf, evaluateSplit, groupBy, heldRate, PUBLIC_SOURCES, REGISTRY_CATEGORIES, shippedScreener, unsafeOf,
  type EvaluatedPrompt, type HeldRate,
} from './screen/semantic-evaluation.js';

const args = process.argv.slice(2);
const splitAt = args.indexOf('--split');
const split = (splitAt >= 0 ? args[splitAt + 1] : 'dev') as Split;
if (split !== 'dev' && split !== 'test') {
  console.error('eval-semantic: --split must be dev or test (train holds the exemplars).');
  process.exit(2);
}
const verbose = args.includes('--verbose');

const pct = (r: HeldRate) => (r.total === 0 ? '-' : `${r.held}/${r.total} (${(100 * r.rate).toFixed(1)}%)`);

function table(title: string, groups: [string, EvaluatedPrompt[]][]): void {
  console.log(`\n${title}\n`);
  console.log('| group | prompts | rules only | rules + semantic |');
  console.log('|---|---:|---:|---:|');
  for (const [name, prompts] of groups) console.log(`| ${name} | ${prompts.length} | ${pct(heldRate(prompts, 'rules'))} | ${pct(heldRate(prompts, 'combined'))} |`);
}

const classifier = createSemanticClassifier({ timeoutMs: 30_000 });
const screener = shippedScreener(classifier);
if (!screener.overlay.ruleSet.semantic) throw new Error('The shipped rule set has no semantic part.');
await classifier.warm(screener.overlay.ruleSet.semantic);
const started = performance.now();
const evaluation = await evaluateSplit(screener, split);
const seconds = (performance.now() - started) / 1000;

const { prompts } = evaluation;
const unsafe = unsafeOf(prompts);
const benign = benignOf(prompts);
const isPublic = (p: EvaluatedPrompt) => PUBLIC_SOURCES.includes(p.item.source);
console.log(`# Semantic layer on the ${split} split: policy ${screener.overlay.policy.version}, model ${classifier.model}`);
console.log(
  `${prompts.length} prompts (${unsafe.length} unsafe, ${benign.length} benign); ${evaluation.leftOut} left out (${REGISTRY_CATEGORIES.join(', ')}: the registries decide those, not meaning). ` +
    `Held = review or block. ${seconds.toFixed(0)} s.`,
);

table('## Unsafe prompts held', [
  ['all', unsafe],
  ['public sources (independent)', unsafe.filter(isPublic)],
  ['written for Loupe (loupe-*)', unsafe.filter((p) => !isPublic(p))],
]);
table('## Unsafe prompts held, per category', groupBy(unsafe, (p) => p.item.category).sort(([a], [b]) => a.localeCompare(b)));
table('## Unsafe prompts held, per language', groupBy(unsafe, (p) => p.item.lang));
table('## Unsafe prompts held, per source', groupBy(unsafe, (p) => p.item.source));
table("## Issue 14's kinds (loupe-semantic; unsafe kinds held, benign kinds held = false positives)", groupBy(prompts, (p) => p.item.kind));
table('## Benign prompts held (false positives), near-misses included', [['all', benign], ...groupBy(benign, (p) => p.item.source)]);

console.log(`\n## Obfuscations of the ${unsafe.length} unsafe prompts (test/policies/eval/obfuscations.ts)\n`);
console.log('| technique | rules only | rules + semantic | rules + semantic, of those held plain |');
console.log('|---|---:|---:|---:|');
const heldPlain = new Set(unsafe.filter((p) => p.combined.verdict !== 'allow').map((p) => p.item.text));
for (const { technique, prompts: rewritten } of evaluation.obfuscations) {
  const ofHeld = rewritten.filter((p) => heldPlain.has(p.item.text));
  console.log(`| ${technique} | ${pct(heldRate(rewritten, 'rules'))} | ${pct(heldRate(rewritten, 'combined'))} | ${pct(heldRate(ofHeld, 'combined'))} |`);
}

if (verbose) {
  const describe = (p: EvaluatedPrompt) => {
    const s = p.combined.semantic;
    if (!s || s.status !== 'ok') return `semantic ${s ? `unavailable: ${s.error}` : 'off'}`;
    return `semantic ${s.verdict} ${s.category ?? '-'} ${s.score.toFixed(3)}; nearest [${s.nearest[0]?.label}] "${s.nearest[0]?.text}"`;
  };
  console.log('\n## Unsafe prompts let through\n');
  for (const p of unsafe.filter((u) => u.combined.verdict === 'allow')) console.log(`- [${p.item.source} ${p.item.category} ${p.item.lang}] ${p.text}\n  ${describe(p)}`);
  console.log('\n## Benign prompts held\n');
  for (const p of benign.filter((b) => b.combined.verdict !== 'allow')) console.log(`- [${p.item.source} ${p.item.lang}] (${p.combined.verdict}: ${p.combined.categories.join(', ')}) ${p.text}\n  ${describe(p)}`);
}
