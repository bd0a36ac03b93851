/**
 * Evaluates the live prompt policy on the labeled sets in test/policies/eval/ (public labeled
 * data first, then the hand-written sets) and on generated obfuscations; prints per-category
 * precision/recall and the benign false-positive rate.
 *
 *   npx tsx scripts/eval-policy.ts [--verbose]     (--verbose lists misses and false positives)
 *   npx tsx scripts/eval-policy.ts --people [--verbose] [--dev]
 *       named-person detection only (test/policies/eval/people/): per group on the test half, or on
 *       the development half with --dev (the only half to tune on)
 */
import { compilePolicy, LIVE_RULE_SET } from '../policies/index.js';
import { evaluatePolicy, type EvaluationReport } from '../policies/prompt/evaluate.js';
import { HOLDOUT_PROMPTS } from '../test/policies/eval/labeled-prompts-holdout.js';
import { EVAL_REGISTRIES, LABELED_PROMPTS } from '../test/policies/eval/labeled-prompts.js';
import { TECHNIQUES } from '../test/policies/eval/obfuscations.js';
import { starterPublicFigures } from '../db/seed/protected-persons.js';
import { evaluatePeople } from '../test/policies/eval/people/evaluate-people.js';
import { PEOPLE_EVAL_REGISTRY } from '../test/policies/eval/people/registry.js';
import { peoplePrompts, type PeopleSplit } from '../test/policies/eval/people/split.js';
import { loadPublicPrompts, type PublicPrompt } from '../test/policies/eval/public-prompts.js';

const verbose = process.argv.includes('--verbose');
if (process.argv.includes('--people')) {
  printPeopleEvaluation(process.argv.includes('--dev') ? 'dev' : 'test');
  process.exit(0);
}
const policy = compilePolicy(LIVE_RULE_SET, EVAL_REGISTRIES);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function printCategories(report: EvaluationReport): void {
  console.log('| category | support | precision | recall |');
  console.log('|---|---:|---:|---:|');
  for (const m of report.categories) {
    if (m.support === 0 && m.predicted === 0) continue;
    console.log(`| ${m.category} | ${m.support} | ${pct(m.precision)} | ${pct(m.recall)} |`);
  }
  console.log(
    `\nUnsafe prompts held (review or block): ${report.unsafe.held}/${report.unsafe.total} (${pct(report.unsafe.rate)}). ` +
      `Benign prompts held (false-positive rate): ${report.benign.held}/${report.benign.total} (${pct(report.benign.falsePositiveRate)}).`,
  );
}

function printLanguages(items: typeof LABELED_PROMPTS): void {
  for (const lang of ['en', 'id'] as const) {
    const report = evaluatePolicy(policy, items.filter((p) => p.lang === lang));
    console.log(`${lang}: unsafe held ${pct(report.unsafe.rate)} of ${report.unsafe.total}, benign false positives ${pct(report.benign.falsePositiveRate)} of ${report.benign.total}`);
  }
}

console.log(`Policy ${policy.version}\n`);

const publicSets = loadPublicPrompts();
console.log('## Public labeled data (sources and licenses: test/policies/eval/public/SOURCES.md)\n');
console.log(`Do-Not-Answer prompts whose intents are outside a video prompt policy's categories: ${publicSets.excludedOutOfScope} left out.\n`);
for (const half of ['development', 'held-out'] as const) {
  const items = publicSets.items.filter((p) => p.half === half);
  console.log(`### ${half} half${half === 'development' ? ' (harmful-requests.ts was written after reading it)' : ' (never read while writing rules)'}\n`);
  printSources(items);
  console.log('');
  printCategories(evaluatePolicy(policy, items.filter((p) => p.source !== 'harmbench')));
  console.log('');
}

function printSources(items: PublicPrompt[]): void {
  console.log('| source | prompts | unsafe held | benign held (false positives) |');
  console.log('|---|---:|---:|---:|');
  for (const source of ['vbench', 'do-not-answer', 'harmbench'] as const) {
    const report = evaluatePolicy(policy, items.filter((p) => p.source === source));
    const unsafe = report.unsafe.total ? `${report.unsafe.held}/${report.unsafe.total} (${pct(report.unsafe.rate)})` : '-';
    const benign = report.benign.total ? `${report.benign.held}/${report.benign.total} (${pct(report.benign.falsePositiveRate)})` : '-';
    console.log(`| ${source} | ${report.unsafe.total + report.benign.total} | ${unsafe} | ${benign} |`);
  }
}

const plain = evaluatePolicy(policy, LABELED_PROMPTS);
console.log(`## Development set: ${LABELED_PROMPTS.length} hand-written prompts (rules were tuned on it)\n`);
printCategories(plain);
printLanguages(LABELED_PROMPTS);

