/**
 * Prints how many labeled prompts the semantic evaluation set holds (test/policies/eval/
 * semantic-eval-set.ts), per source, category, language and label, each by train / dev / test.
 *
 *   npx tsx scripts/eval-data/semantic-eval-counts.ts                    # the tables
 *   npx tsx scripts/eval-data/semantic-eval-counts.ts --detail           # also source x label x category x language
 *   npx tsx scripts/eval-data/semantic-eval-counts.ts --update-manifest  # record new prompts' splits
 *
 * `--update-manifest` adds every prompt not yet in test/policies/eval/split-manifest.tsv with its
 * split, and refuses (exit 1, nothing written) when a recorded prompt's split would change: a
 * prompt never moves between splits (see test/policies/eval/splits.ts).
 */
import { writeFileSync } from 'node:fs';
import { countSemanticEvalSet, loadSemanticEvalSet, SPLITS, type SplitCounts } from '../../test/policies/eval/semantic-eval-set.js';
import { readSplitManifest, SPLIT_MANIFEST, splitKey } from '../../test/policies/eval/splits.js';

const HEADER = '# sha256 of the normalised prompt text (first 16 hex digits) <TAB> split; see test/policies/eval/splits.ts. Only added to, never changed.';

function updateManifest(): void {
  let recorded: Map<string, string>;
  try {
    recorded = readSplitManifest();
  } catch {
    recorded = new Map();
  }
  const moved: string[] = [];
  let added = 0;
  for (const item of loadSemanticEvalSet()) {
    const key = splitKey(item.text);
    const before = recorded.get(key);
    if (before === undefined) {
      recorded.set(key, item.split);
      added++;
    } else if (before !== item.split) {
      moved.push(`${item.source}: "${item.text}" was ${before}, would be ${item.split}`);
    }
  }
  if (moved.length) {
    console.error(`Refused: ${moved.length} recorded prompt(s) would change split:\n${moved.join('\n')}`);
    process.exit(1);
  }
  const lines = [...recorded].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, split]) => `${key}\t${split}`);
  writeFileSync(SPLIT_MANIFEST, `${HEADER}\n${lines.join('\n')}\n`);
  console.log(`split-manifest.tsv: ${added} added, ${recorded.size} recorded`);
}

function table(title: string, rows: Record<string, SplitCounts>): void {
  const width = Math.max(title.length, ...Object.keys(rows).map((k) => k.length));
  const cols = [...SPLITS, 'total'] as const;
  console.log(`\n${title.padEnd(width)}  ${cols.map((c) => c.padStart(6)).join(' ')}`);
  for (const [key, row] of Object.entries(rows).sort(([a], [b]) => (a < b ? -1 : 1))) {
    console.log(`${key.padEnd(width)}  ${cols.map((c) => String(row[c]).padStart(6)).join(' ')}`);
  }
}

function main(): void {
  if (process.argv.includes('--update-manifest')) return updateManifest();
  const counts = countSemanticEvalSet();
  table('all', { all: counts.total });
  table('source', counts.bySource);
  table('label', counts.byLabel);
  table('category', counts.byCategory);
  table('language', counts.byLang);
  if (process.argv.includes('--detail')) table('source\tlabel\tcategory\tlanguage', counts.bySourceLabelCategoryLang);
}

main();
