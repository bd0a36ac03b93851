/**
 * `npm run bench`: every benchmark in this folder, one after another (never in parallel: each
 * measures against a baseline in the same run, and they must not share the two cores).
 * `npm run bench -- policy` runs only the benchmarks whose file name contains "policy".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2] ?? '';
const benches = readdirSync(dir).filter((file) => file.endsWith('.bench.ts') && file.includes(filter)).sort();
if (benches.length === 0) {
  console.error(`No benchmark file in scripts/bench matches "${filter}".`);
  process.exit(2);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