const holdout = evaluatePolicy(policy, HOLDOUT_PROMPTS);
console.log(`\n## Held-out set: ${HOLDOUT_PROMPTS.length} hand-written prompts (never used for tuning)\n`);
printCategories(holdout);
printLanguages(HOLDOUT_PROMPTS);

console.log('\n## Generated obfuscations of the development set (every word of 3+ letters rewritten)\n');
console.log('Zero-width characters inside words and Latin/Cyrillic mixing are themselves held for review by design,');
console.log('so benign prompts obfuscated that way are "held" too.\n');
console.log('| technique | unsafe held | category recall (macro) | benign false positives |');
console.log('|---|---:|---:|---:|');
for (const [name, technique] of Object.entries(TECHNIQUES)) {
  const report = evaluatePolicy(policy, LABELED_PROMPTS.map((p) => ({ ...p, text: technique(p.text) })));
  const unsafeCategories = report.categories.filter((m) => m.support > 0);
  const macroRecall = unsafeCategories.reduce((sum, m) => sum + m.recall, 0) / unsafeCategories.length;
  console.log(`| ${name} | ${pct(report.unsafe.rate)} | ${pct(macroRecall)} | ${pct(report.benign.falsePositiveRate)} |`);
}

if (verbose) {
  const publicReport = evaluatePolicy(policy, publicSets.items.filter((p) => p.half === 'development'));
  console.log('\nMisses in the public development half:');
  for (const m of publicReport.misses) console.log(`  [${m.label}] ${m.text}  -> ${m.result.verdict} ${m.result.categories.join(',')}`);
  console.log('\nMisses:');
  for (const m of [...plain.misses, ...holdout.misses]) console.log(`  [${m.label}] ${m.text}  -> ${m.result.verdict} ${m.result.categories.join(',')}`);
  console.log('\nFalse positives on benign prompts:');
  for (const f of [...plain.falsePositives, ...holdout.falsePositives]) console.log(`  ${f.text}  -> ${f.result.reasons.filter((r) => !r.startsWith('allow')).join(' | ')}`);
}

/** Named-person detection on one half of test/policies/eval/people/, per group, with its own registry. */
function printPeopleEvaluation(half: PeopleSplit): void {
  const peoplePolicy = compilePolicy(LIVE_RULE_SET, PEOPLE_EVAL_REGISTRY);
  const prompts = peoplePrompts(half);
  const report = evaluatePeople(peoplePolicy, prompts);
  const p = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(`Policy ${peoplePolicy.version}; ${half} half of the people evaluation: ${prompts.length} prompts`);
  console.log(`(${prompts.filter((x) => x.lang === 'en').length} English, ${prompts.filter((x) => x.lang === 'id').length} Indonesian)\n`);
  console.log('| group | expected | prompts | expected verdict | held (any reason) | held for a person |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const g of report.groups) {
    const expected = prompts.find((x) => x.group === g.group)!.expected;
    console.log(`| ${g.group} | ${expected} | ${g.total} | ${g.correct} (${p(g.accuracy)}) | ${g.held} (${p(g.heldRate)}) | ${g.heldForPerson} |`);
  }
  console.log(
    `\nReal people held: recall ${p(report.recall)}, precision ${p(report.precision)}; protected people blocked: ${p(report.blockRecall)}.` +
      `\nPrompts naming nobody real: held for any reason ${p(report.falsePositiveRate)}, held for a person ${p(report.personFalsePositiveRate)}` +
      ` (precision of person holds ${p(report.personPrecision)}).`,
  );
  // The same prompts against the shipped starter list: some "not in registry" people are in it
  // (blocked rather than reviewed), and the registry groups show what the list covers.
  const starter = evaluatePeople(compilePolicy(LIVE_RULE_SET, { publicFigures: starterPublicFigures() }), prompts);
  console.log(`\nWith the shipped starter list instead (${starterPublicFigures().length} entries):\n`);
  console.log('| group | prompts | blocked | reviewed | allowed |');
  console.log('|---|---:|---:|---:|---:|');
  for (const g of starter.groups) {
    const items = starter.outcomes.filter((o) => o.prompt.group === g.group);
    const count = (v: string) => items.filter((o) => o.verdict === v).length;
    console.log(`| ${g.group} | ${g.total} | ${count('block')} | ${count('review')} | ${count('allow')} |`);
  }
  if (verbose) {
    console.log('\nPrompts without the expected verdict:');
    for (const o of report.outcomes) {
      if (o.verdict !== o.prompt.expected) console.log(`- expected ${o.prompt.expected}, got ${o.verdict} ${o.categories.join(',')}: ${o.prompt.text}`);
    }
  }
}
