/**
 * Hash-bank lookup, issue 13's benchmark: the bank index (activities/copyright/bank-matcher.ts
 * `BankIndex`, one PdqMultiIndex over every bank's hashes, each hit kept within its bank's cut-off)
 * at 1,000,000 PDQ hashes, beside a linear scan over the same hashes in the same run:
 * lookups per second, microseconds per lookup, the ratio, and whether every near copy was found
 * (and found by both). Plus the flood rule's cost per decision (policies/copyright/flood.ts
 * `judgeFlood`, pure; the two counts it needs are one indexed query per matched hash, not measured here).
 *
 * Hashes are random 256-bit values (a worst case for nothing: real PDQ bits are close to balanced),
 * spread over 1,000 banks with cut-off 31. Half the queries are near copies of a stored hash (1..31
 * random bits flipped), half are fresh random hashes (which match nothing).
 *
 *   npm run bench -- banks
 *   npx tsx scripts/bench/banks.bench.ts [--hashes 1000000] [--queries 2000] [--linear-queries 100]
 *
 * The linear scan is the fair baseline: the same packed 32-bit words and 16-bit popcount table as
 * the index's own verification, over every hash, so the ratio is what the indexing buys.
 */
import { cpus, loadavg } from 'node:os';
import { BankIndex } from '../../activities/copyright/bank-matcher';
import { judgeFlood, DEFAULT_FLOOD_RULE } from '../../policies/copyright/flood';
import { seededRandom } from '../../test/support/seeded-random';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} takes a whole number above 0, not ${process.argv[i + 1]}.`);
  return value;
}
const HASHES = option('--hashes', 1_000_000);
const QUERIES = option('--queries', 2_000);
const LINEAR_QUERIES = Math.min(option('--linear-queries', 100), QUERIES);
const BANKS = 1_000;
const CUTOFF = 31;

const random = seededRandom(13);
const words = new Uint32Array(HASHES * 8);
for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32) >>> 0;
const hashAt = (i: number): Uint8Array => {
  const bytes = new Uint8Array(32);
  for (let w = 0; w < 8; w++) {
    const v = words[i * 8 + w]!;
    bytes[w * 4] = v >>> 24; bytes[w * 4 + 1] = (v >>> 16) & 0xff; bytes[w * 4 + 2] = (v >>> 8) & 0xff; bytes[w * 4 + 3] = v & 0xff;
  }
  return bytes;
};

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
let started = performance.now();
const index = new BankIndex(HASHES);
for (let i = 0; i < HASHES; i++) {
  index.add(hashAt(i), { bankId: `bank-${i % BANKS}`, bankHashId: String(i + 1), entityId: null, bankKind: 'positive', cutoff: CUTOFF, quarantined: false, region: 'full' });
}
index.compact();
console.log(`index: ${HASHES.toLocaleString('en')} hashes in ${BANKS} banks built in ${((performance.now() - started) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, typed arrays ${(process.memoryUsage().arrayBuffers / 2 ** 20).toFixed(0)} MiB (the benchmark's own copy of the hashes included: ${((HASHES * 32) / 2 ** 20).toFixed(0)} MiB)`);

// Queries: even = near copy of a stored hash (1..31 bits flipped), odd = fresh random hash.
const queries: { hash: Uint8Array; source: number | null; flips: number }[] = [];
for (let q = 0; q < QUERIES; q++) {
  if (q % 2 === 0) {
    const source = Math.floor(random() * HASHES);
    const hash = hashAt(source);
    const flips = 1 + Math.floor(random() * CUTOFF);
    const bits = new Set<number>();
    while (bits.size < flips) bits.add(Math.floor(random() * 256));
    for (const b of bits) hash[b >> 3]! ^= 1 << (b & 7);
    queries.push({ hash, source, flips });
  } else {
    queries.push({ hash: new Uint8Array(32).map(() => Math.floor(random() * 256)), source: null, flips: 0 });
  }
}

const POPCOUNT16 = (() => {
  const table = new Uint8Array(1 << 16);
  for (let i = 1; i < table.length; i++) table[i] = (i & 1) + table[i >> 1]!;
  return table;
})();
const pop = (v: number) => POPCOUNT16[v & 0xffff]! + POPCOUNT16[v >>> 16]!;
function linearScan(hash: Uint8Array): number[] {
  const q = new Uint32Array(8);
  for (let w = 0; w < 8; w++) q[w] = ((hash[w * 4]! << 24) | (hash[w * 4 + 1]! << 16) | (hash[w * 4 + 2]! << 8) | hash[w * 4 + 3]!) >>> 0;
  const found: number[] = [];
  for (let i = 0, b = 0; i < HASHES; i++, b += 8) {
    let d = pop(words[b]! ^ q[0]!) + pop(words[b + 1]! ^ q[1]!) + pop(words[b + 2]! ^ q[2]!) + pop(words[b + 3]! ^ q[3]!);
    if (d > CUTOFF) continue;
    d += pop(words[b + 4]! ^ q[4]!) + pop(words[b + 5]! ^ q[5]!) + pop(words[b + 6]! ^ q[6]!) + pop(words[b + 7]! ^ q[7]!);
    if (d <= CUTOFF) found.push(i);
  }
  return found;
}

// Warm-up, then the index over every query.
for (let q = 0; q < 50; q++) index.match(queries[q]!.hash);
const indexTimes: number[] = [];
const indexFound: Set<string>[] = [];
for (const query of queries) {
  const t = performance.now();
  const hits = index.match(query.hash);
  indexTimes.push(performance.now() - t);
  indexFound.push(new Set(hits.map((h) => h.bankHashId)));
}
let nearFound = 0;
let near = 0;
for (let q = 0; q < QUERIES; q++) {
  const source = queries[q]!.source;
  if (source === null) continue;
  near++;
  if (indexFound[q]!.has(String(source + 1))) nearFound++;
}

let agree = 0;
const linearTimes: number[] = [];
for (let q = 0; q < LINEAR_QUERIES; q++) {
  const t = performance.now();
  const found = linearScan(queries[q]!.hash);
  linearTimes.push(performance.now() - t);
  const same = found.length === indexFound[q]!.size && found.every((i) => indexFound[q]!.has(String(i + 1)));
  if (same) agree++;
}

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return { meanUs: mean * 1000, p50Us: sorted[Math.floor(sorted.length * 0.5)]! * 1000, p95Us: sorted[Math.floor(sorted.length * 0.95)]! * 1000, perSecond: 1000 / mean };
};
const ix = stats(indexTimes);
const lin = stats(linearTimes);
const fmt = (s: ReturnType<typeof stats>) => `${s.perSecond.toFixed(0)} lookups/s, mean ${s.meanUs.toFixed(0)} µs, p50 ${s.p50Us.toFixed(0)} µs, p95 ${s.p95Us.toFixed(0)} µs`;
console.log(`bank index   (${QUERIES} lookups): ${fmt(ix)}`);
console.log(`linear scan  (${LINEAR_QUERIES} lookups): ${fmt(lin)}`);
console.log(`ratio: the index is ${(lin.meanUs / ix.meanUs).toFixed(0)}x faster per lookup`);
console.log(`near copies (1..31 bits) found by the index: ${nearFound}/${near}; index and linear scan agree on ${agree}/${LINEAR_QUERIES} lookups`);

// The flood rule's own cost per decision.
const FLOOD_RUNS = 1_000_000;
started = performance.now();
let floods = 0;
for (let i = 0; i < FLOOD_RUNS; i++) if (judgeFlood({ recentMatches: i % 40, baselineMatches: i % 500 }, DEFAULT_FLOOD_RULE).flood) floods++;
console.log(`flood rule: ${(((performance.now() - started) / FLOOD_RUNS) * 1000).toFixed(2)} µs per decision (${floods} floods in ${FLOOD_RUNS.toLocaleString('en')} decisions)`);
if (nearFound !== near || agree !== LINEAR_QUERIES) {
  console.error('The index missed a near copy or disagreed with the linear scan.');
  process.exit(1);
}
